import { SERVICE_NAMES } from '@zagel/config';
import { parseLauncherArgs } from './cli';

describe('parseLauncherArgs', () => {
  it('starts every service by default, waiting 90 s for readiness', () => {
    expect(parseLauncherArgs([])).toEqual({ kind: 'start', services: SERVICE_NAMES, readyTimeoutMs: 90_000 });
  });

  it.each([
    [['--only', 'billing,auth']],
    [['--only=auth,billing']],
    [['--only', 'billing', 'auth']],
    [['--only', 'billing', '--only', 'auth']],
    [['--only', ' billing , auth ,']],
  ])('takes a subset from %j, in platform order', (argv) => {
    expect(parseLauncherArgs(argv)).toMatchObject({ kind: 'start', services: ['auth', 'billing'] });
  });

  it('migrates the database services only', () => {
    expect(parseLauncherArgs(['--migrate-only'])).toEqual({
      kind: 'migrate',
      services: ['auth', 'billing', 'ingestion', 'otp', 'pool-dispatcher', 'provider-sender'],
    });
    expect(parseLauncherArgs(['--migrate-only', '--only', 'api-gateway,otp'])).toEqual({ kind: 'migrate', services: ['otp'] });
  });

  it('reads the readiness timeout in seconds', () => {
    expect(parseLauncherArgs(['--ready-timeout', '2.5'])).toMatchObject({ readyTimeoutMs: 2_500 });
    expect(parseLauncherArgs(['--ready-timeout=30'])).toMatchObject({ readyTimeoutMs: 30_000 });
  });

  it('answers help', () => {
    expect(parseLauncherArgs(['--only', 'billing', '-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--only'], /needs at least one service/],
    [['--only', ','], /needs at least one service/],
    [['--only', 'billing,smtp'], /unknown service smtp; services are api-gateway, /],
    [['--migrate-only', '--only', 'device-gateway'], /none of device-gateway has a database/],
    [['--ready-timeout', 'soon'], /needs a number of seconds/],
    [['--ready-timeout'], /needs a number of seconds/],
    [['--verbose'], /unknown option --verbose/],
    [['billing'], /unknown option billing/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseLauncherArgs(argv)).toThrow(message);
  });
});
