import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * Apps meet only on the bus: an app never imports another app, a lib never imports an
 * app, and a lib is used only through its public entry (`@zagel/<lib>`), never deep.
 */

const ROOT = join(__dirname, '..', '..');
const LIB_ALIAS = /^@zagel\/([^/]+)(\/.*)?$/;

interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

/** `apps/billing/src/x.ts` → { kind: 'apps', name: 'billing' }; paths are repo-relative with `/`. */
function ownerOf(path: string): { kind: 'apps' | 'libs'; name: string } | undefined {
  const [kind, name] = path.split('/');
  return (kind === 'apps' || kind === 'libs') && name ? { kind, name } : undefined;
}

/** Where a specifier points inside the repo, if it is a path (relative, or from the root via baseUrl). */
function targetPath(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return posix.normalize(posix.join(posix.dirname(file), specifier));
  if (/^(apps|libs)\//.test(specifier)) return posix.normalize(specifier);
  return undefined;
}

/** The rules, for one import in one file (repo-relative, `/`-separated). */
function checkImport(file: string, specifier: string, knownLibs: ReadonlySet<string>): string | undefined {
  const from = ownerOf(file);
  const alias = LIB_ALIAS.exec(specifier);
  if (alias) {
    if (!knownLibs.has(alias[1])) return `@zagel/${alias[1]} is not a lib`;
    if (alias[2]) return `deep import: use @zagel/${alias[1]}`;
    return undefined;
  }
  const path = targetPath(file, specifier);
  const to = path === undefined ? undefined : ownerOf(path);
  if (!from || !to) return undefined;
  if (from.kind === 'libs' && to.kind === 'apps') return `a lib imports the app ${to.name}`;
  if (from.kind === 'apps' && to.kind === 'apps' && to.name !== from.name) return `the app ${from.name} imports the app ${to.name}`;
  if (to.kind === 'libs' && !(from.kind === 'libs' && to.name === from.name)) return `reaches into libs/${to.name}: use @zagel/${to.name}`;
  return undefined;
}

function typeScriptFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFilesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file mentions: imports, re-exports, import types, require() and import(). */
function specifiersOf(source: string): string[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles.map((imported) => imported.fileName);
}

function findViolations(knownLibs: ReadonlySet<string>): { scanned: number; violations: Violation[] } {
  const files = ['apps', 'libs'].flatMap((top) => typeScriptFilesUnder(join(ROOT, top)));
  const violations = files.flatMap((absolute) => {
    const file = relative(ROOT, absolute).split(sep).join('/');
    return specifiersOf(readFileSync(absolute, 'utf8')).flatMap((specifier) => {
      const rule = checkImport(file, specifier, knownLibs);
      return rule ? [{ file, specifier, rule }] : [];
    });
  });
  return { scanned: files.length, violations };
}

const KNOWN_LIBS = new Set(
  readdirSync(join(ROOT, 'libs'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name),
);

describe('import boundaries', () => {
  describe('the rules', () => {
    const check = (file: string, specifier: string) => checkImport(file, specifier, new Set(['config', 'messaging']));

    it.each([
      ['apps/otp/src/otp.module.ts', './verifications/verifications.module'],
      ['apps/otp/test/otp.test.ts', '../src/otp.app'],
      ['apps/otp/src/otp.module.ts', '@zagel/messaging'],
      ['libs/messaging/src/publisher.ts', './topology'],
      ['libs/messaging/test/bus.test.ts', '../src/index'],
      ['libs/messaging/src/publisher.ts', '@zagel/config'],
      ['apps/api-gateway/src/app.module.ts', './auth/auth.module'],
      ['apps/otp/src/main.ts', '@nestjs/core'],
      ['apps/otp/src/main.ts', 'node:crypto'],
    ])('allows %s → %s', (file, specifier) => {
      expect(check(file, specifier)).toBeUndefined();
    });

    it.each([
      ['apps/otp/src/otp.module.ts', '../../billing/src/billing.app', 'the app otp imports the app billing'],
      ['apps/otp/src/otp.module.ts', 'apps/billing/src/billing.app', 'the app otp imports the app billing'],
      ['apps/otp/test/otp.test.ts', '../../auth/src/config', 'the app otp imports the app auth'],
      ['libs/messaging/src/publisher.ts', '../../../apps/otp/src/config', 'a lib imports the app otp'],
      ['libs/messaging/src/publisher.ts', 'apps/otp/src/config', 'a lib imports the app otp'],
      ['apps/otp/src/otp.module.ts', '@zagel/messaging/src/publisher', 'deep import: use @zagel/messaging'],
      ['apps/otp/src/otp.module.ts', '@zagel/messaging/publisher', 'deep import: use @zagel/messaging'],
      ['apps/otp/src/otp.module.ts', '@zagel/nothing', '@zagel/nothing is not a lib'],
      ['apps/otp/src/otp.module.ts', '../../../libs/messaging/src', 'reaches into libs/messaging: use @zagel/messaging'],
      ['libs/messaging/src/publisher.ts', '../../config/src/namespace', 'reaches into libs/config: use @zagel/config'],
      ['libs/messaging/src/publisher.ts', 'libs/config/src', 'reaches into libs/config: use @zagel/config'],
    ])('refuses %s → %s', (file, specifier, rule) => {
      expect(check(file, specifier)).toBe(rule);
    });

    it('sees every kind of import the compiler knows', () => {
      const source = [
        `import { a } from './a';`,
        `import type { B } from './b';`,
        `export * from './c';`,
        `const d = require('./d');`,
        `const e = () => import('./e');`,
        `import './f';`,
      ].join('\n');
      expect(specifiersOf(source)).toEqual(['./a', './b', './c', './d', './e', './f']);
    });
  });

  it('hold across apps/ and libs/', () => {
    const { scanned, violations } = findViolations(KNOWN_LIBS);
    expect(scanned).toBeGreaterThan(0);
    const report = violations.map(({ file, specifier, rule }) => `${file}: '${specifier}': ${rule}`);
    expect(report).toEqual([]);
  });
});
