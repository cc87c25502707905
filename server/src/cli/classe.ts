// `rapport-bts classe DOSSIER|FICHIER... [--format html|csv|json] [--output CHEMIN] [--force]`:
// the teacher's view of a class — one row per report (classe/row.ts), written as one HTML page,
// a CSV for a French spreadsheet or JSON (docs/classe.md). Reports are analysed one by one — one
// analysis per file, two with --exact (the estimate, then the rules on the typeset figures, as
// `check --exact`) — by this thread and worker threads taking the next file from a shared
// counter; only the rows are kept.

import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parentPort, Worker } from 'node:worker_threads';
import { analyze } from '../core/analyze';
import { describePageModel } from '../core/pages/pageModel';
import { pageModelOf } from '../core/pages/pages';
import { renderCsv } from '../classe/csv';
import { countsText } from '../classe/format';
import { renderHtml } from '../classe/html';
import { renderJson } from '../classe/json';
import { classRow, classStatus, isRow, type ClassOther, type ClassRow, type ClassSummary } from '../classe/row';
import { findReports, isFolder } from '../host/findReports';
import { withImageSize } from '../host/imageSize';
import { readReport } from '../host/readReport';
import { getRegistry, profilesForWorkers } from '../host/registry';
import type { ParsedProfileSource } from '../profiles/registry';
import { rules } from '../rules';
import { TypstEngine } from '../export/engine';
import { renderReport } from '../export/render';
import { choice, parseArgs, UsageError } from './args';
import { printable } from './output';
import { OutputExists, writeWhole } from '../export/write';

type Format = 'html' | 'csv' | 'json';

export function classeUsage(): string {
  return `Utilisation : rapport-bts classe DOSSIER|FICHIER... [--format html|csv|json] [--output CHEMIN] [--force]

Synthèse d'une classe : une ligne par rapport (élève, BTS, état, pages, sections manquantes,
sections hors budget, paragraphes « journal », missions ou activités incomplètes, documents en
anglais, date limite, nombre d'erreurs, d'avertissements et de conseils), le détail de chaque
élève, puis les fichiers qui ne sont pas des rapports ou qui sont illisibles.
  DOSSIER          cherché récursivement (fichiers .md ; node_modules et dossiers cachés ignorés)
  FICHIER          un rapport .md
  --format FORMAT  html (par défaut : une page autonome, triable, imprimable), csv (Excel,
                   LibreOffice : « ; », virgule décimale) ou json
  --output CHEMIN  fichier à écrire (« - » : sortie standard). Par défaut classe.html ou
                   classe.csv à côté du dossier ; le JSON va sur la sortie standard
  --force          remplace le fichier de sortie s'il existe déjà
  --bts ID         BTS à utiliser pour les fichiers sans champ « bts » (${getRegistry().ids().join(', ')})
  --exact          compte les pages sur le document exporté (mise en page réelle, comme
                   « check --exact ») au lieu de l'estimation instantanée (≈) : plus lent
  -h, --help       affiche cette aide

Variable d'environnement : RAPPORT_BTS_JOBS=N analyse sur N fils au plus (1 : sans fil de travail).
Code de sortie : 0 sans erreur, 1 si un rapport a une erreur, 2 pour une erreur d'utilisation,
un fichier illisible ou un fichier de sortie qui existe déjà.`;
}

export interface ClasseOptions {
  inputs: string[];
  format: Format;
  output?: string;
  force: boolean;
  bts?: string;
  exact: boolean;
}

export function parseClasseArgs(argv: readonly string[]): ClasseOptions | 'help' {
  const args = parseArgs(argv, { values: ['--format', '--output', '--bts'], flags: ['--force', '--exact'] });
  if (args.help) return 'help';
  if (args.positional.length === 0) throw new UsageError('aucun dossier ni fichier à résumer');
  if (args.positional.includes('-')) throw new UsageError("« classe » lit des fichiers et des dossiers, pas l'entrée standard");
  const output = args.values.get('--output');
  const bts = args.values.get('--bts');
  return {
    inputs: args.positional,
    format: choice(args, '--format', ['html', 'csv', 'json'], 'html'),
    ...(output !== undefined ? { output } : {}),
    force: args.flags.has('--force'),
    exact: args.flags.has('--exact'),
    ...(bts !== undefined ? { bts } : {}),
  };
}

/** "impossible de lire x.md : fichier introuvable" → "fichier introuvable" (the file is shown beside it). */
function reasonOf(file: string, error: string): string {
  const prefix = `impossible de lire ${file} : `;
  return error.startsWith(prefix) ? error.slice(prefix.length) : error;
}

/**
 * Reads, analyses and summarises one file: its row, or its entry among the others. The model is
 * dropped. With `exact`, the report is typeset as the export does and the rules judge the exact
 * figures, as `check --exact` (cli/check.ts checkOne).
 */
