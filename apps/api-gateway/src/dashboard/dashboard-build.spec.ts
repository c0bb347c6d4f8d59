import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDashboardBuild } from './dashboard-build';
import { pickEncoding } from './dashboard.module';

describe('the dashboard build as the gateway serves it', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dashboard-build-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is missing until index.html is built', () => {
    expect(loadDashboardBuild(dir)).toBeUndefined();
  });

  it('holds each file once, with its precompressed forms, hashed assets immutable', () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<html></html>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'export const answer = 1;');
    writeFileSync(join(dir, 'assets', 'index-abc123.js.br'), 'BR');
    writeFileSync(join(dir, 'assets', 'index-abc123.js.gz'), 'GZ');
    const files = loadDashboardBuild(dir)!;
    expect([...files.keys()].sort()).toEqual(['assets/index-abc123.js', 'index.html']);
    expect(files.get('index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8', immutable: false, br: undefined, gzip: undefined });
    const script = files.get('assets/index-abc123.js')!;
    expect(script).toMatchObject({ contentType: 'text/javascript; charset=utf-8', immutable: true });

    expect(pickEncoding(script, 'gzip, deflate, br')).toEqual({ body: Buffer.from('BR'), encoding: 'br' });
    expect(pickEncoding(script, 'gzip')).toEqual({ body: Buffer.from('GZ'), encoding: 'gzip' });
    expect(pickEncoding(script, '')).toEqual({ body: Buffer.from('export const answer = 1;') });
    expect(pickEncoding(files.get('index.html')!, 'br')).toEqual({ body: Buffer.from('<html></html>') });
  });
});
