export * from './error-reports';
export * from './scrub-event';
export * from './sentry-error-reporting';
export * from './flush-error-reports-on-shutdown';