export function classeOne(file: string, bts: string | undefined, exact = false): ClassRow | ClassOther {
  const read = readReport(file);
  if ('error' in read) return { file, reason: reasonOf(file, read.error), kind: 'unreadable' };
  let settings = withImageSize({ bts: bts ?? null }, file);
  let result = analyze(read.text, settings, getRegistry(), rules);
  // A report not read in full is not typeset (its export would be its headings): the estimate stands.
  if (exact && result.model.profile && !result.model.degraded) {
    try {
      const r = renderReport(result.model, settings, resolve(file), { pdf: false });
      // The next report is another document: nothing of this one's typesetting is reused.
      TypstEngine.evictAll();
      settings = { ...settings, exactPages: { text: read.text, pages: r.exact } };
      result = analyze(read.text, settings, getRegistry(), rules);
    } catch (e) {
      return { file, reason: `mise en page impossible, pages non comptées : ${e instanceof Error ? e.message : String(e)}`, kind: 'unreadable' };
    }
  }
  return classRow(file, result, settings);
}

/** What a worker of `summarize` is given (main.ts starts `classeWorker` on it). */
export interface ClasseWorkerData {
  task: 'classe-pool';
  files: string[];
  bts: string | undefined;
  exact: boolean;
  /** Int32Array over a SharedArrayBuffer: [0] is the index of the next file to take. */
  next: Int32Array;
  /** This thread's profile files, YAML parsed (profilesForWorkers). */
  profiles: readonly ParsedProfileSource[];
}

/** A worker of `summarize`: takes the next file until none is left, sends each row as it is made. */
export function classeWorker(data: ClasseWorkerData): void {
  for (;;) {
    const i = Atomics.add(data.next, 0, 1);
    if (i >= data.files.length) return;
    parentPort!.postMessage({ i, result: classeOne(data.files[i]!, data.bts, data.exact) });
  }
}

/**
 * How many threads summarise `files` reports: RAPPORT_BTS_JOBS when set (at most the cores and
 * 8), else one per core up to 8 — but a single thread for fewer than 4 reports, where starting a
 * worker (loading the bundle and the profiles again) costs more than it saves, and when not
 * running from the bundle (tests).
 */
export function classeJobs(files: number, entry: string, cores = availableParallelism(), env = process.env.RAPPORT_BTS_JOBS): number {
  const forced = Number(env);
  if (env !== undefined && Number.isInteger(forced) && forced > 0) return Math.max(1, Math.min(forced, files, cores, 8));
  if (files < 4 || !entry.endsWith('.js')) return 1;
  return Math.max(1, Math.min(cores, files, 8));
}

/**
 * Worker heap: bounded, so memory does not grow with the number of reports (old generation
 * 96 MB, young generation 48 MB: two workers, with this thread, stay within 300 MB — about 250 MB
 * on 300 reports, bench/classe.mjs). Not smaller: the parse of one report keeps several MB alive
 * at once, and with 64 MB / 16 MB the workers spent as much CPU collecting (GC helper threads
 * included) as analysing — 300 reports: 52 s of CPU, against 43 s with these limits.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 48 };
/**
 * Up to this many reports (a class or two), this thread takes files too: no core waits while a
 * worker starts up. Beyond, only the workers, whose heaps are bounded, analyse: this thread's
 * heap is not (Node sizes it), and would grow with the files it took.
 */
export const MAIN_SHARE_MAX = 64;

/**
 * Summarises every file, in the order given: worker threads running the CLI bundle (`entry`) —
 * and this thread, for a class of at most MAIN_SHARE_MAX reports — each take the next file
 * (largest first) from a shared counter, so a worker still starting up holds nothing back. A
 * worker that dies (out of memory on a huge report) leaves its unfinished file to this thread.
 */
export async function summarize(files: readonly string[], bts: string | undefined, exact: boolean, entry: string, jobs = classeJobs(files.length, entry)): Promise<(ClassRow | ClassOther)[]> {
  const out: (ClassRow | ClassOther | undefined)[] = new Array(files.length);
  if (jobs <= 1) {
    files.forEach((f, i) => (out[i] = classeOne(f, bts, exact)));
    return out as (ClassRow | ClassOther)[];
  }
  const mainTakes = files.length <= MAIN_SHARE_MAX;
  const size = (f: string) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  // Largest first: the last files taken are the small ones, and the threads finish together.
  const order = files.map((f, i) => ({ i, size: size(f) })).sort((a, b) => b.size - a.size || a.i - b.i).map((x) => x.i);
  const queue = order.map((i) => files[i]!);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const data: ClasseWorkerData = { task: 'classe-pool', files: queue, bts, exact, next, profiles: profilesForWorkers() };
  // A worker that dies (out of memory on a huge report) is replaced while files are left; the
  // file it was on is analysed here at the end.
  let respawns = 0;
  const startWorker = (): Promise<void> =>
    new Promise<void>((resolveWorker) => {
      const worker = new Worker(entry, { workerData: data, resourceLimits: WORKER_LIMITS });
      worker.on('message', (m: { i: number; result: ClassRow | ClassOther }) => (out[order[m.i]!] = m.result));
      worker.once('error', () => undefined);
      worker.once('exit', (code) => {
        if (code !== 0 && Atomics.load(next, 0) < queue.length && respawns++ < 2 * jobs) resolveWorker(startWorker());
        else resolveWorker();
      });
    });
  const workers = Array.from({ length: mainTakes ? jobs - 1 : jobs }, startWorker);
  // This thread takes its share too; between two files it lets the workers' rows in.
  while (mainTakes) {
    const k = Atomics.add(next, 0, 1);
    if (k >= queue.length) break;
    out[order[k]!] = classeOne(queue[k]!, bts, exact);
    await new Promise<void>((r) => setImmediate(r));
  }
  await Promise.all(workers);
  // A file taken by a worker that died before sending its row.
  for (let i = 0; i < files.length; i++) out[i] ??= classeOne(files[i]!, bts, exact);
  return out as (ClassRow | ClassOther)[];
}

