export * from './api-reply';
export * from './public-api-client';
export * from './typed-paths';
export type { components, paths } from './generated/public-api';
export * from './event-stream';
