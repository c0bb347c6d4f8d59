export * from './access-token-claims';
export * from './device-token-verifier';
export * from './identity.module';
export * from './principal';
export * from './signing-key-cache';
export * from './token-claims';
export * from './token-verification.error';
