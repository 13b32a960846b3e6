// Test fixture only: lets the infra tests synthesize before the real functions/handlers/rulesets.ts exists.
export const handler = async () => ({ statusCode: 204 });
