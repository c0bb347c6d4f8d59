export * from './fake-http-server';
export * from './report-receiver';
export * from './twilio';
export * from './vonage';
export * from './plivo';
export * from './sns';
