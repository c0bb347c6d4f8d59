export * from './group-commit';
export * from './poller';
