export * from './group-commit';
export * from './poller';
export * from './each-with-limit';
