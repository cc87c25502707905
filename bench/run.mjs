// `npm run bench`: performance of the analysis on generated reports of 10, 25, 50 and 100 pages,
// in one run, next to two yardsticks measured on the same texts (markdownlint's full lint and a
// bare remark-parse); the language server's memory with the 100-page report open; the CLI over
// 30 reports. Writes bench/results/perf.json and perf.md (each target with met / missed).
//
// The analysis core is TypeScript: it is bundled first with esbuild into out/bench/.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleServer } from './bundle.mjs';
import { lint as markdownlint } from 'markdownlint/sync';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { generateReport } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');
const PAGES = [10, 25, 50, 100];
const EDITS = quick ? 20 : 60;
const SETTINGS = { today: '2026-01-15' };

// --- the core, bundled ----------------------------------------------------------------------
const core = await bundleServer('core', [
  "export { analyze, createAnalyzer, runRules } from './server/src/core/analyze';",
  "export { mergeChange } from './server/src/core/parse/incremental';",
  "export { parseMarkdown } from './server/src/core/parse/parse';",
  "export { buildModel } from './server/src/core/model/model';",
  "export { rules } from './server/src/rules';",
  "export { loadProfilesFrom } from './server/src/profiles/load';",
]);
const registry = core.loadProfilesFrom(join(root, 'server', 'src', 'profiles'));

// --- helpers ----------------------------------------------------------------------------------
const now = () => performance.now();
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
/** Median of `runs` timed calls after `warmup` untimed ones. */
function median(fn, runs = quick ? 5 : 11, warmup = 2) {
  for (let i = 0; i < warmup; i++) fn();
  const t = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    fn();
    t.push(now() - t0);
  }
  t.sort((a, b) => a - b);
  return quantile(t, 0.5);
}
/**
 * Medians of several functions timed in turn (a, b, c, a, b, c…), so that a busy machine
 * slows them alike and their ratios stay meaningful.
 */
function interleaved(fns, runs = quick ? 5 : 11, warmup = 2) {
  const names = Object.keys(fns);
  for (let i = 0; i < warmup; i++) for (const n of names) fns[n]();
  const t = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) {
    for (const n of names) {
      const t0 = now();
      fns[n]();
      t[n].push(now() - t0);
    }
  }
  return Object.fromEntries(names.map((n) => [n, quantile(t[n].sort((a, b) => a - b), 0.5)]));
}
const bareRemark = unified().use(remarkParse).freeze();
const words = (t) => t.split(/\s+/).filter(Boolean).length;

/** Offsets of `count` edit points spread over the body: inside a word of a prose line. */
function editPoints(text, count) {
  const bodyStart = text.indexOf('\n---', 3) + 4;
  const points = [];
  for (let k = 0; k < count; k++) {
    let at = bodyStart + Math.floor(((k + 0.5) / count) * (text.length - bodyStart));
    // Move to the next lowercase letter of a prose line (not a heading, table or fence).
    for (;;) {
      const ls = text.lastIndexOf('\n', at - 1) + 1;
      const line = text.slice(ls, text.indexOf('\n', ls) < 0 ? text.length : text.indexOf('\n', ls));
      if (/^[A-Za-zÀ-ÿ*]/.test(line) && /[a-z]/.test(text[at] ?? '')) break;
      at++;
      if (at >= text.length) break;
    }
    points.push(at);
  }
  return points;
}

