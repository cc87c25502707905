// `npm run bench:pdf` (also run by `npm run bench`): the PDF export and the exact page counts.
// 1. Cold export: a fresh process loads the built CLI's code path (analysis + Typst engine +
//    fonts) and exports the generated 50-page report to PDF (target ≤ 1.5 s); also 10 and 100.
// 2. Exact recount in the worker (dist/typst-worker.js, as the language server runs it) after a
//    one-character edit at 50 pages: median and 95th percentile (target p50 ≤ 250 ms).
// 3. Edit → diagnostics in the language server while a recount runs (exact delay 1 ms, so each
//    edit's recount is still running when the next edit arrives), against the same edits with
//    the exact count off (RAPPORT_BTS_EXACT=off): the recount must not delay diagnostics.
// 4. Server memory (rss, heap) with the engine loaded, against the same with the exact count off.
// Writes bench/results/export-pdf.json and export-pdf.md.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { generateReport } from './generate.mjs';
import { startServer } from './lsp-session.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');
const lsp = require('vscode-languageserver-protocol/node');
const now = () => performance.now();
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const q = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];

const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const cli = join(root, 'dist', 'cli.js');
const tmp = mkdtempSync(join(os.tmpdir(), 'rapport-bench-pdf-'));
const reportOf = (pages) => {
  const file = join(tmp, `rapport-${pages}.md`);
  writeFileSync(file, generateReport({ pages, seed: 3 }));
  return file;
};

// --- 1. cold export -----------------------------------------------------------------------------
// The generator's "pages" are its own estimate: these sizes give exported PDFs of about 10, 50
// and 100 pages. Wall time (the machine is shared) and CPU time (user + system, /usr/bin/time).
const SIZES = { 10: 7, 50: 35, 100: 70 };
const cold = {};
const hasTime = spawnSync('/usr/bin/time', ['-f', '%U', 'true'], { encoding: 'utf8' }).status === 0;
for (const [label, size] of Object.entries(SIZES)) {
  const file = reportOf(size);
  const runs = [];
  const cpu = [];
  for (let i = 0; i < (quick ? 2 : 4); i++) {
    const t0 = now();
    const r = hasTime
      ? spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', process.execPath, cli, 'export', file, '--force'], { encoding: 'utf8' })
      : spawnSync(process.execPath, [cli, 'export', file, '--force'], { encoding: 'utf8' });
    runs.push(now() - t0);
    if (r.status !== 0) throw new Error(r.stderr);
    const m = /CPU ([\d.]+) ([\d.]+)/.exec(r.stderr);
    if (m) cpu.push((Number(m[1]) + Number(m[2])) * 1000);
    cold[label] = { pdfPages: Number(/\((\d+) pages\)/.exec(r.stdout)?.[1]) };
  }
  runs.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  cold[label].ms = round(runs[Math.floor(runs.length / 2)]);
  cold[label].cpuMs = cpu.length ? round(cpu[Math.floor(cpu.length / 2)]) : null;
  console.log(`export PDF à froid, ${cold[label].pdfPages} pages : ${cold[label].ms} ms (processus complet ; CPU ${cold[label].cpuMs} ms)`);
}

// --- 2. recount in the worker -------------------------------------------------------------------
const text50 = generateReport({ pages: SIZES[50], seed: 3 });
const worker = new Worker(join(root, 'dist', 'typst-worker.js'));
let id = 0;
const ask = (text) =>
  new Promise((resolve) => {
    const my = ++id;
    const on = (res) => {
      if (res.id !== my) return;
      worker.off('message', on);
      resolve(res);
    };
    worker.on('message', on);
    worker.postMessage({ id: my, uri: 'file:///bench.md', version: my, text, settings: { today: '2026-01-15' }, file: join(tmp, `rapport-${SIZES[50]}.md`) });
  });
let t = now();
const first = await ask(text50);
const firstMs = now() - t;
const recounts = [];
const cpus = [];
const n = quick ? 10 : 30;
for (let i = 0; i < n; i++) {
  const at = Math.floor(((i + 1) / (n + 1)) * text50.length);
  const edited = text50.slice(0, at) + 'e' + text50.slice(at);
  const c0 = process.cpuUsage();
  t = now();
  const r = await ask(edited);
  recounts.push(now() - t);
  // This thread only waits: the process's CPU time is the worker's.
  const c = process.cpuUsage(c0);
  cpus.push((c.user + c.system) / 1000);
  if (!r.ok) throw new Error(r.error);
}
await worker.terminate();
recounts.sort((a, b) => a - b);
cpus.sort((a, b) => a - b);
const recount = { firstMs: round(firstMs), p50Ms: round(q(recounts, 0.5)), p95Ms: round(q(recounts, 0.95)), cpuP50Ms: round(q(cpus, 0.5)), pages: first.pages.document, runs: n };
console.log(`recompte exact dans le worker, ${recount.pages} pages : premier ${recount.firstMs} ms, après une frappe p50 ${recount.p50Ms} ms (CPU ${recount.cpuP50Ms} ms), p95 ${recount.p95Ms} ms`);

