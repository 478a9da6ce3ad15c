import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
// a path outside node_modules, so that vitest transforms it instead of handing it to Node
const WASM = `${process.cwd()}/.wasm-module/`;

// Tests share one embedded PGlite (or the PostgreSQL server named by TEST_DATABASE_URL);
// each test file gets its own fresh database schema, see test/support/db.ts.
export default defineConfig({
  // The Worker entry imports the photo codecs as `.wasm?module` (wrangler's compiled modules):
  // tests that import it get the same WebAssembly.Module, compiled from the file.
  plugins: [
    {
      name: 'wasm-module',
      enforce: 'pre',
      resolveId(id) {
        return id.endsWith('.wasm?module')
          ? `${WASM}${encodeURIComponent(require.resolve(id.slice(0, -'?module'.length)))}.js`
          : null;
      },
      load(id) {
        if (!id.startsWith(WASM)) return null;
        const bytes = readFileSync(decodeURIComponent(id.slice(WASM.length, -'.js'.length))).toString('base64');
        return `export default new WebAssembly.Module(Uint8Array.from(atob(${JSON.stringify(bytes)}), (c) => c.charCodeAt(0)));`;
      },
    },
  ],
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