// --- analysis timings ---------------------------------------------------------------------------
const sizes = [];
for (const pages of PAGES) {
  const text = generateReport({ pages, seed: 1 });
  const row = { pages, chars: text.length, words: words(text), lines: text.split('\n').length };

  // Truly cold: the first analysis of this text (the JIT is warm from the previous size).
  let t0 = now();
  const first = core.analyze(text, SETTINGS, registry, core.rules);
  row.coldFirstMs = round(now() - t0);
  row.findings = first.findings.length;
  const model = core.buildModel(text, SETTINGS, registry);
  const m = interleaved({
    cold: () => core.analyze(text, SETTINGS, registry, core.rules),
    remark: () => bareRemark.parse(text),
    parse: () => core.parseMarkdown(text),
    markdownlint: () => markdownlint({ strings: { doc: text } }),
    // Where the analysis time goes: parse + model, then the rules (all, and each).
    model: () => core.buildModel(text, SETTINGS, registry),
    rules: () => core.runRules(model, SETTINGS, registry, core.rules),
  });
  row.coldMs = round(m.cold);
  row.remarkParseMs = round(m.remark);
  row.fullParseMs = round(m.parse);
  row.markdownlintMs = round(m.markdownlint);
  row.modelMs = round(m.model);
  row.rulesMs = round(m.rules);
  row.ruleMs = Object.fromEntries(
    core.rules
      .map((r) => [r.code, round(median(() => r.check(model, { settings: SETTINGS, registry }), quick ? 3 : 5, 1), 3)])
      .sort((a, b) => b[1] - a[1]),
  );

  // One-character edits through the incremental path: type a letter, then delete it again.
  // As in the server, the change's range comes with it (hint); a second series compares texts.
  const analyzer = core.createAnalyzer({ registry, rules: core.rules });
  analyzer.update(text, SETTINGS);
  const times = [];
  const timesNoHint = [];
  const paths = { incremental: 0, full: 0, unchanged: 0 };
  let mismatches = 0;
  for (const [i, at] of editPoints(text, EDITS).entries()) {
    const edited = text.slice(0, at) + 'e' + text.slice(at);
    const steps = [
      [edited, core.mergeChange(undefined, at, at, 1)],
      [text, core.mergeChange(undefined, at, at + 1, 0)],
    ];
    for (const [next, hint] of steps) {
      t0 = now();
      const r = analyzer.update(next, SETTINGS, hint);
      times.push(now() - t0);
      paths[analyzer.last.path]++;
      // Spot-check against a full analysis (outside the timing).
      if (i % 10 === 0 && next === edited) {
        const full = core.analyze(next, SETTINGS, registry, core.rules);
        if (JSON.stringify(full.findings) !== JSON.stringify(r.findings)) mismatches++;
      }
    }
    for (const [next] of steps) {
      t0 = now();
      analyzer.update(next, SETTINGS);
      timesNoHint.push(now() - t0);
    }
  }
  timesNoHint.sort((a, b) => a - b);
  row.editNoHintP50Ms = round(quantile(timesNoHint, 0.5), 3);
  times.sort((a, b) => a - b);
  row.editCount = times.length;
  row.editP50Ms = round(quantile(times, 0.5), 3);
  row.editP95Ms = round(quantile(times, 0.95), 3);
  row.editMaxMs = round(times[times.length - 1], 3);
  row.editPaths = paths;
  row.editMismatches = mismatches;
  sizes.push(row);
  console.log(
    `${String(pages).padStart(3)} p. ${String(row.chars).padStart(7)} car. | analyse ${row.coldMs} ms (1re ${row.coldFirstMs}) | ` +
      `remark-parse ${row.remarkParseMs} ms | markdownlint ${row.markdownlintMs} ms | édition p50 ${row.editP50Ms} ms, p95 ${row.editP95Ms} ms`,
  );
}

// --- server memory with the 100-page report open -----------------------------------------------
if (!process.argv.includes('--no-build')) {
  const b = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('build failed');
}
const lsp = require('vscode-languageserver-protocol/node');

async function serverMemory(text) {
  const proc = spawn(process.execPath, ['--expose-gc', join(root, 'dist', 'cli.js'), 'lsp', '--stdio'], { cwd: root });
  const conn = lsp.createProtocolConnection(new lsp.StreamMessageReader(proc.stdout), new lsp.StreamMessageWriter(proc.stdin));
  const published = [];
  let notify;
  conn.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    notify?.();
  });
  conn.onRequest(lsp.ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  conn.onRequest(lsp.RegistrationRequest.type, () => null);
  conn.listen();
  const waitPublished = (n) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no diagnostics')), 60_000);
      notify = () => {
        if (published.length >= n) {
          clearTimeout(timer);
          resolve();
        }
      };
      notify();
    });
  await conn.sendRequest(lsp.InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
  void conn.sendNotification(lsp.InitializedNotification.type, {});
  const idle = await conn.sendRequest('rapport/stats', { gc: true });
  const uri = 'file:///tmp/rapport-100.md';
  const t0 = now();
  void conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  await waitPublished(1);
  const openMs = now() - t0;
  // A few edits typed in the middle (a burst: coalesced, the last version published).
  const lines = text.split('\n');
  const line = Math.floor(lines.length / 2);
  for (let v = 2; v <= 6; v++) {
    void conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'x' }],
    });
  }
  await waitPublished(2);
  const rssOf = () => {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  };
  const stats = await conn.sendRequest('rapport/stats', {});
  const rssNoGc = rssOf();
  const statsGc = await conn.sendRequest('rapport/stats', { gc: true });
  const rss = rssOf();
  await conn.sendRequest(lsp.ShutdownRequest.type);
  void conn.sendNotification(lsp.ExitNotification.type);
  await new Promise((r) => proc.once('exit', r));
  conn.dispose();
  const mb = (x) => round(x / 1048576, 1);
  return {
    idleHeapMB: mb(idle.memory.heapUsed),
    heapUsedMB: mb(stats.memory.heapUsed),
    heapUsedAfterGcMB: mb(statsGc.memory.heapUsed),
    heapTotalMB: mb(statsGc.memory.heapTotal),
    rssMB: mb(rss),
    rssBeforeGcMB: mb(rssNoGc),
    firstDiagnosticsMs: round(openMs, 1),
    publications: published.length,
    lastAnalysis: statsGc.lastAnalysis,
  };
}

