export * from './create-service-app';
export * from './heap-growth';
export * from './run-service';
export * from './service-definition';
export * from './service-identity';
export * from './service-kernel.module';
export * from './service-tracing';
export * from './settings.token';
