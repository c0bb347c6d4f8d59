// The dashboard's build: `npm run build` runs it after tsc, into dist/dashboard, which the api-gateway
// serves at /app/. Every text file is also written brotli- and gzip-compressed beside itself, so the
// gateway sends the smaller form without compressing on each request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '../../dist/dashboard');
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const precompress = {
  name: 'zagel-precompress',
  apply: 'build',
  closeBundle() {
    for (const path of filesUnder(outDir).filter((file) => COMPRESSIBLE.test(file))) {
      const content = readFileSync(path);
      writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
    }
  },
};

export default defineConfig({
  root: here,
  base: '/app/',
  logLevel: 'warn',
  resolve: { alias: { '@zagel/sdk': join(here, '../../libs/sdk/src/index.ts') } },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    rollupOptions: {
      // React Server Components' "use client" markers mean nothing in a client-only bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  plugins: [precompress],
});
