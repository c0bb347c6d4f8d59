import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packageDir = join(__dirname, '..');

interface PackedFile {
  path: string;
}

/**
 * What `npm publish` would upload, as npm itself lists it: `npm pack --dry-run` runs the package's
 * prepack build (tsc into dist/) and names every file of the tarball.
 */
describe('@zagel/sdk as a package', () => {
  let files: string[];
  let manifest: { name: string; main: string; types: string; exports: Record<string, { types: string; default: string }> };

  beforeAll(async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts=false'], { cwd: packageDir, maxBuffer: 16 * 1024 * 1024 });
    const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { name: string; files: PackedFile[] }[];
    files = packed.files.map((file) => file.path);
    manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as typeof manifest;
  }, 120_000);

  it('ships the built JavaScript and declarations its entry points name, the README, and no sources or tests', () => {
    expect(manifest.name).toBe('@zagel/sdk');
    const entryPoints = [manifest.main, manifest.types, manifest.exports['.'].default, manifest.exports['.'].types].map((path) => path.replace(/^\.\//, ''));
    expect(entryPoints).toEqual(['dist/index.js', 'dist/index.d.ts', 'dist/index.js', 'dist/index.d.ts']);
    expect(files).toEqual(expect.arrayContaining([...entryPoints, 'dist/webhook-signature.js', 'dist/webhook-signature.d.ts', 'README.md', 'package.json']));
    expect(files.filter((path) => /(^|\/)(src|test)\/|\.spec\.|\.test\.|\.ts$(?<!\.d\.ts)|tsconfig|\.map$/.test(path))).toEqual([]);
  });

  it('loads from its entry point in a plain Node process, with the client and the webhook check', async () => {
    const probe = "const sdk = require(process.argv[1]); console.log(JSON.stringify([typeof sdk.PublicApiClient, typeof sdk.verifyWebhook, typeof sdk.ApiError]))";
    const { stdout } = await run(process.execPath, ['-e', probe, packageDir]);
    expect(JSON.parse(stdout)).toEqual(['function', 'function', 'function']);
  });
});
