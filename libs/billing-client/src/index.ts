export * from './billing-call-error';
export * from './billing-client';
export * from './allowance/allowance-scripts';
export * from './allowance/prepaid-allowance';
