export * from './sms-encoding';
