// The command-line checker: `rapport-bts check FILE... [--bts ID] [--format text|json]`
// and `rapport-bts lsp --stdio`. Contract: ../shared/design.md.

import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyze } from './core/analyze';
import { summarizePages, type PagesSummary } from './core/model/summary';
import type { Finding } from './core/types';
import { getRegistry } from './host/registry';
import { withImageSize } from './host/imageSize';
import { startServer } from './lsp/server';

const USAGE = `Utilisation :
  rapport-bts check FICHIER... [--bts ID] [--format text|json]
  rapport-bts lsp --stdio

  --bts ID         BTS à utiliser pour les fichiers sans champ « bts » (cpi, sn, ciel, mm, electrotechnique)
  --format FORMAT  text (par défaut) ou json`;

interface FileResult {
  file: string;
  bts: string | null;
  pages: PagesSummary;
  diagnostics: {
    code: string;
    severity: string;
    message: string;
    range: Finding['range'];
    data: Record<string, unknown>;
  }[];
}

class UsageError extends Error {}

function parseArgs(argv: string[]): { files: string[]; bts?: string; format: 'text' | 'json' } {
  const files: string[] = [];
  let bts: string | undefined;
  let format: 'text' | 'json' = 'text';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (flag === '--bts' || flag === '--format') {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`l'option ${flag} attend une valeur`);
      if (flag === '--bts') bts = v;
      else if (v === 'text' || v === 'json') format = v;
      else throw new UsageError(`format inconnu « ${v} » (text ou json)`);
    } else if (a === '--') {
      files.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`option inconnue « ${a} »`);
    } else {
      files.push(a);
    }
  }
  if (files.length === 0) throw new UsageError('aucun fichier à vérifier');
  return { files, ...(bts !== undefined ? { bts } : {}), format };
}

function fmtPages(n: number | null): string {
  return n === null ? '?' : n.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

function textReport(r: FileResult): string {
  const lines: string[] = [];
  if (r.bts === null && r.diagnostics.length === 0) {
    return `${r.file}: pas un rapport de stage (aucun champ « bts » dans l'en-tête) — ignoré.`;
  }
  for (const d of r.diagnostics) {
    lines.push(`${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1}  ${d.severity}  ${d.code}  ${d.message}`);
  }
  if (r.bts !== null) {
    const p = r.pages;
    const limit = p.limit === null ? '' : ` pour ${p.limit} au plus`;
    lines.push(`${r.file}: BTS ${r.bts} — pages : ≈ ${fmtPages(p.body)} hors annexes${limit} (document ≈ ${fmtPages(p.document)})`);
    for (const s of p.sections) {
      const budget = s.min !== null || s.max !== null ? ` · budget ${s.min ?? 0}–${s.max ?? '∞'} p.` : '';
      lines.push(`  ${s.title.padEnd(40)} ligne ${String(s.line + 1).padStart(4)}  ≈ ${fmtPages(s.pages)} p.${budget}`);
    }
    const counts = { error: 0, warning: 0, info: 0 } as Record<string, number>;
    for (const d of r.diagnostics) counts[d.severity] = (counts[d.severity] ?? 0) + 1;
    lines.push(`${r.file}: ${counts.error} erreur(s), ${counts.warning} avertissement(s), ${counts.info} conseil(s)`);
  }
  return lines.join('\n');
}

type Outcome = { result: FileResult } | { error: string };

/** Reads and analyses one file; a file that cannot be read gives the French reason. */
function checkOne(file: string, bts: string | undefined): Outcome {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'fichier introuvable' : code === 'EISDIR' ? "c'est un dossier" : code === 'EACCES' ? 'lecture refusée' : (e as Error).message;
    return { error: `impossible de lire ${file} : ${why}` };
  }
  // Images are measured on disk, relative to the report, like in the editor.
  const settings = withImageSize({ bts: bts ?? null }, file);
  const { model, findings } = analyze(text, settings, getRegistry());
  return {
    result: {
      file,
      bts: model.profile?.id ?? null,
      pages: summarizePages(model, settings),
      diagnostics: findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, range: f.range, data: f.data })),
    },
  };
}

