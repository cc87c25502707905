// `npm run bench:test-time [-- --base COMMIT] [--rounds N]`: whether the tests got slower, measured
// on the same test files. The suite grows with every feature, so the time of `npm test` alone
// cannot say it: this runs the vitest suites of an earlier commit (default 9156780, the main of
// the day issue 9 was filed) in a clone of that commit — its code, its tests — and the same test
// files, as they are now, on the code of this working tree, by turns (base, now, base, now…), on
// the same machine. Wall time and CPU time (user + system of every process) of each run, test
// counts as vitest reports them. The clone is made under the system's temporary folder with
// `npm ci` (the npm registry, once). The base run includes that commit's global set-up, which
// builds its dist/; the current run builds dist/ once before the rounds and then skips it
// (RAPPORT_TEST_DIST_BUILT), so the base carries a few seconds of build the other does not.
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

function run(cmd, args, cwd, env = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env } });
  if (r.error) throw r.error;
  return r;
}

const clone = join(os.tmpdir(), `rapport-bench-test-time-${process.pid}`);
rmSync(clone, { recursive: true, force: true });
console.log(`clone of ${base} in ${clone}, npm ci…`);
if (run('git', ['clone', '-q', root, clone], root).status !== 0 || run('git', ['checkout', '-q', base], clone).status !== 0) {
  console.error(`test-time : impossible de préparer la copie de ${base}`);
  process.exit(1);
}
const baseCommit = run('git', ['rev-parse', '--short', 'HEAD'], clone).stdout.trim();
const nowCommit = run('git', ['rev-parse', '--short', 'HEAD'], root).stdout.trim();
const dirty = run('git', ['status', '--porcelain'], root).stdout.trim() !== '';
if (run('npm', ['ci', '--no-audit', '--no-fund'], clone).status !== 0) {
  console.error(`test-time : npm ci a échoué dans la copie de ${base}`);
  process.exit(1);
}
const files = run('git', ['ls-files', 'test/**/*.test.ts'], clone)
  .stdout.split('\n')
  .filter(Boolean)
  .sort();
const common = files.filter((f) => existsSync(join(root, f)));
if (run(process.execPath, [join(root, 'scripts', 'build.mjs')], root).status !== 0) process.exit(1);

/** One vitest run: wall and CPU time, and vitest's own counts (its JSON report). */
function vitest(cwd, args, env) {
  const report = join(clone, `report-${Math.random().toString(36).slice(2)}.json`);
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const r = run('npx', ['vitest', 'run', '--reporter=json', `--outputFile.json=${report}`, ...args], cwd, env);
  const wallMs = Math.round(performance.now() - t0);
  const c1 = childrenCpuMs();
  const v = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : undefined;
  return {
    wallMs,
    cpuMs: c0 !== undefined && c1 !== undefined ? c1 - c0 : undefined,
    passed: v?.numPassedTests ?? 0,
    failed: v ? v.numFailedTests : 1,
    files: v?.numTotalTestSuites ?? 0,
    status: r.status,
  };
}

const runs = { base: [], now: [] };
for (let i = 0; i < rounds; i++) {
  runs.base.push(vitest(clone, [], {}));
  runs.now.push(vitest(root, common, { RAPPORT_TEST_DIST_BUILT: '1' }));
  console.log(`round ${i + 1}: base ${runs.base.at(-1).wallMs} ms, now ${runs.now.at(-1).wallMs} ms`);
}
rmSync(clone, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const load = os.loadavg().map((x) => x.toFixed(2)).join(' / ');
const result = {
  date: new Date().toISOString(),
  node: process.version,
  cores: os.availableParallelism(),
  loadAverageAfter: load,
  base: baseCommit,
  now: `${nowCommit}${dirty ? ' (with uncommitted changes)' : ''}`,
  testFiles: common.length,
  baseTestFiles: files.length,
  runs,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'test-time.json'), JSON.stringify(result, null, 2) + '\n');
const line = (name, rs) =>
  `| ${name} | ${rs[0].passed} passed, ${rs[0].failed} failed | ${median(rs.map((r) => r.wallMs))} | ${rs.map((r) => r.wallMs).join(', ')} | ${rs.map((r) => r.cpuMs ?? '?').join(', ')} |`;
const md = [
  '# Test time on the same test files',
  '',
  `Run ${result.date} — ${result.cores} cores, Node ${result.node}; load average ${load} after.`,
  `The vitest suites of ${baseCommit} (its code and its ${files.length} test files, in a clone) and the same ${common.length} files at ${result.now}, on that code, by turns, ${rounds} rounds. The base run includes its global set-up's build of dist/; the current one does not (built once before).`,
  '',
  '| run | tests (vitest) | wall time, median (ms) | runs: wall (ms) | runs: CPU (ms) |',
  '|---|---|---:|---|---|',
  line(`${baseCommit}: its tests on its code`, runs.base),
  line(`${nowCommit}: the same files, now`, runs.now),
  '',
].join('\n');
writeFileSync(join(root, 'bench', 'results', 'test-time.md'), md);
console.log(md);
console.log('→ bench/results/test-time.json, bench/results/test-time.md');
