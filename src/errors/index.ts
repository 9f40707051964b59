export { ApiError } from './api-error.ts';
export { AuthError } from './auth-error.ts';
export { ConfigError } from './config-error.ts';
export { DataError } from './data-error.ts';
export { TransientApiError } from './transient-api-error.ts';
