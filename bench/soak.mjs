// A day of typing, compressed: the language server (`dist/cli.js lsp --stdio`, with --expose-gc so
// `rapport/stats { gc: true }` collects first) gets N one-character edits on a generated report,
// spread over the document (paragraphs, headings, table cells, list items), each inserted
// character deleted again a few edits later so the text stays about the same size while every
// block's content keeps changing (what fills caches keyed on content). Every `settleEvery` edits
// the client waits for the analysis of the current version to settle, so analyses really run.
// Memory (RSS from /proc, heap after a forced GC) is read before the first edit, after the last
// one, and after didClose.
//
//   node bench/soak.mjs [--edits 25000] [--pages 10] [--no-build]
//     → bench/results/soak.md, bench/results/soak.json
//
// `soak()` is exported for test/lsp/soak.test.ts (a few thousand edits in `npm test`).

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { generateReport, mulberry32 } from './generate.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lsp = require('vscode-languageserver-protocol/node');
const LETTERS = 'abcdefghijklmnopqrstuvwxyzéèàç';

/** RSS of a process in bytes, from /proc (NaN where there is no /proc). */
function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Peak RSS of a process so far in bytes (VmHWM), NaN where there is no /proc. */
function peakRssOf(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * A memory reading at rest: `read()` (which collects garbage first, `{ rss }` in bytes) again
 * every half second until the RSS stops falling. RSS read right after a forced GC still holds
 * the pages that GC has just freed: V8 hands them back to the system from a background thread a
 * moment later (seen here: 128.8 MB right after the GC, 96.9 MB half a second later, the heap
 * unchanged). What is left is what the process really keeps. Shared with test/lsp/soak.test.ts.
 */
export async function settledReading(read) {
  let m = await read();
  for (let i = 0; i < 8; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const next = await read();
    const falling = m.rss - next.rss > 1024 * 1024;
    m = next;
    if (!falling) break;
  }
  return m;
}

/**
 * Runs the soak; resolves with memory figures in bytes (before / after / closed, each
 * `{ rss, heapUsed }` after a forced GC) and counts.
 */
export async function soak({ edits = 25_000, pages = 10, settleEvery = 10, seed = 7, env = {}, idleMs = 12_000, nodeArgs = [] } = {}) {
  const proc = spawn(process.execPath, ['--expose-gc', ...nodeArgs, join(root, 'dist', 'cli.js'), 'lsp', '--stdio'], { cwd: root, env: { ...process.env, ...env } });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d.toString()));
  const conn = lsp.createProtocolConnection(new lsp.StreamMessageReader(proc.stdout), new lsp.StreamMessageWriter(proc.stdin));
  const settled = new Map();
  let wake;
  conn.onNotification('rapport/analysisSettled', (p) => {
    settled.set(p.uri, p.version);
    wake?.();
  });
  conn.onNotification(lsp.PublishDiagnosticsNotification.type, () => {});
  conn.onRequest(lsp.ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  conn.onRequest(lsp.RegistrationRequest.type, () => null);
  conn.listen();
  const settledAt = (uri, version) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`version ${version} never settled\n${stderr}`)), 120_000);
      wake = () => {
        if (settled.get(uri) === version) {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        }
      };
      wake();
    });
  const memory = async () => {
    const s = await conn.sendRequest('rapport/stats', { gc: true });
    return { rss: rssOf(proc.pid), heapUsed: s.memory.heapUsed, heapTotal: s.memory.heapTotal, external: s.memory.external, arrayBuffers: s.memory.arrayBuffers, exact: s.exact };
  };
  const settledMemory = () => settledReading(memory);

  await conn.sendRequest(lsp.InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
  void conn.sendNotification(lsp.InitializedNotification.type, {});
  const baseline = await settledMemory();

  const uri = 'file:///tmp/rapport-soak.md';
  let text = generateReport({ pages, seed });
  let version = 1;
  void conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version, text } });
  await settledAt(uri, version);
  const before = await settledMemory();

  // Places to type at: the end of a sample of lines of every kind (headings, prose, cells, items).
  const lines = text.split('\n');
  const rand = mulberry32(seed);
  const targets = [];
  lines.forEach((l, i) => {
    if (l.trim() !== '' && !l.startsWith('---') && i > 12) targets.push(i);
  });
  const inserted = []; // [line, character] of letters still to delete, oldest first
  const t0 = performance.now();
  let analyses = 0;
  const warmAfter = Math.min(1000, Math.floor(edits / 3));
  let warm;
  for (let e = 0; e < edits; e++) {
    let change;
    if (inserted.length > 4 || (inserted.length > 0 && rand() < 0.4)) {
      const [line, character] = inserted.shift();
      change = { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
    } else {
      const line = targets[Math.floor(rand() * targets.length)];
      // Never two pending letters on one line: their positions would shift each other.
      if (inserted.some(([l]) => l === line)) {
        e--;
        continue;
      }
      const character = lines[line].length;
      change = { range: { start: { line, character }, end: { line, character } }, text: LETTERS[Math.floor(rand() * LETTERS.length)] };
      inserted.push([line, character]);
    }
    version++;
    void conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    if ((e + 1) % settleEvery === 0) {
      await settledAt(uri, version);
      analyses++;
    }
    // Warmed up: V8's young generation has grown to its working size by then (a one-time cost).
    if (e + 1 === warmAfter) {
      await settledAt(uri, version);
      warm = await memory();
    }
  }
  await settledAt(uri, version);
  const editMs = performance.now() - t0;
  const after = await memory();
  // A pause in the typing: V8 gives back the heap it reserved while allocating fast (its memory
  // reducer runs after a few idle seconds); what stays is what the server really holds.
  await new Promise((r) => setTimeout(r, idleMs));
  const paused = await settledMemory();
  void conn.sendNotification(lsp.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  // didClose has no answer: a request after it is answered once it is handled (messages are in order).
  const closed = await settledMemory();
  // A 5 MB document open (beyond the size guard: the degraded analysis), then closed.
  const bigUri = 'file:///tmp/rapport-soak-5mb.md';
  const big = generateReport({ pages: 1700, seed }).slice(0, 5_000_000);
  void conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri: bigUri, languageId: 'markdown', version: 1, text: big } });
  await settledAt(bigUri, 1);
  const bigOpen = await memory();
  bigOpen.peakRss = peakRssOf(proc.pid);
  void conn.sendNotification(lsp.DidCloseTextDocumentNotification.type, { textDocument: { uri: bigUri } });
  const bigClosed = await settledMemory();
  await conn.sendRequest(lsp.ShutdownRequest.type);
  void conn.sendNotification(lsp.ExitNotification.type);
  await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
  conn.dispose();
  text = undefined;
  return { edits, pages, settleEvery, analysesWaited: analyses, editMs, warmAfter, idleMs, baseline, before, warm, after, paused, closed, bigChars: big.length, bigOpen, bigClosed };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : dflt;
  };
  if (!process.argv.includes('--no-build')) {
    const b = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('build failed');
  }
  const r = await soak({ edits: arg('--edits', 25_000), pages: arg('--pages', 10) });
  const mb = (x) => Math.round((x / 1048576) * 10) / 10;
  const load = loadavg().map((x) => x.toFixed(2)).join(' / ');
  const growth = mb(r.paused.rss - r.before.rss);
  const typingGrowth = mb(r.after.rss - r.before.rss);
  const closedHeap = mb(r.closed.heapUsed - r.baseline.heapUsed);
  const warmGrowth = mb(r.after.rss - r.warm.rss);
  const heapGrowth = mb(r.after.heapUsed - r.before.heapUsed);
  const md = [
    '# Soak: one-character edits over LSP',
    '',
    `Run ${new Date().toISOString()} — ${cpus().length} cores, Node ${process.version}, load average ${load}.`,
    `\`node bench/soak.mjs --edits ${r.edits} --pages ${r.pages}\`: ${r.edits} edits (insert a letter at the end of a line, delete it a few edits later) on a generated ${r.pages}-page report, waiting for the analysis to settle every ${r.settleEvery} edits; ${Math.round(r.editMs)} ms in all. Memory after a forced GC (\`rapport/stats { gc: true }\`, server run with --expose-gc); RSS from /proc. Readings at rest (nothing open, report open, the pause, after didClose) are settled: collected, then read again every half second until the RSS stops falling, since V8 returns the pages a GC freed a moment after it; the readings during the typing are taken at once, V8's heap headroom included.`,
    '',
    '| moment | RSS (MB) | heap used (MB) |',
    '|---|---:|---:|',
    `| server started, nothing open | ${mb(r.baseline.rss)} | ${mb(r.baseline.heapUsed)} |`,
    `| report open | ${mb(r.before.rss)} | ${mb(r.before.heapUsed)} |`,
    `| after ${r.warmAfter} edits (warmed up) | ${mb(r.warm.rss)} | ${mb(r.warm.heapUsed)} |`,
    `| after ${r.edits} edits | ${mb(r.after.rss)} | ${mb(r.after.heapUsed)} |`,
    `| then ${r.idleMs / 1000} s without typing (settled) | ${mb(r.paused.rss)} | ${mb(r.paused.heapUsed)} |`,
    `| after didClose | ${mb(r.closed.rss)} | ${mb(r.closed.heapUsed)} |`,
    `| a ${(r.bigChars / 1e6).toFixed(1)}-million-character report open (degraded analysis) | ${mb(r.bigOpen.rss)} | ${mb(r.bigOpen.heapUsed)} |`,
    `| closed again | ${mb(r.bigClosed.rss)} | ${mb(r.bigClosed.heapUsed)} |`,
    '',
    `Exact page counts (typesetting child process, replaced every ${20} counts): ${r.after.exact?.runs ?? 0} counts, ${r.after.exact?.recycled ?? 0} processes replaced, ${r.after.exact?.failures ?? 0} failures; that process's memory is not in the server's RSS.`,
    '',
    '| target | value | limit | |',
    '|---|---:|---:|---|',
    `| RSS growth over the edits, report open → pause after the last edit (MB) | ${growth} | 30 | ${growth <= 30 ? 'met' : '**missed**'} |`,
    `| RSS growth, report open → right after the last edit (V8's heap headroom included; MB) | ${typingGrowth} | — | |`,
    `| RSS growth, after ${r.warmAfter} edits → right after the last edit (MB) | ${warmGrowth} | — | |`,
    `| heap growth over the edits, after GC (MB) | ${heapGrowth} | 30 | ${heapGrowth <= 30 ? 'met' : '**missed**'} |`,
    `| heap after didClose above the idle server's (MB) | ${closedHeap} | 5 | ${closedHeap <= 5 ? 'met' : '**missed**'} |`,
    `| 5 MB document open: RSS above the server with nothing open (MB) | ${mb(r.bigOpen.rss - r.closed.rss)} | 300 | ${r.bigOpen.rss - r.closed.rss <= 300 * 1048576 ? 'met' : '**missed**'} |`,
    `| peak RSS of the server over the whole run (MB) | ${mb(r.bigOpen.peakRss)} | — | |`,
    `| RSS after didClose above the idle server's (MB) | ${mb(r.closed.rss - r.baseline.rss)} | — | |`,
    '',
  ].join('\n');
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'soak.md'), md);
  writeFileSync(join(root, 'bench', 'results', 'soak.json'), JSON.stringify({ date: new Date().toISOString(), load, ...r }, null, 2) + '\n');
  console.log(md);
}
