// Runs every test suite and prints the total on the last line: `N passed, N failed`.
// Suites: the build, the type check, vitest (unit, CLI, LSP), then the real-editor suites listed in LANES.
// Each real-editor suite is a node script that writes {"passed":N,"failed":N} to the file
// named by the RESULT_FILE environment variable.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });

const totals = { passed: 0, failed: 0 };
const lines = [];

// Off a terminal (CI logs, a file) the suites write no colour codes.
const colourless = process.stdout.isTTY ? {} : { NO_COLOR: '1', FORCE_COLOR: '0' };

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...colourless, ...env } });
  return r.status ?? 1;
}

// Each suite's wall time is shown beside its counts (where the minutes of `npm test` go).
let since = performance.now();
function record(name, passed, failed) {
  totals.passed += passed;
  totals.failed += failed;
  const seconds = Math.round((performance.now() - since) / 1000);
  since = performance.now();
  lines.push(`${name}: ${passed} passed, ${failed} failed (${seconds} s)`);
}

// 0. What the browser and real-editor suites need (Debian packages, code-server): installed when missing,
// about a second when present. Where it cannot be installed (not root and no sudo, not
// Debian), the suites below fail and this says what to run; nothing is skipped silently.
const setup = run('bash', ['scripts/setup-editor-tests.sh']);
if (setup !== 0) {
  console.error(
    '\n[test] The real-editor suites need Chromium, ripgrep and code-server, which could not be installed here.\n' +
      '[test] On Debian or Ubuntu, run as root (or with sudo): bash scripts/setup-editor-tests.sh — then npm test again.\n',
  );
}

since = performance.now(); // the set-up above is not the build's time

// 1. Build (the CLI and LSP tests run the built bundles).
const built = run('npm', ['run', 'build', '--silent']) === 0;
record('build', ...(built ? [1, 0] : [0, 1]));
// Built: the suites below do not build dist/ again (vitest's global setup, each editor suite).
// Not built: each builds it as it does alone, and says why it fails.
const distBuilt = built ? { RAPPORT_TEST_DIST_BUILT: '1' } : {};

// 2. Strict type check of every project (server, client, tests).
record('typecheck', ...(run('npx', ['tsc', '-b']) === 0 ? [1, 0] : [0, 1]));

// 3. Vitest.
const vitestJson = join(results, 'vitest.json');
rmSync(vitestJson, { force: true });
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`], distBuilt);
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  const failedSuites = (v.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
  let failed = v.numFailedTests + failedSuites;
  // A crash, an unhandled error or no test at all still fails the run, whatever the counts say.
  if (failed === 0 && (vitestStatus !== 0 || v.numTotalTests === 0)) failed = 1;
  record('vitest', v.numPassedTests, failed);
} else {
  record('vitest', 0, vitestStatus === 0 ? 0 : 1);
}

// 4. Real-editor suites, in two lanes that run side by side: each suite mostly waits on an
// editor or a browser (the integration suite used 26 s of CPU in 62 s), so the code-server of
// the integration suite runs beside the packaged extension's and the third-party clients.
// No suite rewrites dist/ under the other lane: each skips its own build (built in step 1,
// RAPPORT_TEST_DIST_BUILT), and the .vsix's production build goes to a folder of its own.
const LANES = [
  [{ name: 'integration (code-server)', script: 'test/integration/run.mjs' }],
  [
    { name: 'ui (packaged extension)', script: 'test/ui/run.mjs' },
    { name: 'ui (class summary in Chromium)', script: 'test/ui/classe.mjs' },
    { name: 'neovim (third-party LSP client)', script: 'test/neovim/run.mjs' },
    { name: 'emacs eglot (third-party LSP client)', script: 'test/emacs/run.mjs' },
  ],
];

function runAsync(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...colourless, ...env } });
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const editorsStart = performance.now();
const outcomes = await Promise.all(
  LANES.map(async (lane) => {
    const done = [];
    for (const suite of lane) {
      const t0 = performance.now();
      const file = join(results, `${suite.name.replace(/\W+/g, '-')}.json`);
      rmSync(file, { force: true });
      const status = await runAsync('node', [suite.script], { RESULT_FILE: file, ...distBuilt });
      // No result file, or one cut short: the suite counts as one failure, and the run goes on.
      let counts = { passed: 0, failed: 1 };
      try {
        const r = JSON.parse(readFileSync(file, 'utf8'));
        counts = { passed: Number(r.passed) || 0, failed: (Number(r.failed) || 0) + (status !== 0 && !r.failed ? 1 : 0) };
      } catch {
        /* counted as failed */
      }
      done.push({ name: suite.name, ...counts, seconds: Math.round((performance.now() - t0) / 1000) });
    }
    return done;
  }),
);
// In the order of LANES, whichever lane ended first.
for (const o of outcomes.flat()) {
  totals.passed += o.passed;
  totals.failed += o.failed;
  lines.push(`${o.name}: ${o.passed} passed, ${o.failed} failed (${o.seconds} s)`);
}
lines.push(`real-editor suites, two lanes side by side: ${Math.round((performance.now() - editorsStart) / 1000)} s`);

console.log('');
for (const l of lines) console.log(l);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
