// `npm run bench` (last part), or `node bench/classe.mjs [--quick]` alone: the class summary
// (`node dist/cli.js classe DIR --format json`) on 30 and on 300 generated reports of 20–40
// pages (bench/class.mjs), wall time, CPU time (user + system of the process tree, every thread:
// on these 2 cores the wall time can be no less than half of it, and it is far less noisy than the
// wall time on a shared machine) and the process's peak resident memory (threads included, read
// by a preload at exit). Targets: 30 reports ≤ 2 s, 300 reports ≤ 15 s and ≤ 300 MB RSS.
// Timed separately (no target): `classe --exact` on the 30 reports (each one typeset), and
// `check` over the same 30 files for comparison.
// Writes bench/results/classe.json and classe.md, with the load average before and after: the
// machine is shared, and a busy one slows every figure.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeClass } from './class.mjs';
import { childrenCpuMs } from './cpu.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const cli = join(root, 'dist', 'cli.js');
if (!existsOrBuild()) process.exit(1);

function existsOrBuild() {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  return r.status === 0;
}

const round = (x, d = 0) => Math.round(x * 10 ** d) / 10 ** d;
const tmp = join(os.tmpdir(), `rapport-bench-classe-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
const preload = join(tmp, 'rss.cjs');
writeFileSync(
  preload,
  "const { isMainThread } = require('node:worker_threads');\n" +
    "if (isMainThread) process.on('exit', () => require('node:fs').writeFileSync(process.env.RAPPORT_BENCH_RSS, String(process.resourceUsage().maxRSS)));\n",
);

function measure(count, runs, { exact = false, command = 'classe', jobs } = {}) {
  const dir = join(tmp, `classe-${count}`);
  const files = writeClass(dir, { count, seed: 11, extras: false, finished: Math.min(3, count) });
  const chars = files.reduce((a, f) => a + statSync(f).size, 0);
  const rssFile = join(tmp, `rss-${count}`);
  const times = [];
  const cpus = [];
  const rss = [];
  let rows = 0;
  for (let r = 0; r < runs; r++) {
    const c0 = childrenCpuMs();
    const t0 = performance.now();
    const args = command === 'check' ? ['check', ...files, '--format', 'json'] : ['classe', dir, '--format', 'json', ...(exact ? ['--exact'] : [])];
    const res = spawnSync(process.execPath, ['--require', preload, cli, ...args], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, RAPPORT_BENCH_RSS: rssFile, ...(jobs !== undefined ? { RAPPORT_BTS_JOBS: String(jobs) } : {}) },
    });
    times.push(performance.now() - t0);
    const c1 = childrenCpuMs();
    if (c0 !== undefined && c1 !== undefined) cpus.push(c1 - c0);
    if (res.status === 2) throw new Error(`${command} failed: ${res.stderr}`);
    const out = JSON.parse(res.stdout);
    rows = command === 'check' ? out.files.length : out.rows.length;
    rss.push(Number(readFileSync(rssFile, 'utf8')) / 1024);
  }
  const unsorted = [...times];
  const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b]);
  const median = times[order[Math.floor((order.length - 1) / 2)]];
  // CPU time of the run whose wall time is the median.
  const cpuMs = cpus.length === times.length ? cpus[order[Math.floor((order.length - 1) / 2)]] : undefined;
  return {
    command: `${jobs !== undefined ? `RAPPORT_BTS_JOBS=${jobs} ` : ''}${command}${exact ? ' --exact' : ''}`,
    reports: count,
    rows,
    chars,
    wallMs: round(median),
    ...(cpuMs !== undefined ? { cpuMs, cpuRunsMs: cpus } : {}),
    runsMs: unsorted.map((t) => round(t)),
    peakRssMB: round(Math.max(...rss), 1),
  };
}

/**
 * remark-parse alone over the 30 reports (bench/parse-floor.mjs), in a process of its own: the
 * median of `runs` runs alone, then two processes at once, each parsing all 30. What the parse by
 * itself costs here, and what two processes gain for it on these cores (2 is a perfect share).
 */
async function parseFloor(runs) {
  const dir = join(tmp, 'classe-30');
  const script = join(root, 'bench', 'parse-floor.mjs');
  const one = () => JSON.parse(spawnSync(process.execPath, [script, dir], { cwd: root, encoding: 'utf8' }).stdout).parseMs;
  const alone = Array.from({ length: runs }, one).sort((a, b) => a - b)[Math.floor((runs - 1) / 2)];
  const concurrent = () =>
    new Promise((resolve, reject) => {
      let out = '';
      const child = spawn(process.execPath, [script, dir], { cwd: root });
      child.stdout.on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out).parseMs) : reject(new Error(`parse-floor exited ${code}`))));
    });
  const both = await Promise.all([concurrent(), concurrent()]);
  return { aloneMs: alone, twoAtOnceMs: both, twoProcessGain: round((2 * alone) / Math.max(...both), 2) };
}

/** One result of several single-run `measure` calls of the same command: every run, the median's figures, the highest RSS. */
function combine(parts) {
  const times = parts.map((p) => p.runsMs[0]);
  const cpus = parts.map((p) => p.cpuMs);
  const mid = times.map((_, i) => i).sort((a, b) => times[a] - times[b])[Math.floor((times.length - 1) / 2)];
  return {
    ...parts[0],
    wallMs: times[mid],
    ...(cpus.every((c) => c !== undefined) ? { cpuMs: cpus[mid], cpuRunsMs: cpus } : {}),
    runsMs: times,
    peakRssMB: Math.max(...parts.map((p) => p.peakRssMB)),
  };
}

/**
 * The 30 reports with the default threads and on one thread, run by turns (default, one thread,
 * default…): a machine whose speed drifts over a minute (a shared host) then favours neither.
 */
function byTurns(runs) {
  const threads = [];
  const one = [];
  for (let r = 0; r < runs; r++) {
    threads.push(measure(30, 1));
    one.push(measure(30, 1, { jobs: 1 }));
  }
  return [combine(threads), combine(one)];
}

const cpuText = (r) => (r.cpuMs !== undefined ? `${r.cpuMs} ms` : 'non mesuré');

const loadBefore = os.loadavg().map((x) => round(x, 2));
// The same 30 reports on one thread too: what the threads gain on this machine (its cores may
// share what an allocating workload needs; the wall time on one thread against the default says it).
const [c30, one30] = byTurns(quick ? 1 : 5);
console.log(`classe, 30 rapports : ${c30.wallMs} ms (CPU ${cpuText(c30)}), RSS ${c30.peakRssMB} Mo`);
const floor = await parseFloor(quick ? 1 : 3);
console.log(`remark-parse seul sur les 30 rapports : ${floor.aloneMs} ms ; deux processus à la fois : ${floor.twoAtOnceMs.join(' et ')} ms (gain ${floor.twoProcessGain})`);
const c300 = measure(300, 1);
console.log(`classe, 300 rapports : ${c300.wallMs} ms (CPU ${cpuText(c300)}), RSS ${c300.peakRssMB} Mo`);
console.log(`classe sur un seul fil, 30 rapports : ${one30.wallMs} ms (CPU ${cpuText(one30)})`);
const check30 = measure(30, quick ? 1 : 3, { command: 'check' });
console.log(`check, 30 rapports : ${check30.wallMs} ms (CPU ${cpuText(check30)}), RSS ${check30.peakRssMB} Mo`);
const exact30 = measure(30, 1, { exact: true });
console.log(`classe --exact, 30 rapports : ${exact30.wallMs} ms (CPU ${cpuText(exact30)}), RSS ${exact30.peakRssMB} Mo`);
const loadAfter = os.loadavg().map((x) => round(x, 2));
rmSync(tmp, { recursive: true, force: true });

const targets = [
  { id: 'classe-30', description: 'classe over 30 reports of 20–40 pages ≤ 2 s (wall time, median)', value: c30.wallMs, limit: 2000, met: c30.wallMs <= 2000 },
  { id: 'classe-300', description: 'classe over 300 reports ≤ 15 s (wall time)', value: c300.wallMs, limit: 15000, met: c300.wallMs <= 15000 },
  { id: 'classe-300-rss', description: 'classe over 300 reports ≤ 300 MB peak RSS', value: c300.peakRssMB, limit: 300, met: c300.peakRssMB <= 300 },
];
const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadBefore, loadAfter, jobs: process.env.RAPPORT_BTS_JOBS ?? 'default' };
const result = { date: new Date().toISOString(), machine, quick, runs: [c30, c300, one30, check30, exact30], threadGain: round(one30.wallMs / c30.wallMs, 2), parseFloor: floor, targets };
const outDir = join(root, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'classe.json'), JSON.stringify(result, null, 2) + '\n');
writeFileSync(
  join(outDir, 'classe.md'),
  [
    '# Class summary (`rapport-bts classe`)',
    '',
    `Run ${result.date} — ${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}; load average ${loadBefore.join(' / ')} before, ${loadAfter.join(' / ')} after.`,
    '`node dist/cli.js classe DIR --format json` on generated class folders (`bench/class.mjs`: reports of 20–40 pages across the five BTS, three finished CPI reports of about 30 pages), as a process: start-up, reading, analysis on the worker threads, rows, JSON. Peak RSS: `process.resourceUsage().maxRSS` of the whole process (all threads) at exit.',
    '',
    'CPU time: user + system of the whole process tree (every thread), of the run whose wall time is the median; on 2 cores, wall time is at least half of it.',
    '',
    '| command | reports | characters | wall time (ms) | CPU time (ms) | runs: wall (ms) | runs: CPU (ms) | peak RSS (MB) |',
    '|---|---:|---:|---:|---:|---|---|---:|',
    ...result.runs.map((r) => `| \`${r.command}\` | ${r.reports} | ${r.chars} | ${r.wallMs} | ${r.cpuMs ?? '–'} | ${r.runsMs.join(', ')} | ${(r.cpuRunsMs ?? []).join(', ')} | ${r.peakRssMB} |`),
    '',
    '`check` over the same 30 files is the comparison; `classe --exact` typesets every report (as `check --exact`), timed apart, without a target.',
    `\`RAPPORT_BTS_JOBS=1 classe\` analyses the same 30 reports on one thread (run by turns with the default, ${quick ? 1 : 5} times each): the threads divide its wall time by ${result.threadGain} on this machine (2 would be a perfect share of two cores).`,
    '',
    `The floor, measured apart from our code (\`bench/parse-floor.mjs\`): remark-parse alone — CommonMark, no GFM, no front matter, no analysis, no start-up — takes ${floor.aloneMs} ms over the same 30 reports in a process of its own (median of ${quick ? 1 : 3}); two such processes at once take ${floor.twoAtOnceMs.join(' and ')} ms each, a gain of ${floor.twoProcessGain} for two processes (2 would be a perfect share).`,
    '',
    '| target | value | limit | |',
    '|---|---:|---:|---|',
    ...targets.map((t) => `| ${t.description} | ${t.value} | ${t.limit} | ${t.met ? 'met' : '**missed**'} |`),
    '',
  ].join('\n'),
);
for (const t of targets) console.log(`${t.met ? 'met   ' : 'MISSED'}  ${t.description}: ${t.value} (limit ${t.limit})`);
console.log('→ bench/results/classe.json, bench/results/classe.md');