/**
 * One-character edit → diagnostics, timed from outside the server over stdio on the 50-page
 * report: pushed (the time from sending didChange to the publication of that version) and
 * pulled (didChange then textDocument/diagnostic, to the answer). Each edit is isolated (a pause
 * before it), as when a student types a letter and reads; a letter typed, then deleted.
 */
async function editLatency(text, mode) {
  const proc = spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'lsp', '--stdio'], { cwd: root });
  const conn = lsp.createProtocolConnection(new lsp.StreamMessageReader(proc.stdout), new lsp.StreamMessageWriter(proc.stdin));
  let onPublish;
  conn.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => onPublish?.(p));
  conn.onRequest(lsp.ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  conn.onRequest(lsp.RegistrationRequest.type, () => null);
  conn.listen();
  const capabilities = mode === 'pull' ? { textDocument: { diagnostic: {} } } : {};
  await conn.sendRequest(lsp.InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities, initializationOptions: { settings: SETTINGS } });
  void conn.sendNotification(lsp.InitializedNotification.type, {});
  const uri = 'file:///tmp/rapport-50.md';
  const published = (version) => new Promise((resolve) => (onPublish = (p) => p.version === version && resolve(p)));
  let first = mode === 'push' ? published(1) : undefined;
  void conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  if (mode === 'pull') await conn.sendRequest(lsp.DocumentDiagnosticRequest.type, { textDocument: { uri } });
  else await first;
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const posAt = (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - lineStarts[lo] };
  };
  const times = [];
  let version = 1;
  let diagnostics = 0;
  for (const at of editPoints(text, quick ? 10 : 30)) {
    const p = posAt(at);
    const steps = [
      { range: { start: p, end: p }, text: 'e' },
      { range: { start: p, end: { line: p.line, character: p.character + 1 } }, text: '' },
    ];
    for (const change of steps) {
      await new Promise((r) => setTimeout(r, 120)); // an isolated edit
      version++;
      const t0 = now();
      const done = mode === 'push' ? published(version) : undefined;
      void conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
      if (mode === 'pull') {
        const report = await conn.sendRequest(lsp.DocumentDiagnosticRequest.type, { textDocument: { uri } });
        diagnostics = report.items?.length ?? diagnostics;
      } else {
        diagnostics = (await done).diagnostics.length;
      }
      times.push(now() - t0);
    }
  }
  await conn.sendRequest(lsp.ShutdownRequest.type);
  void conn.sendNotification(lsp.ExitNotification.type);
  await new Promise((r) => proc.once('exit', r));
  conn.dispose();
  times.sort((a, b) => a - b);
  return { mode, edits: times.length, diagnostics, p50Ms: round(quantile(times, 0.5)), p95Ms: round(quantile(times, 0.95)), maxMs: round(times[times.length - 1]) };
}
const report50 = generateReport({ pages: 50, seed: 1 });
const latency = {};
for (const mode of ['push', 'pull']) {
  latency[mode] = await editLatency(report50, mode);
  console.log(`édition → diagnostics (${mode}, stdio, 50 p.) : p50 ${latency[mode].p50Ms} ms, p95 ${latency[mode].p95Ms} ms (${latency[mode].diagnostics} diagnostics)`);
}
// markdownlint's full lint of the same text, timed in this run, right after the latency series.
latency.markdownlintMs = round(median(() => markdownlint({ strings: { doc: report50 } })));

const memory = await serverMemory(generateReport({ pages: 100, seed: 1 }));
console.log(`serveur, rapport de 100 pages ouvert : tas ${memory.heapUsedAfterGcMB} Mo après GC (${memory.heapUsedMB} Mo avant), RSS ${memory.rssMB} Mo`);

