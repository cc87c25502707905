// Compiles the integration suite (test/integration/suite/*.ts) with esbuild into
// out/test/integration/suite/*.js (CommonJS, as VS Code's extension host loads it).
// Each entry is bundled with its local imports; `vscode` and `mocha` stay external.
// Then type-checks the suite (strict, test/integration/tsconfig.json); `--no-typecheck` skips it.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'test/integration/suite');
const outDir = join(root, 'out/test/integration/suite');

const entries = readdirSync(srcDir)
  .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
  .map((f) => join(srcDir, f));

rmSync(outDir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: entries,
  outdir: outDir,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  absWorkingDir: root,
  external: ['vscode', 'mocha'],
});

if (!process.argv.includes('--no-typecheck')) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'test/integration/tsconfig.json')], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('build-tests: the integration suite does not type-check.');
    process.exit(1);
  }
}
