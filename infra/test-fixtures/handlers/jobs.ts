// Test fixture only: lets the infra tests synthesize the jobs function without bundling the real one.
export const handler = async () => ({ batchItemFailures: [] });
