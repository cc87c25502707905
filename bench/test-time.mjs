// `npm run bench:test-time [-- --base COMMIT] [--rounds N]`: whether the tests got slower, measured
// on the same test files. The suite grows with every feature, so the time of `npm test` alone
// cannot say it: this runs the vitest suites of an earlier commit (default 9156780, the main of
// the day issue 9 was filed) in a clone of that commit — its code, its tests — and the same test
// files, as they are now, on the code of this working tree, by turns (base, now, base, now…), on
// the same machine. Both runs build their dist/ in vitest's global set-up, as `vitest run` does
// alone. Wall time and CPU time (user + system of every process) of each run, vitest's counts,
// its exit status. The clone is made under the system's temporary folder with `npm ci` (the npm
// registry, once) and removed at the end, whatever happens.
// Writes bench/results/test-time.json and test-time.md.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childrenCpuMs } from './cpu.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const base = option('--base', '9156780');
const rounds = Number(option('--rounds', '2'));
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error('test-time : --rounds attend un nombre entier, 1 ou plus');
  process.exit(2);
}

function run(cmd, args, cwd, env = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env } });
  if (r.error) throw r.error;
  return r;
}

/** The test files vitest runs in a checkout (its `include`: unit, CLI and LSP suites; not the real-editor suites). */
function vitestFiles(cwd) {
  return run('git', ['ls-files', 'test/unit/*.test.ts', 'test/cli/*.test.ts', 'test/lsp/*.test.ts'], cwd)
    .stdout.split('\n')
    .filter(Boolean)
    .sort();
}

/** One vitest run: wall and CPU time, vitest's own counts (its JSON report) and its exit status. */
function vitest(cwd, files, report) {
  rmSync(report, { force: true });
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const r = run('npx', ['vitest', 'run', '--reporter=json', `--outputFile.json=${report}`, ...files], cwd);
  const wallMs = Math.round(performance.now() - t0);
  const c1 = childrenCpuMs();
  const v = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : undefined;
  return {
    wallMs,
    cpuMs: c0 !== undefined && c1 !== undefined ? c1 - c0 : undefined,
    passed: v?.numPassedTests ?? 0,
    failed: v ? v.numFailedTests : 1,
    failedFiles: v ? v.numFailedTestSuites : 1,
    files: v?.testResults?.length ?? 0,
    status: r.status,
  };
}

const clone = join(os.tmpdir(), `rapport-bench-test-time-${process.pid}`);
const cleanUp = () => rmSync(clone, { recursive: true, force: true });
process.on('SIGINT', () => {
  cleanUp();
  process.exit(130);
});

let result;
try {
  cleanUp();
  console.log(`clone of ${base} in ${clone}, npm ci…`);
  if (run('git', ['clone', '-q', root, clone], root).status !== 0 || run('git', ['checkout', '-q', base], clone).status !== 0) throw new Error(`impossible de préparer la copie de ${base}`);
  if (run('npm', ['ci', '--no-audit', '--no-fund'], clone).status !== 0) throw new Error(`npm ci a échoué dans la copie de ${base}`);
  const baseFiles = vitestFiles(clone);
  const common = baseFiles.filter((f) => existsSync(join(root, f)));
  const runs = { base: [], now: [] };
  for (let i = 0; i < rounds; i++) {
    runs.base.push(vitest(clone, [], join(clone, 'report-base.json')));
    runs.now.push(vitest(root, common, join(clone, 'report-now.json')));
    console.log(`round ${i + 1}: base ${runs.base.at(-1).wallMs} ms, now ${runs.now.at(-1).wallMs} ms`);
  }
  const broken = [...runs.base, ...runs.now].filter((r) => r.status !== 0 || r.failed > 0 || r.failedFiles > 0);
  if (broken.length > 0) throw new Error(`des tests ont échoué pendant la mesure : ${JSON.stringify(broken)}`);
  result = {
    date: new Date().toISOString(),
    node: process.version,
    cores: os.availableParallelism(),
    loadAverageAfter: os.loadavg().map((x) => x.toFixed(2)).join(' / '),
    base: run('git', ['rev-parse', '--short', 'HEAD'], clone).stdout.trim(),
    now: `${run('git', ['rev-parse', '--short', 'HEAD'], root).stdout.trim()}${run('git', ['status', '--porcelain'], root).stdout.trim() ? ' (with uncommitted changes)' : ''}`,
    testFiles: common.length,
    baseTestFiles: baseFiles.length,
    runs,
  };
} catch (e) {
  console.error(`test-time : ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  cleanUp();
}

if (result) {
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'test-time.json'), JSON.stringify(result, null, 2) + '\n');
  const line = (name, rs) =>
    `| ${name} | ${rs[0].files} files, ${rs[0].passed} tests passed | ${median(rs.map((r) => r.wallMs))} | ${rs.map((r) => r.wallMs).join(', ')} | ${rs.map((r) => r.cpuMs ?? '?').join(', ')} |`;
  const md = [
    '# Test time on the same test files',
    '',
    `Run ${result.date} — ${result.cores} cores, Node ${result.node}; load average ${result.loadAverageAfter} after.`,
    `The vitest suites of ${result.base} (its code and its ${result.baseTestFiles} vitest files, in a clone) and the same ${result.testFiles} files at ${result.now}, on that code, by turns, ${rounds} rounds; each run builds its dist/ first (vitest's global set-up).`,
    '',
    '| run | tests (vitest) | wall time, median (ms) | runs: wall (ms) | runs: CPU (ms) |',
    '|---|---|---:|---|---|',
    line(`${result.base}: its tests on its code`, result.runs.base),
    line(`${result.now}: the same files, now`, result.runs.now),
    '',
  ].join('\n');
  writeFileSync(join(root, 'bench', 'results', 'test-time.md'), md);
  console.log(md);
  console.log('→ bench/results/test-time.json, bench/results/test-time.md');
}