/** Where the summary goes by default: beside the (first) folder named — `rapports/` → `classe.html` next to it — or beside the first file. */
export function defaultOutput(inputs: readonly string[], format: 'html' | 'csv'): string {
  return join(dirname(resolve(inputs[0]!)), `classe.${format}`);
}

/** An existing output, kept. */
const keptMessage = (path: string) => `${path} existe déjà : il n'a pas été modifié (ajoutez --force pour le remplacer, ou choisissez un autre --output).`;

/** Writes the file whole (export/write.ts); without `force` an existing file is kept. The problem, in French, or undefined. */
function writeOutput(path: string, text: string, force: boolean): string | undefined {
  try {
    writeWhole(path, Buffer.from(text, 'utf8'), force);
    return undefined;
  } catch (e) {
    if (e instanceof OutputExists) return keptMessage(path);
    return e instanceof Error ? e.message : String(e);
  }
}

export async function buildSummary(inputs: readonly string[], bts: string | undefined, entry: string, exact = false): Promise<ClassSummary> {
  const found = findReports(inputs);
  const results = await summarize(found.files, bts, exact, entry);
  const rows: ClassRow[] = [];
  const others: ClassOther[] = found.unreadable.map((u) => ({ ...u, kind: 'unreadable' as const }));
  const documents: ClassOther[] = found.documents.map((d) => ({ ...d, kind: 'not-report' as const }));
  for (const r of results) {
    if (isRow(r)) rows.push(r);
    else others.push(r);
  }
  return { version: 1, rows, others: [...others, ...documents] };
}

export async function runClasse(argv: readonly string[], entry: string): Promise<number> {
  const parsed = parseClasseArgs(argv);
  if (parsed === 'help') {
    process.stdout.write(`${classeUsage()}\n`);
    return 0;
  }
  const registry = getRegistry();
  if (parsed.bts !== undefined && !registry.resolve(parsed.bts)) {
    throw new UsageError(`BTS inconnu « ${parsed.bts} » (valeurs acceptées : ${registry.ids().join(', ')})`);
  }
  const { format } = parsed;
  // A folder or file that is not there (a typo in its name) is said at once, and nothing is
  // written: a summary of no report next to a folder that does not exist helps nobody.
  const absent = parsed.inputs.filter((i) => !existsSync(i));
  if (absent.length === parsed.inputs.length) {
    throw new UsageError(`${absent.length > 1 ? 'dossiers ou fichiers introuvables' : 'dossier ou fichier introuvable'} : ${absent.map((i) => `« ${i} »`).join(', ')}`);
  }
  const output = parsed.output ?? (format === 'json' ? '-' : defaultOutput(parsed.inputs, format));
  // Refuse before the work: an existing output is never overwritten without --force, and a
  // folder is no output file, --force or not.
  if (output !== '-' && isFolder(output)) {
    process.stderr.write(`rapport-bts : ${printable(output)} est un dossier : donnez un nom de fichier à --output (par exemple ${printable(join(output, `classe.${format}`))}).\n`);
    return 2;
  }
  if (output !== '-' && !parsed.force && existsSync(output)) {
    process.stderr.write(`rapport-bts : ${keptMessage(printable(output))}\n`);
    return 2;
  }
  const summary = await buildSummary(parsed.inputs, parsed.bts, entry, parsed.exact);
  if (summary.rows.length === 0 && summary.others.length === 0) {
    throw new UsageError(`aucun fichier .md trouvé dans ${parsed.inputs.map((i) => `« ${i} »`).join(', ')}`);
  }
  const text =
    format === 'json'
      ? renderJson(summary)
      : format === 'csv'
        ? renderCsv(summary)
        : renderHtml(summary, {
            source: parsed.inputs.join(', '),
            generatedAt: new Date().toISOString(),
            pageModel: describePageModel(pageModelOf({})),
          });
  for (const o of summary.others) if (o.kind === 'unreadable') process.stderr.write(`rapport-bts : ${printable(o.file)} : ${printable(o.reason)}\n`);
  if (output === '-') {
    process.stdout.write(text);
  } else {
    const problem = writeOutput(output, text, parsed.force);
    if (problem) {
      process.stderr.write(`rapport-bts : ${printable(problem)}\n`);
      return 2;
    }
    process.stdout.write(`${printable(output)} : ${countsText(summary.rows, summary.others)}.\n`);
  }
  return classStatus(summary);
}
