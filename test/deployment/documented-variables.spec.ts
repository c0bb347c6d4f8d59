import { documentedVariables, isPlaceholder, parseDocumentedVariables, statedDefault } from './documented-variables';
import { environmentReads, readsIn } from './environment-reads';
import { CONFIG_VARIABLES, SECRET_VARIABLES, SETTINGS_OWNERS, SHARED_SECTION } from './platform-variables';

/**
 * docs/operations.md lists every environment variable the code reads, under the service whose
 * config reads it, with the default the config class has: a setting added without a row, or a row
 * left behind by a removed setting, fails here by name.
 */

const OUTSIDE_SECTION = 'Tools, the image and tests';

/** What each section of the page must list: a config class's own settings, and what is read outside them. */
function expectedSections(): Map<string, string[]> {
  const expected = new Map(SETTINGS_OWNERS.map((owner) => [owner.section, [...owner.names].sort()]));
  const outside = [...environmentReads().keys()].filter((name) => !CONFIG_VARIABLES.has(name));
  expected.set(OUTSIDE_SECTION, outside.sort());
  return expected;
}

/** An instance's default as the page writes it: lists comma-separated, absent ones (and empty lists) as none. */
function formatDefault(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length > 0 ? value.join(',') : undefined;
  return value === undefined ? undefined : String(value);
}

describe('docs/operations.md, Configuration', () => {
  const { variables, malformed } = documentedVariables();

  it('keeps its tables in the parseable shape: one `NAME` per row, default, secret (yes or empty), meaning', () => {
    expect(malformed).toEqual([]);
    expect(variables.length).toBeGreaterThan(50);
  });

  it('lists every variable the code reads under the service that reads it, and none that nothing reads', () => {
    const documented = new Map<string, string[]>();
    for (const { section, name } of variables) documented.set(section, [...(documented.get(section) ?? []), name]);
    const problems: Record<string, { missing: string[]; stale: string[] }> = {};
    for (const section of new Set([...expectedSections().keys(), ...documented.keys()])) {
      const wanted = expectedSections().get(section) ?? [];
      const listed = documented.get(section) ?? [];
      const missing = wanted.filter((name) => !listed.includes(name));
      const stale = listed.filter((name) => !wanted.includes(name));
      if (missing.length > 0 || stale.length > 0) problems[`### ${section}`] = { missing, stale };
    }
    expect(problems).toEqual({});
  });

  it('lists each variable once per section', () => {
    const seen = variables.map(({ section, name }) => `${section}: ${name}`);
    expect(seen.filter((entry, index) => seen.indexOf(entry) !== index)).toEqual([]);
  });

  it('states each default as the config class has it', () => {
    const wrong: string[] = [];
    for (const owner of SETTINGS_OWNERS) {
      const defaults = new owner.settingsClass() as Record<string, unknown>;
      for (const row of variables.filter(({ section }) => section === owner.section)) {
        const stated = statedDefault(row.defaultCell);
        const actual = formatDefault(defaults[row.name]);
        if (stated !== undefined && isPlaceholder(stated)) continue;
        if (stated !== actual) wrong.push(`${row.name} (line ${row.line}): documented ${stated ?? 'none'}, code ${actual ?? 'none'}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('marks as secret exactly the variables the Kubernetes Secret holds', () => {
    const marked = [...new Set(variables.filter(({ secret }) => secret).map(({ name }) => name))].sort();
    expect(marked).toEqual([...SECRET_VARIABLES].sort());
  });

  it(`names "${SHARED_SECTION}" and every service's section as the config classes know them`, () => {
    expect(SETTINGS_OWNERS.map(({ section }) => section)).toEqual(expect.arrayContaining([SHARED_SECTION, 'otp', 'billing']));
  });
});

describe('the documentation parser', () => {
  const page = [
    '## Running locally',
    '| `IGNORED` | `1` | | not under Configuration |',
    '## Configuration',
    '### Every service',
    '| variable | default | secret | meaning |',
    '|---|---|---|---|',
    '| `DATABASE_URL` | `postgres://x` | yes | where |',
    '| `A` / `B` | `1` | | two names in one row |',
    '### billing',
    '| `BILLING_CURRENCY` | `USD` (dollars) | | currency |',
    '## Health and metrics',
    '| `GET /health` | ok | liveness |',
  ].join('\n');

  it('reads the rows under Configuration with their section, and reports rows of another shape', () => {
    const { variables, malformed } = parseDocumentedVariables(page);
    expect(variables.map(({ name, section, secret }) => [name, section, secret])).toEqual([
      ['DATABASE_URL', 'Every service', true],
      ['BILLING_CURRENCY', 'billing', false],
    ]);
    expect(malformed).toEqual(['line 8: | `A` / `B` | `1` | | two names in one row |']);
  });

  it('takes the first code span of the default as its value, and tells placeholders apart', () => {
    expect(statedDefault('`3600000` (1 h)')).toBe('3600000');
    expect(statedDefault('(none)')).toBeUndefined();
    expect(isPlaceholder('<hostname>-<pid>')).toBe(true);
    expect(isPlaceholder('http://localhost:3000/app/billing?checkout=success')).toBe(false);
  });
});

describe('the environment scan', () => {
  it('finds process.env and env reads in TypeScript and ${X:-} reads in shell scripts', () => {
    const code = 'const a = process.env.ZAGEL_A ?? env.ZAGEL_B; const c = process.env["ZAGEL_C"]; env?.ZAGEL_D;';
    expect(readsIn('tools/x.ts', code)).toEqual(['ZAGEL_A', 'ZAGEL_B', 'ZAGEL_C', 'ZAGEL_D']);
    expect(readsIn('tools/x.sh', 'WAIT="${ZAGEL_WAIT:-60}"; echo "$HOME ${LOCAL}"')).toEqual(['ZAGEL_WAIT']);
  });

  it('finds the reads that live outside the config classes', () => {
    expect([...environmentReads().keys()]).toEqual(expect.arrayContaining(['APP', 'ZAGEL_API_URL', 'TEST_LOG_LEVEL']));
  });
});
