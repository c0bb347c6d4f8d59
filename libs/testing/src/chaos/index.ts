export * from './broker-connections';
export * from './chaos-checks';
export * from './chaos-run';
export * from './counting-provider';
export * from './otp-load';
export * from './private-redis';
export * from './chaos-report';
