export * from './billing-call-error';
export * from './billing-client';
