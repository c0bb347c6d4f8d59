export * from './child-processes';
export * from './line-splitter';
export * from './process-output';
export * from './restart-policy';
export * from './run-process';
export * from './supervised-process';
export * from './wait-for-ready';
