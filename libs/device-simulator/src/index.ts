export * from './device-fleet';
export * from './fleet-state';
export * from './mobile-numbers';
export * from './provision-devices';
export * from './register-phone';
export * from './simulated-phone';
export * from './simulated-air';
