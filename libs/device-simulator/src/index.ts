export * from './device-api-client';
export * from './device-fleet';
export * from './fleet-state';
export * from './mobile-numbers';
export * from './provision-devices';
export * from './simulated-phone';
