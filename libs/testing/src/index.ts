export * from './cleanup';
export * from './eventually';
export * from './free-port';
export * from './platform-processes';
export * from './queue-drain';
export * from './test-namespace';
export * from './typescript-child';
export * from './fake-stripe';
