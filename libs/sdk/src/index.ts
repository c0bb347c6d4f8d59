export * from './api-reply';
export * from './public-api-client';
export * from './typed-paths';
export type { components, paths } from './generated/public-api';
export * from './event-stream';
export * from './campaign-progress';
export type { CursorPage, PageItem } from './pagination';
export { DEFAULT_RETRY_POLICY, retryAfterMs, type RetryPolicy } from './retry-policy';
export * from './webhook-signature';
