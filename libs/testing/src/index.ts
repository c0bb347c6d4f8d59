export * from './test-namespace';
