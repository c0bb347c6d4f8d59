export * from './group-commit';
export * from './poller';
export * from './concurrency-limit';
export * from './expiring-cache';
export * from './each-with-limit';
export * from './bookkeeping-linger';
