// Vitest global setup: the CLI and LSP tests run the built bundles, so build them once.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  // Under `npm test`, dist/ is built first and the editor suites may be loading it: not again.
  if (process.env.RAPPORT_TEST_DIST_BUILT === '1') return;
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
}
