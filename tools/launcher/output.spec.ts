import { formatSeconds, LauncherOutput, linePrefix, readySummary, useColor } from './output';
import { planServices } from './service-plan';

describe('launcher output', () => {
  it('pads names to one column and colors them only when asked', () => {
    expect(linePrefix('billing', 15, 36, false)).toBe('billing         | ');
    expect(linePrefix('billing', 8, 36, true)).toBe('\u001b[36mbilling \u001b[0m | ');
  });

  it('colors a terminal unless NO_COLOR, and anything with FORCE_COLOR', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '' })).toBe(false);
    expect(useColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
  });

  it('prefixes every line with its source, stderr to stderr', () => {
    const out: string[] = [];
    const err: string[] = [];
    const output = new LauncherOutput(['auth', 'pool-dispatcher'], false, { write: (text) => out.push(text) }, { write: (text) => err.push(text) });

    output.service('auth', 'listening', 'stdout');
    output.service('pool-dispatcher', 'oops', 'stderr');
    output.say('all good');
    output.say('Redis is not reachable', 'bad');

    expect(out).toEqual(['auth            | listening\n', 'launcher        | all good\n']);
    expect(err).toEqual(['pool-dispatcher | oops\n', 'launcher        | Redis is not reachable\n']);
  });

  it('formats durations for people', () => {
    expect(formatSeconds(1_234)).toBe('1.2 s');
    expect(formatSeconds(42_400)).toBe('42 s');
  });

  it('summarizes where everything is, with the gateway entry points', () => {
    const plans = planServices(['api-gateway', 'billing'], { rootDir: '/repo', env: {}, terminal: false });

    expect(readySummary(plans, [], 6_200)).toEqual([
      'all 2 services are ready after 6.2 s',
      '  api-gateway  http://localhost:3000',
      '  billing      http://localhost:3003',
      'API:       http://localhost:3000/v1',
      'Docs:      http://localhost:3000/docs',
      'Readiness: curl localhost:3000/health/ready',
      'Ctrl-C stops everything.',
    ]);
  });

  it('says which services are not ready, and leaves out the gateway lines without a gateway', () => {
    const plans = planServices(['auth', 'billing'], { rootDir: '/repo', env: {}, terminal: false });

    expect(readySummary(plans, ['billing'], 90_000)).toEqual([
      '1 of 2 services ready; not ready after 90 s: billing (see their output above)',
      '  auth     http://localhost:3002',
      '  billing  http://localhost:3003  (not ready)',
      'Ctrl-C stops everything.',
    ]);
  });
});
