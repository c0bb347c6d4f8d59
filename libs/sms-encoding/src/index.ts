export * from './sms-encoding';
export * from './binary-sms';
export * from './sms-format';
