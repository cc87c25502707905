// `npm run bench:edit-recount`: one-character edit → diagnostics in the language server (the
// built CLI's `lsp --stdio`) on the generated 50-page report, while the exact recount runs in
// its child process (exact delay 1 ms: each edit's recount is still running when the next edit
// arrives), against the same edits with the exact count off (RAPPORT_BTS_EXACT=off), and with
// the recount at the server's own priority (RAPPORT_BTS_EXACT_PRIORITY=normal) instead of below
// it. Optionally with N busy loops beside it (`-- --load N`, default the machine's cores), as on
// a student's laptop running other things: what matters is whether the recount takes CPU from
// the diagnostics. The variants alternate (off, below, normal, off, …) so a change of the
// machine's load touches each alike.
// Writes bench/results/edit-during-recount.json and .md.

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
const lsp = require('vscode-languageserver-protocol/node');
const quick = process.argv.includes('--quick');
const loadArg = process.argv.indexOf('--load');
const busy = loadArg > 0 ? Number(process.argv[loadArg + 1]) : os.cpus().length;
const now = () => performance.now();
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const q = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];

if (spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
const tmp = mkdtempSync(join(os.tmpdir(), 'rapport-bench-recount-'));
const text = generateReport({ pages: 50, seed: 3 });
const file = join(tmp, 'rapport-50.md');
writeFileSync(file, text);

/** N threads spinning (the machine's other work), stopped by terminate(). */
function spinners(n) {
  return Array.from({ length: n }, () => new Worker('for (;;) {}', { eval: true }));
}

async function session(variant, edits) {
  const env = { RAPPORT_BTS_EXACT_DELAY_MS: '1' };
  if (variant === 'off') env.RAPPORT_BTS_EXACT = 'off';
  if (variant === 'normal') env.RAPPORT_BTS_EXACT_PRIORITY = 'normal';
  const { conn, published, stop } = await startServer({ env, settings: { today: '2026-01-15' } });
  const uri = pathToFileURL(file).href;
  let wait = published(1);
  void conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  await wait;
  await new Promise((r) => setTimeout(r, 3000)); // the first count (engine start)
  const times = [];
  const lines = text.split('\n');
  let version = 1;
  for (let i = 0; i < edits; i++) {
    const line = Math.floor(((i + 1) / (edits + 2)) * lines.length);
    version++;
    const t0 = now();
    wait = published(version);
    void conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'e' }] });
    await wait;
    times.push(now() - t0);
    await new Promise((r) => setTimeout(r, 40)); // typing: the recount of this version starts meanwhile
  }
  const stats = await conn.sendRequest('rapport/stats', {});
  await stop();
  return { times, recounts: stats.exact?.runs ?? 0 };
}

const variants = ['off', 'below', 'normal'];
const results = Object.fromEntries(variants.map((v) => [v, { times: [], recounts: 0 }]));
const rounds = quick ? 1 : 3;
const loadBefore = os.loadavg().map((x) => round(x, 2));
for (const withLoad of [false, true]) {
  const spin = withLoad ? spinners(busy) : [];
  for (let r = 0; r < rounds; r++) {
    for (const v of variants) {
      const s = await session(v, quick ? 10 : 20);
      const key = `${v}${withLoad ? '+load' : ''}`;
      results[key] ??= { times: [], recounts: 0 };
      results[key].times.push(...s.times);
      results[key].recounts += s.recounts;
      console.log(`${key} (tour ${r + 1}) : p50 ${round(q([...s.times].sort((a, b) => a - b), 0.5), 2)} ms, ${s.recounts} recomptes`);
    }
  }
  await Promise.all(spin.map((w) => w.terminate()));
}
const rows = Object.entries(results)
  .filter(([, x]) => x.times.length)
  .map(([key, x]) => {
    const t = [...x.times].sort((a, b) => a - b);
    return { variant: key, edits: t.length, p50Ms: round(q(t, 0.5), 2), p95Ms: round(q(t, 0.95), 2), maxMs: round(t[t.length - 1], 2), recounts: x.recounts };
  });
const load = os.loadavg().map((x) => round(x, 2));
const out = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadBefore, loadAfter: load, busyThreads: busy, rows };
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'edit-during-recount.json'), JSON.stringify(out, null, 2) + '\n');
const names = { off: 'exact count off', below: 'recount running, below the server\'s priority (default)', normal: 'recount running, at the server\'s priority' };
const label = (v) => `${names[v.replace('+load', '')]}${v.endsWith('+load') ? ` + ${busy} busy threads` : ''}`;
const md = [
  '# One-character edit → diagnostics while a recount runs',
  '',
  `Run ${out.date} — ${out.cpus} cores, Node ${out.node}, load average before ${loadBefore.join(' / ')}, after ${load.join(' / ')}. Command: \`npm run bench:edit-recount\` (\`-- --quick\`, \`-- --load N\`).`,
  '',
  'The language server (`rapport-bts lsp --stdio`, built) with the generated 50-page report open; an edit of one character every ~40 ms after its diagnostics, the exact recount 1 ms after each edit (so one is running when the next edit comes). Time from `didChange` to its `publishDiagnostics`. The variants alternate in rounds; "busy threads" spin beside the server, as other programs on a student\'s machine.',
  '',
  '| variant | edits | p50 (ms) | p95 (ms) | max (ms) | recounts |',
  '|---|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${label(r.variant)} | ${r.edits} | ${r.p50Ms} | ${r.p95Ms} | ${r.maxMs} | ${r.recounts} |`),
  '',
].join('\n');
writeFileSync(join(root, 'bench', 'results', 'edit-during-recount.md'), md);
console.log(md);
