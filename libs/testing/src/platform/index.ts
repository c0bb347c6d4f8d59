export * from './bus-probe';
export * from './platform-settings';
export * from './service-database';
export * from './service-instance';
export * from './test-platform';
export * from './accounts';
export * from './phones';
export { REPOSITORY_ROOT, serviceEntry } from './repository-root';
