// Test fixture only: lets the infra tests synthesize before the real functions/handlers/exports.ts exists.
export const handler = async () => ({ statusCode: 204 });
