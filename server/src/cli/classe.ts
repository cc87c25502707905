// `rapport-bts classe DOSSIER|FICHIER... [--format html|csv|json] [--output CHEMIN] [--force]`:
// the teacher's view of a class — one row per report (classe/row.ts), written as one HTML page,
// a CSV for a French spreadsheet or JSON (docs/classe.md). Reports are analysed one by one in the
// check's worker threads; only the rows are kept.

import { closeSync, existsSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { analyze } from '../core/analyze';
import { describePageModel } from '../core/pages/pageModel';
import { pageModelOf } from '../core/pages/pages';
import { renderCsv } from '../classe/csv';
import { countsText } from '../classe/format';
import { renderHtml } from '../classe/html';
import { renderJson } from '../classe/json';
import { classRow, classStatus, isRow, type ClassOther, type ClassRow, type ClassSummary } from '../classe/row';
import { findReports } from '../host/findReports';
import { withImageSize } from '../host/imageSize';
import { readReport } from '../host/readReport';
import { getRegistry } from '../host/registry';
import { rules } from '../rules';
import { inParallel } from './check';
import { choice, parseArgs, UsageError } from './args';
import { printable } from './output';

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
  -h, --help       affiche cette aide

Pages : estimation instantanée (≈) ; le décompte exact (--exact) n'est pas encore disponible.
Code de sortie : 0 sans erreur, 1 si un rapport a une erreur, 2 pour une erreur d'utilisation,
un fichier illisible ou un fichier de sortie qui existe déjà.`;
}

export interface ClasseOptions {
  inputs: string[];
  format: Format;
  output?: string;
  force: boolean;
  bts?: string;
}

export function parseClasseArgs(argv: readonly string[]): ClasseOptions | 'help' {
  const args = parseArgs(argv, { values: ['--format', '--output', '--bts'], flags: ['--force'] });
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
    ...(bts !== undefined ? { bts } : {}),
  };
}

/** "impossible de lire x.md : fichier introuvable" → "fichier introuvable" (the file is shown beside it). */
function reasonOf(file: string, error: string): string {
  const prefix = `impossible de lire ${file} : `;
  return error.startsWith(prefix) ? error.slice(prefix.length) : error;
}

/** Reads, analyses and summarises one file: its row, or its entry among the others. The model is dropped. */
export function classeOne(file: string, bts: string | undefined): ClassRow | ClassOther {
  const read = readReport(file);
  if ('error' in read) return { file, reason: reasonOf(file, read.error), kind: 'unreadable' };
  const settings = withImageSize({ bts: bts ?? null }, file);
  return classRow(file, analyze(read.text, settings, getRegistry(), rules), settings);
}

/** Where the summary goes by default: beside the (first) folder named — `rapports/` → `classe.html` next to it — or beside the first file. */
export function defaultOutput(inputs: readonly string[], format: 'html' | 'csv'): string {
  return join(dirname(resolve(inputs[0]!)), `classe.${format}`);
}

/** Writes the file whole (temporary file, then rename); without `force` an existing file is kept. */
function writeOutput(path: string, text: string, force: boolean): string | undefined {
  if (!force && existsSync(path)) return `${path} existe déjà : il n'a pas été modifié (ajoutez --force pour le remplacer, ou choisissez un autre --output).`;
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    if (!force && existsSync(path)) {
      unlinkSync(tmp);
      return `${path} existe déjà : il n'a pas été modifié (ajoutez --force pour le remplacer).`;
    }
    renameSync(tmp, path);
    return undefined;
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing was written */
    }
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'dossier introuvable' : code === 'EACCES' || code === 'EPERM' ? 'écriture refusée' : code === 'EISDIR' ? "c'est un dossier" : (e as Error).message;
    return `impossible d'écrire ${path} : ${why}`;
  }
}

export async function buildSummary(inputs: readonly string[], bts: string | undefined, entry: string): Promise<ClassSummary> {
  const found = findReports(inputs);
  // Memory stays bounded however many reports: the workers analyse them one by one with a small
  // heap (collected often), and only the rows come back. A worker that runs out of memory on a
  // huge report is replaced by this thread for its files.
  const results = await inParallel(found.files, bts, entry, 'classe', classeOne, { workersOnly: true, workerHeapMb: 64 });
  const rows: ClassRow[] = [];
  const others: ClassOther[] = found.unreadable.map((u) => ({ ...u, kind: 'unreadable' as const }));
  for (const r of results) {
    if (isRow(r)) rows.push(r);
    else others.push(r);
  }
  return { version: 1, rows, others };
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
  const output = parsed.output ?? (format === 'json' ? '-' : defaultOutput(parsed.inputs, format));
  // Refuse before the work: an existing output is never overwritten without --force.
  if (output !== '-' && !parsed.force && existsSync(output)) {
    process.stderr.write(`rapport-bts : ${printable(output)} existe déjà : il n'a pas été modifié (ajoutez --force pour le remplacer, ou choisissez un autre --output).\n`);
    return 2;
  }
  const summary = await buildSummary(parsed.inputs, parsed.bts, entry);
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
