export * from './group-commit';
export * from './poller';
export * from './expiring-cache';
