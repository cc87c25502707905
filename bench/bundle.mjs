// The server's TypeScript sources a benchmark measures, bundled once with esbuild into
// out/bench/<name>.cjs and loaded: `await bundleServer('core', ["export { analyze } from
// './server/src/core/analyze';", …])`. Paths in the export lines are relative to the repository.

import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Bundles `exports` (export statements) as out/bench/<name>.cjs and returns the loaded module. */
export async function bundleServer(name, exports, { external = [] } = {}) {
  const outfile = join(root, 'out', 'bench', `${name}.cjs`);
  mkdirSync(dirname(outfile), { recursive: true });
  await esbuild.build({
    stdin: { contents: exports.join('\n'), resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    outfile,
    logLevel: 'warning',
    external,
    define: { VERSION: '"bench"' },
  });
  return require(outfile);
}