/** How many threads check the files: one per core (at most 8), one for a handful of files. */
function jobCount(files: number): number {
  const forced = Number(process.env.RAPPORT_BTS_JOBS);
  if (Number.isInteger(forced) && forced > 0) return Math.min(forced, files);
  if (files < 4 || !__filename.endsWith('.js')) return 1;
  return Math.max(1, Math.min(availableParallelism(), files, 8));
}

/**
 * Checks the files, in parallel when there are several cores: the files are shared out by size
 * between this thread and worker threads running this same bundle. Outcomes keep the files' order.
 */
async function checkAll(files: string[], bts: string | undefined): Promise<Outcome[]> {
  const jobs = jobCount(files.length);
  if (jobs === 1) return files.map((f) => checkOne(f, bts));
  const size = (f: string) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  const buckets: { indexes: number[]; load: number }[] = Array.from({ length: jobs }, () => ({ indexes: [], load: 0 }));
  const bySize = files.map((f, i) => ({ i, size: size(f) })).sort((a, b) => b.size - a.size);
  for (const { i, size: n } of bySize) {
    const lightest = buckets.reduce((a, b) => (b.load < a.load ? b : a));
    lightest.indexes.push(i);
    lightest.load += n + 20_000; // a file costs something even when small
  }
  const outcomes: Outcome[] = new Array(files.length);
  const workers = buckets.slice(1).map(
    (bucket) =>
      new Promise<void>((resolve) => {
        const worker = new Worker(__filename, { workerData: { files: bucket.indexes.map((i) => files[i]!), bts } });
        let done = false;
        worker.once('message', (list: Outcome[]) => {
          done = true;
          list.forEach((o, k) => (outcomes[bucket.indexes[k]!] = o));
        });
        worker.once('error', () => undefined);
        worker.once('exit', () => {
          // A worker that died: its files are checked here instead.
          if (!done) for (const i of bucket.indexes) outcomes[i] = checkOne(files[i]!, bts);
          resolve();
        });
      }),
  );
  for (const i of buckets[0]!.indexes) outcomes[i] = checkOne(files[i]!, bts);
  await Promise.all(workers);
  return outcomes;
}

export async function runCheck(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`rapport-bts : ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const registry = getRegistry();
  if (args.bts !== undefined && !registry.resolve(args.bts)) {
    process.stderr.write(`rapport-bts : BTS inconnu « ${args.bts} » (valeurs acceptées : ${registry.ids().join(', ')})\n`);
    return 2;
  }
  let status = 0;
  const results: FileResult[] = [];
  for (const outcome of await checkAll(args.files, args.bts)) {
    if ('error' in outcome) {
      process.stderr.write(`rapport-bts : ${outcome.error}\n`);
      status = 2;
      continue;
    }
    const result = outcome.result;
    results.push(result);
    if (status === 0 && result.diagnostics.some((d) => d.severity === 'error')) status = 1;
    if (args.format === 'text') process.stdout.write(textReport(result) + '\n');
  }
  if (args.format === 'json') process.stdout.write(JSON.stringify({ version: 1, files: results }, null, 2) + '\n');
  return status;
}

function main(argv: string[]): void {
  const [cmd, ...rest] = argv;
  if (cmd === 'check') {
    void runCheck(rest).then((status) => (process.exitCode = status));
  } else if (cmd === 'lsp') {
    if (!rest.includes('--stdio')) {
      process.stderr.write(`rapport-bts : « lsp » s'utilise avec --stdio\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    startServer();
  } else if (cmd === '--version' || cmd === '-v') {
    process.stdout.write(`${VERSION}\n`);
  } else if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(`${USAGE}\n`);
  } else {
    process.stderr.write(`rapport-bts : ${cmd ? `commande inconnue « ${cmd} »` : 'commande manquante'}\n\n${USAGE}\n`);
    process.exitCode = 2;
  }
}

declare const VERSION: string;
if (isMainThread) {
  main(process.argv.slice(2));
} else {
  // A worker of checkAll: check the files it was given and send the outcomes back.
  const { files, bts } = workerData as { files: string[]; bts: string | undefined };
  parentPort!.postMessage(files.map((f) => checkOne(f, bts)));
}
