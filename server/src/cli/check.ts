// `rapport-bts check FICHIER... [--bts ID] [--format text|json]`: the report checker.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { analyze } from '../core/analyze';
import { DOCS_BASE } from '../core/docs';
import { summarizePages, type PagesSummary } from '../core/model/summary';
import { frNumber, frPages } from '../core/text/numbers';
import type { Finding, Severity } from '../core/types';
import { renderReport } from '../export/render';
import { withImageSize } from '../host/imageSize';
import { readReport } from '../host/readReport';
import { getRegistry, profilesForWorkers } from '../host/registry';
import { codeDescriptions, rules } from '../rules';
import { PROFILES_DIR_ENV } from '../profiles/registry';
import { choice, parseArgs, UsageError } from './args';
import { paint, printable, SEVERITY_COLOUR, SEVERITY_FR, useColour } from './output';

export function checkUsage(): string {
  return `Utilisation : rapport-bts check FICHIER... [--bts ID] [--format text|json] [--exact]

Vérifie chaque rapport de stage (Markdown) et affiche ses remarques et ses pages.
  FICHIER          un rapport .md ; « - » lit le rapport sur l'entrée standard
  --bts ID         BTS à utiliser pour les fichiers sans champ « bts » (${getRegistry().ids().join(', ')})
  --format FORMAT  text (par défaut) ou json
  --exact          compte les pages sur le document exporté (mise en page réelle) au lieu de l'estimation
  -h, --help       affiche cette aide

Vérifications (chaque remarque porte le code de la sienne ; documentation : ${DOCS_BASE}CODE.md) :
${rulesHelp()}

Variable d'environnement : ${PROFILES_DIR_ENV}=DOSSIER lit les profils de BTS (un fichier YAML
par BTS) dans ce dossier au lieu de ceux fournis — pour essayer un nouveau BTS.

Code de sortie : 0 sans erreur, 1 si un rapport a une erreur, 2 pour une erreur d'utilisation,
un fichier illisible ou un profil invalide.`;
}

/** One line per code a finding can carry (rules/index.ts codeDescriptions). */
function rulesHelp(): string {
  const checks = codeDescriptions();
  const width = Math.max(...[...checks.keys()].map((c) => c.length));
  return [...checks].map(([code, description]) => `  ${code.padEnd(width)}  ${description}`).join('\n');
}

interface FileResult {
  file: string;
  bts: string | null;
  pages: PagesSummary;
  diagnostics: {
    code: string;
    severity: Severity;
    message: string;
    range: Finding['range'];
    data: Record<string, unknown>;
    /** The rule's documentation page. */
    docs: string;
  }[];
}

export interface CheckOptions {
  files: string[];
  bts?: string;
  format: 'text' | 'json';
  exact: boolean;
}

export function parseCheckArgs(argv: readonly string[]): CheckOptions | 'help' {
  const args = parseArgs(argv, { values: ['--bts', '--format'], flags: ['--exact'] });
  if (args.help) return 'help';
  if (args.positional.length === 0) throw new UsageError('aucun fichier à vérifier');
  if (args.positional.filter((f) => f === '-').length > 1) throw new UsageError("l'entrée standard « - » ne peut être lue qu'une fois");
  const bts = args.values.get('--bts');
  return { files: args.positional, ...(bts !== undefined ? { bts } : {}), format: choice(args, '--format', ['text', 'json'], 'text'), exact: args.flags.has('--exact') };
}