// --- 3 and 4. the language server -----------------------------------------------------------------
async function server(exactOn) {
  const env = { RAPPORT_BTS_EXACT_DELAY_MS: '1', ...(exactOn ? {} : { RAPPORT_BTS_EXACT: 'off' }) };
  const { conn, published, stop } = await startServer({ env, settings: { today: '2026-01-15' } });
  const file = join(tmp, `rapport-${SIZES[50]}.md`);
  const uri = pathToFileURL(file).href;
  let wait = published(1);
  void conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text: text50 } });
  await wait;
  // Let the first count run (engine loaded), then edit while each recount runs.
  await new Promise((r) => setTimeout(r, 3000));
  const times = [];
  let version = 1;
  const lines = text50.split('\n');
  for (let i = 0; i < (quick ? 10 : 30); i++) {
    const line = Math.floor(((i + 1) / 32) * lines.length);
    version++;
    const t0 = now();
    wait = published(version);
    void conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'e' }] });
    await wait;
    times.push(now() - t0);
    // The recount of this version starts 1 ms after it: the next edit lands during it.
    await new Promise((r) => setTimeout(r, 15));
  }
  await new Promise((r) => setTimeout(r, 1500));
  const stats = await conn.sendRequest('rapport/stats', {});
  await stop();
  times.sort((a, b) => a - b);
  return { p50Ms: round(q(times, 0.5), 2), p95Ms: round(q(times, 0.95), 2), rssMB: round(stats.memory.rss / 1e6), heapMB: round(stats.memory.heapUsed / 1e6), exactRuns: stats.exact?.runs ?? 0 };
}
const withRecount = await server(true);
const without = await server(false);
console.log(`frappe → diagnostics, 50 p., recompte en cours : p50 ${withRecount.p50Ms} ms, p95 ${withRecount.p95Ms} ms (${withRecount.exactRuns} recomptes) ; sans compte exact : p50 ${without.p50Ms} ms, p95 ${without.p95Ms} ms`);
console.log(`mémoire du serveur : ${withRecount.rssMB} Mo (rss) avec le moteur chargé, ${without.rssMB} Mo sans`);

const result = {
  generated: new Date().toISOString(),
  machine: { cpus: os.cpus().length, load: os.loadavg().map((x) => round(x, 2)) },
  coldExport: cold,
  recount50: recount,
  editToDiagnostics50: { duringRecount: withRecount, exactOff: without },
  targets: {
    coldExport50Ms: { target: 1500, value: cold[50].ms, met: cold[50].ms <= 1500 },
    recountP50Ms: { target: 250, value: recount.p50Ms, met: recount.p50Ms <= 250 },
  },
};
const outDir = join(root, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'export-pdf.json'), JSON.stringify(result, null, 2) + '\n');
const md = `# PDF export and exact page counts

Generated by \`npm run bench:pdf\` (bench/export-pdf.mjs) on ${result.generated.slice(0, 10)}; ${result.machine.cpus} cores, load ${result.machine.load.join(' / ')} (the machine is shared: times are pessimistic).
Reports from bench/generate.mjs (seed 3). Typst through the native typst.ts addon (bench/results/typst-engines.md).

| measure | value | target |
|---|---|---|
| PDF export cold, ${cold[10].pdfPages} pages, whole \`rapport-bts export\` process | ${cold[10].ms} ms (CPU ${cold[10].cpuMs} ms) | |
| PDF export cold, ${cold[50].pdfPages} pages | ${cold[50].ms} ms (CPU ${cold[50].cpuMs} ms) | ≤ 1 500 ms ${result.targets.coldExport50Ms.met ? '(met)' : '(missed)'} |
| PDF export cold, ${cold[100].pdfPages} pages | ${cold[100].ms} ms (CPU ${cold[100].cpuMs} ms) | |
| exact recount in the worker, ${recount.pages} pages, first (engine start) | ${recount.firstMs} ms | |
| exact recount in the worker after a one-character edit, ${recount.pages} pages | p50 ${recount.p50Ms} ms (CPU ${recount.cpuP50Ms} ms), p95 ${recount.p95Ms} ms (${recount.runs} edits) | p50 ≤ 250 ms ${result.targets.recountP50Ms.met ? '(met)' : '(missed)'} |
| edit → diagnostics, 50 p., while a recount runs | p50 ${withRecount.p50Ms} ms, p95 ${withRecount.p95Ms} ms (${withRecount.exactRuns} recounts) | unchanged |
| edit → diagnostics, 50 p., exact count off | p50 ${without.p50Ms} ms, p95 ${without.p95Ms} ms | |
| server memory (rss) with the engine loaded | ${withRecount.rssMB} MB (heap ${withRecount.heapMB} MB) | |
| server memory (rss), exact count off | ${without.rssMB} MB (heap ${without.heapMB} MB) | |
`;
writeFileSync(join(outDir, 'export-pdf.md'), md);
console.log('→ bench/results/export-pdf.json, bench/results/export-pdf.md');
if (!result.targets.coldExport50Ms.met || !result.targets.recountP50Ms.met) process.exitCode = 1;
