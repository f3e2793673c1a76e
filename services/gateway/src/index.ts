export { buildApp } from './app.js';
export type { AppDeps, GatewayApp } from './app.js';
export { gatewayConfig, hmacConfig } from './config.js';
export type { GatewayConfig, GatewayConfigInput } from './config.js';
export { createBatchingProducer } from './batching-producer.js';
export type { BatchingProducer } from './batching-producer.js';
export { createTokenBucketLimiter } from './rate-limiter.js';
export { verifySignature } from './signature.js';
export { openApiDocument } from './openapi.js';