// --- the CLI over 30 reports -------------------------------------------------------------------
const cliDir = join(os.tmpdir(), `rapport-bench-${process.pid}`);
rmSync(cliDir, { recursive: true, force: true });
mkdirSync(cliDir, { recursive: true });
const files = [];
let cliChars = 0;
for (let i = 0; i < 30; i++) {
  const pages = 20 + (i % 3) * 10; // 20, 30, 40 pages: 30 on average
  const text = generateReport({ pages, seed: 100 + i, bts: ['cpi', 'sn', 'ciel', 'mm', 'electrotechnique'][i % 5] });
  cliChars += text.length;
  const f = join(cliDir, `rapport-${i + 1}.md`);
  writeFileSync(f, text);
  files.push(f);
}
const cliRuns = [];
for (let r = 0; r < (quick ? 1 : 3); r++) {
  const t0 = now();
  const res = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'check', ...files], { cwd: root, encoding: 'utf8' });
  cliRuns.push(now() - t0);
  if (res.status === 2) throw new Error(`CLI failed: ${res.stderr}`);
}
rmSync(cliDir, { recursive: true, force: true });
cliRuns.sort((a, b) => a - b);
const cli = { files: 30, totalChars: cliChars, wallMs: round(quantile(cliRuns, 0.5), 0), runs: cliRuns.map((x) => round(x, 0)) };
console.log(`CLI, 30 rapports (${round(cliChars / 1e6, 2)} M car.) : ${cli.wallMs} ms`);

// --- targets ------------------------------------------------------------------------------------
const at = (p) => sizes.find((s) => s.pages === p);
const p50 = at(50);
const targets = [
  {
    id: 'edit-50p-p50',
    description: 'One-character edit in a 50-page report, p50 ≤ 5 ms',
    value: p50.editP50Ms,
    limit: 5,
    met: p50.editP50Ms <= 5,
  },
  {
    id: 'edit-50p-vs-markdownlint',
    description: "One-character edit in a 50-page report, p50 ≤ 0.1 × markdownlint's full lint (same run)",
    value: p50.editP50Ms,
    limit: round(0.1 * p50.markdownlintMs, 3),
    met: p50.editP50Ms <= 0.1 * p50.markdownlintMs,
  },
  ...['push', 'pull'].map((mode) => ({
    id: `edit-to-diagnostics-50p-${mode}`,
    description: `One-character edit → diagnostics over stdio (${mode}), 50-page report, p50 ≤ 0.25 × markdownlint's full lint of the same text (same run)`,
    value: latency[mode].p50Ms,
    limit: round(0.25 * latency.markdownlintMs),
    met: latency[mode].p50Ms <= 0.25 * latency.markdownlintMs,
  })),
  ...sizes.map((s) => ({
    id: `cold-${s.pages}p-vs-remark`,
    description: `Cold analysis of the ${s.pages}-page report ≤ 1.3 × bare remark-parse (medians)`,
    value: s.coldMs,
    limit: round(1.3 * s.remarkParseMs),
    ratio: round(s.coldMs / s.remarkParseMs),
    met: s.coldMs <= 1.3 * s.remarkParseMs,
  })),
  {
    id: 'heap-100p',
    description: 'Server heap with the 100-page report open ≤ 60 MB (after GC)',
    value: memory.heapUsedAfterGcMB,
    limit: 60,
    met: memory.heapUsedAfterGcMB <= 60,
  },
  { id: 'cli-30', description: 'CLI over 30 reports ≤ 2 s (wall time, median of runs)', value: cli.wallMs, limit: 2000, met: cli.wallMs <= 2000 },
];

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  node: process.version,
  loadAverage: os.loadavg().map((x) => round(x)),
  memoryGB: round(os.totalmem() / 2 ** 30, 1),
};
const result = { date: new Date().toISOString(), machine, quick, sizes, latency, memory, cli, targets };
const outDir = join(root, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'perf.json'), JSON.stringify(result, null, 2) + '\n');

