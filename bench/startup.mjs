// `node bench/startup.mjs [--runs N] [--no-build]`: start-up cost of the CLI bundle.
// - `node -e 0` (bare node) against `node dist/cli.js check examples/rapport-cpi.md` (a small
//   report): wall time (median) and CPU (user + sys, all threads, read by a preload at exit);
// - `node dist/cli.js classe DIR --format json` on 30 generated reports (bench/class.mjs), whose
//   worker threads each load the bundle again;
// - the size of each bundle in dist/ (what every process and worker compiles: a count, not a time).
// Prints a Markdown table with the load average before and after; writes nothing.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeClass } from './class.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1]) || 20;
if (!argv.includes('--no-build')) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}

const round = (x, d = 0) => Math.round(x * 10 ** d) / 10 ** d;
const tmp = join(os.tmpdir(), `rapport-bench-startup-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
const preload = join(tmp, 'cpu.cjs');
const cpuFile = join(tmp, 'cpu');
writeFileSync(
  preload,
  "const { isMainThread } = require('node:worker_threads');\n" +
    "if (isMainThread) process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeFileSync(process.env.RAPPORT_BENCH_CPU, String((u.user + u.system) / 1000)); });\n",
);

function time(args, n) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--require', preload, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, RAPPORT_BENCH_CPU: cpuFile } });
    wall.push(performance.now() - t0);
    if (r.status === 2 || r.status === null) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    cpu.push(Number(readFileSync(cpuFile, 'utf8')));
  }
  const med = (xs) => xs.sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  return { wallMs: round(med(wall)), cpuMs: round(med(cpu)) };
}

const cli = join(root, 'dist', 'cli.js');
const classDir = join(tmp, 'classe-30');
writeClass(classDir, { count: 30, seed: 11, extras: false, finished: 3 });
const loadBefore = os.loadavg().map((x) => round(x, 2));
const rows = [
  ['`node -e 0`', time(['-e', '0'], runs)],
  ['`cli.js --version`', time([cli, '--version'], runs)],
  ['`cli.js check examples/rapport-cpi.md`', time([cli, 'check', 'examples/rapport-cpi.md'], runs)],
  ['`cli.js classe` (30 reports)', time([cli, 'classe', classDir, '--format', 'json'], Math.max(3, Math.round(runs / 4)))],
];
const loadAfter = os.loadavg().map((x) => round(x, 2));
rmSync(tmp, { recursive: true, force: true });

console.log(`${os.cpus().length} cores, Node ${process.version}; load average ${loadBefore.join(' / ')} before, ${loadAfter.join(' / ')} after; ${runs} runs (classe: fewer), medians.\n`);
console.log('| command | wall (ms) | CPU user+sys (ms) |\n|---|---:|---:|');
for (const [name, r] of rows) console.log(`| ${name} | ${r.wallMs} | ${r.cpuMs} |`);
console.log('\n| bundle | KiB |\n|---|---:|');
for (const f of readdirSync(join(root, 'dist')).filter((n) => n.endsWith('.js')).sort()) console.log(`| dist/${f} | ${round(statSync(join(root, 'dist', f)).size / 1024)} |`);
