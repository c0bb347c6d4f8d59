import SlowestSuitesReporter, { formatSlowestSuites, slowestSuites } from './slowest-suites-reporter';

const suite = (file: string, seconds: number, project = 'integration') => ({ file, project, seconds });

describe('the slowest-suites reporter', () => {
  it('ranks test files slowest first, at most `count`, ties by name', () => {
    const suites = [suite('b.test.ts', 3), suite('a.test.ts', 3), suite('c.test.ts', 9), suite('d.test.ts', 1)];

    expect(slowestSuites(suites, 3).map(({ file }) => file)).toEqual(['c.test.ts', 'a.test.ts', 'b.test.ts']);
    expect(slowestSuites(suites, 10)).toHaveLength(4);
  });

  it('prints one aligned line per file under a heading with the run totals', () => {
    const table = formatSlowestSuites([suite('slow.test.ts', 123.45), suite('quick.spec.ts', 0.5, 'unit'), suite('x.spec.ts', 0.1)], 2);

    expect(table.split('\n')).toEqual([
      '2 slowest of 3 test files (together 124 s of test-file time):',
      '  123.5 s  slow.test.ts  (integration)',
      '    0.5 s  quick.spec.ts  (unit)',
    ]);
  });

  it('collects each file as Jest reports it and prints the table once the run is over', async () => {
    const written: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const reporter = new SlowestSuitesReporter({ rootDir: '/repo' }, { count: 1 });
      const result = (file: string, start: number, end: number) => ({ testFilePath: `/repo/${file}`, perfStats: { start, end } });
      reporter.onTestResult({ context: { config: { displayName: { name: 'unit' } } } }, result('libs/a.spec.ts', 1_000, 1_500));
      reporter.onTestResult({ context: { config: {} } }, result('libs/b.test.ts', 1_000, 4_000));

      reporter.onRunComplete();
      expect(written).toEqual([]);
      await new Promise((resolve) => setImmediate(resolve));

      expect(written.join('')).toBe('\n1 slowest of 2 test files (together 4 s of test-file time):\n  3.0 s  libs/b.test.ts\n');
    } finally {
      write.mockRestore();
    }
  });
});