function textReport(r: FileResult, colour: boolean): string {
  const file = printable(r.file);
  if (r.bts === null && r.diagnostics.length === 0) {
    const ids = getRegistry().ids();
    return `${file}: pas un rapport de stage (aucun champ « bts » dans l'en-tête) — ignoré. Pour le vérifier, commence le fichier par trois lignes « --- », « bts: ${ids[0]} » (ou ${ids.slice(1).join(', ')}), « --- », ou donne --bts.`;
  }
  const lines: string[] = [];
  for (const d of r.diagnostics) {
    const sev = paint(colour, SEVERITY_COLOUR[d.severity], SEVERITY_FR[d.severity]);
    lines.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}  ${sev}  ${d.code}  ${printable(d.message)}`);
  }
  if (r.bts !== null) {
    const p = r.pages;
    const limit = p.limit === null ? '' : ` pour ${p.limit} au plus`;
    const a = p.exact ? '' : '≈ ';
    lines.push(`${file}: BTS ${r.bts} — pages : ${a}${frPages(p.body, p.exact)} hors annexes${limit} (document ${a}${frPages(p.document, p.exact)})${p.exact ? ', comptées sur le document exporté' : ''}`);
    // The sections, and the headings outside the BTS plan ("hors plan"), in document order.
    const rows: { line: number; text: string }[] = p.sections.map((s) => {
      const budget = s.min !== null || s.max !== null ? ` · budget ${frNumber(s.min ?? 0)}–${s.max === null ? '∞' : frNumber(s.max)} p.` : '';
      const where =
        p.exact && s.startPage !== undefined && s.pages !== null
          ? `p. ${s.pages > 1 ? `${s.startPage}–${s.startPage + s.pages - 1}` : s.startPage} · ${s.pages} p.`
          : `≈ ${frPages(s.pages)} p.`;
      return { line: s.line, text: `  ${printable(s.title).padEnd(40)} ligne ${String(s.line + 1).padStart(4)}  ${where}${budget}` };
    });
    for (const x of p.extras ?? []) {
      const where = p.exact ? `${x.pages} p.` : `≈ ${frPages(x.pages)} p.`;
      rows.push({ line: x.line, text: `  ${printable(x.title).padEnd(40)} ligne ${String(x.line + 1).padStart(4)}  ${where} · hors plan` });
    }
    rows.sort((a, b) => a.line - b.line);
    for (const row of rows) lines.push(row.text);
    const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    for (const d of r.diagnostics) counts[d.severity]++;
    lines.push(`${file}: ${counts.error} erreur(s), ${counts.warning} avertissement(s), ${counts.info} conseil(s)`);
  }
  return lines.join('\n');
}

export type Outcome = { result: FileResult } | { error: string };

/** Reads and analyses one file; a file that cannot be read gives the French reason. */
export function checkOne(file: string, bts: string | undefined, exact = false): Outcome {
  const read = readReport(file);
  if ('error' in read) return { error: read.error };
  // Images are measured on disk, relative to the report, like in the editor.
  let settings = withImageSize({ bts: bts ?? null }, file === '-' ? 'stdin.md' : file);
  let { model, findings } = analyze(read.text, settings, getRegistry(), rules);
  // A report not read in full is not typeset (its export would be its headings): the estimate stands.
  if (exact && model.profile && !model.degraded) {
    // Typeset as the export does; the rules then judge the exact figures.
    try {
      const r = renderReport(model, settings, file === '-' ? null : resolve(file), { pdf: false });
      settings = { ...settings, exactPages: { text: read.text, pages: r.exact } };
      ({ model, findings } = analyze(read.text, settings, getRegistry(), rules));
    } catch (e) {
      return { error: `${file} : mise en page impossible, pages non comptées : ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  return {
    result: {
      file,
      bts: model.profile?.id ?? null,
      pages: summarizePages(model, settings),
      diagnostics: findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, range: f.range, data: f.data, docs: f.docs })),
    },
  };
}

/** How many threads check the files: one per core (at most 8), one for a handful of files. */
function jobCount(files: number, entry: string): number {
  const cores = availableParallelism();
  const forced = Number(process.env.RAPPORT_BTS_JOBS);
  if (Number.isInteger(forced) && forced > 0) return Math.min(forced, files, cores, 8);
  if (files < 4 || !entry.endsWith('.js')) return 1;
  return Math.max(1, Math.min(cores, files, 8));
}

/** What a worker thread computes for each of its files: main.ts picks the function by this name. */
export type WorkerTask = 'check' | 'check-exact';

/** `checkOne` with the pages counted on the export (`check --exact`). */
export const checkOneExact = (file: string, bts: string | undefined): Outcome => checkOne(file, bts, true);

/** Checks the files (see inParallel). */
export function checkAll(files: string[], bts: string | undefined, entry: string, exact = false): Promise<Outcome[]> {
  return exact ? inParallel(files, bts, entry, 'check-exact', checkOneExact) : inParallel(files, bts, entry, 'check', (f, b) => checkOne(f, b));
}

/**
 * Runs `one` on each file, in parallel when there are several cores: the files are shared out by
 * size between this thread and worker threads running the CLI bundle (`entry`) with the same
 * `task`. Results keep the order of the files.
 */
export async function inParallel<T>(
  files: string[],
  bts: string | undefined,
  entry: string,
  task: WorkerTask,
  one: (file: string, bts: string | undefined) => T,
): Promise<T[]> {
  const checkOne = one;
  const jobs = files.includes('-') ? 1 : jobCount(files.length, entry);
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
  const outcomes: T[] = new Array(files.length);
  const inWorkers = buckets.slice(1);
  const workers = inWorkers.map(
    (bucket) =>
      new Promise<void>((resolve) => {
        const worker = new Worker(entry, { workerData: { files: bucket.indexes.map((i) => files[i]!), bts, task, profiles: profilesForWorkers() } });
        let done = false;
        worker.once('message', (list: T[]) => {
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

export async function runCheck(argv: readonly string[], entry: string): Promise<number> {
  const parsed = parseCheckArgs(argv);
  if (parsed === 'help') {
    process.stdout.write(`${checkUsage()}\n`);
    return 0;
  }
  const registry = getRegistry();
  if (parsed.bts !== undefined && !registry.resolve(parsed.bts)) {
    throw new UsageError(`BTS inconnu « ${parsed.bts} » (valeurs acceptées : ${registry.ids().join(', ')})`);
  }
  const colour = useColour(process.stdout);
  let status = 0;
  const results: FileResult[] = [];
  for (const outcome of await checkAll(parsed.files, parsed.bts, entry, parsed.exact)) {
    if ('error' in outcome) {
      process.stderr.write(`rapport-bts : ${printable(outcome.error)}\n`);
      status = 2;
      continue;
    }
    const result = outcome.result;
    results.push(result);
    if (status === 0 && result.diagnostics.some((d) => d.severity === 'error')) status = 1;
    if (parsed.format === 'text') process.stdout.write(textReport(result, colour) + '\n');
  }
  if (parsed.format === 'json') process.stdout.write(JSON.stringify({ version: 1, files: results }, null, 2) + '\n');
  return status;
}
