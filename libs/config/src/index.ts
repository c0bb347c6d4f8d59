export * from './load-config';
export * from './namespace';
export * from './platform.config';
export * from './services';