const md = [
  '# Performance',
  '',
  `Run ${result.date} — ${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}, load average ${machine.loadAverage.join(' / ')}.`,
  'Generated reports (`bench/generate.mjs`, seed 1, ~480 words per page). Times are medians in ms unless stated.',
  `Edit: \`createAnalyzer(…).update\` after typing one letter inside a word, then deleting it (${EDITS} places spread over the body, so ${EDITS * 2} updates), with the change range as the server passes it; it includes the re-parse, the model and every rule. "Texts compared": the same without the range.`,
  'Cold analysis: `analyze` (full parse, model, every rule), median of rounds on the same text; each call makes its own analyzer, so no tree and no memo of a previous round is reused — only the JIT is warm ("first analysis": the very first call on that text). Until the content memos became per document (issue 9), they were module caches, warm from one round to the next, which flattered this figure. The yardsticks and the analysis are timed in turn, round after round.',
  '',
  '| pages | chars | analysis (cold, median) | first analysis | bare remark-parse | our parse (gfm + front matter) | model (parse included) | rules | markdownlint | edit p50 | edit p95 | edit p50, texts compared | edits incremental |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...sizes.map(
    (s) =>
      `| ${s.pages} | ${s.chars} | ${s.coldMs} | ${s.coldFirstMs} | ${s.remarkParseMs} | ${s.fullParseMs} | ${s.modelMs} | ${s.rulesMs} | ${s.markdownlintMs} | ${s.editP50Ms} | ${s.editP95Ms} | ${s.editNoHintP50Ms} | ${s.editPaths.incremental}/${s.editCount} |`,
  ),
  '',
  `Rules on the 50-page report (ms, median): ${Object.entries(at(50).ruleMs).filter(([, v]) => v >= 0.05).map(([k, v]) => `${k} ${v}`).join(', ') || 'each under 0.05'}. ` +
    'The "rules" column and these figures run the rules again on one model: the caches kept per model and per block (analysis/memo.ts) are warm, as for the blocks an edit leaves alone; the edit columns time the whole update.',
  '',
  `Server (\`dist/cli.js lsp --stdio\`) with the 100-page report open: heap ${memory.heapUsedAfterGcMB} MB after GC (${memory.heapUsedMB} MB before; ${memory.idleHeapMB} MB idle), RSS ${memory.rssMB} MB; first diagnostics ${memory.firstDiagnosticsMs} ms after opening.`,
  '',
  `Edit → diagnostics, timed from outside the server (\`dist/cli.js lsp --stdio\`) on the 50-page report, ${latency.push.edits} isolated one-letter edits (typed, then deleted; 120 ms apart): pushed p50 ${latency.push.p50Ms} ms (p95 ${latency.push.p95Ms}), pulled (\`textDocument/diagnostic\` right after the change) p50 ${latency.pull.p50Ms} ms (p95 ${latency.pull.p95Ms}); markdownlint's full lint of the same text ${latency.markdownlintMs} ms in the same run.`,
  '',
  `CLI: \`node dist/cli.js check\` on 30 generated reports (20–40 pages, ${cli.totalChars} chars): ${cli.wallMs} ms wall time.`,
  '',
  '| target | value | limit | |',
  '|---|---:|---:|---|',
  ...targets.map((t) => `| ${t.description} | ${t.value} | ${t.limit} | ${t.met ? 'met' : '**missed**'} |`),
  '',
];
writeFileSync(join(outDir, 'perf.md'), md.join('\n'));
console.log('');
for (const t of targets) console.log(`${t.met ? 'met   ' : 'MISSED'}  ${t.description}: ${t.value} (limit ${t.limit})`);
console.log('→ bench/results/perf.json, bench/results/perf.md');

// --- the class summary (30 and 300 reports): its own script and results ---------------------
if (!process.argv.includes('--no-classe')) {
  const r = spawnSync(process.execPath, [join(root, 'bench', 'classe.mjs'), ...(quick ? ['--quick'] : [])], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}

// --- the PDF export and the exact counts (cold export, recount, edits during a recount, memory) ----
if (!process.argv.includes('--no-pdf')) {
  const r = spawnSync(process.execPath, [join(root, 'bench', 'export-pdf.mjs'), ...(quick ? ['--quick'] : [])], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}

// --- the Word export (time, LibreOffice page counts): its own script and results --------------
if (!process.argv.includes('--no-docx')) {
  const r = spawnSync(process.execPath, [join(root, 'bench', 'export-docx.mjs'), ...(quick ? ['--quick'] : [])], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}

// --- hostile inputs (time and memory per family at 100 KB, 1 MB, 5 MB): its own script and results ---
if (!process.argv.includes('--no-hostile')) {
  const r = spawnSync(process.execPath, [join(root, 'bench', 'hostile.mjs'), '--no-build', ...(quick ? ['--sizes', '100000,1000000'] : [])], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}

// --- the soak (25,000 one-character edits over LSP, then a 5 MB document): its own script and results ---
if (!process.argv.includes('--no-soak')) {
  const r = spawnSync(process.execPath, [join(root, 'bench', 'soak.mjs'), '--no-build', ...(quick ? ['--edits', '3000'] : [])], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}
