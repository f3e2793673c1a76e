export { TokenAuth, sha256Hex, ROLES } from './auth.js';
export type { Role, TokenSpec, Principal } from './auth.js';
export { createHttpServer } from './server.js';
export type { HttpServer, HttpServerOptions } from './server.js';
export { tokensFromEnv } from './dev-token.js';
