// `rapport-bts export FICHIER... [--format pdf|docx] [--output CHEMIN] [--force]`: the report
// as the file the student hands in, next to the report (rapport.md → rapport.pdf).

import { basename, resolve } from 'node:path';
import { analyze } from '../core/analyze';
import { EXPORTERS, type ExportFormat } from '../export/formats';
import { outputPathFor } from '../export/render';
import { OutputExists, writeExport } from '../export/write';
import { withImageSize } from '../host/imageSize';
import { readReport } from '../host/readReport';
import { getRegistry } from '../host/registry';
import { choice, parseArgs, UsageError } from './args';
import { printable } from './output';

export function exportUsage(): string {
  return `Utilisation : rapport-bts export FICHIER... [--format pdf|docx] [--output CHEMIN] [--force]

Exporte chaque rapport en PDF (par défaut) ou en Word, à côté du rapport (rapport.md → rapport.pdf) :
page de couverture, sommaire avec les numéros de page, pages numérotées, figures, annexes.
  --format FORMAT  pdf (par défaut) ou docx
  --output CHEMIN  fichier à écrire (un seul rapport), en .pdf ou .docx : son extension choisit
                   le format quand --format n'est pas donné ; « - » : sur la sortie standard
  --bts ID         BTS à utiliser pour les fichiers sans champ « bts »
  --force          remplace le fichier s'il existe déjà
  -h, --help       affiche cette aide

Un fichier existant n'est jamais remplacé sans --force.
Code de sortie : 0 si tout est exporté, 1 si un export a échoué, 2 pour une erreur d'utilisation,
un fichier illisible ou un fichier de sortie déjà présent.`;
}

export async function runExport(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['--format', '--output', '--bts'], flags: ['--force'] });
  if (args.help) {
    process.stdout.write(`${exportUsage()}\n`);
    return 0;
  }
  const files = args.positional;
  if (files.length === 0) throw new UsageError('aucun fichier à exporter');
  const output = args.values.get('--output');
  // The format follows the output's extension when --format is not given; the two never disagree
  // (a PDF written into `x.docx` is a file Word cannot open).
  // `--output -`: the bytes on standard output (a pipe), as `classe --output -`.
  const toStdout = output === '-';
  const named = output === undefined || toStdout ? undefined : /\.(pdf|docx)$/i.exec(output)?.[1]?.toLowerCase();
  const format = args.values.has('--format') ? choice<ExportFormat>(args, '--format', ['pdf', 'docx'], 'pdf') : ((named as ExportFormat | undefined) ?? 'pdf');
  if (output !== undefined && !toStdout && named !== format) {
    throw new UsageError(`--output « ${output} » ne finit pas par .${format} : nomme-le « ${basename(outputPathFor(output, format))} »${args.values.has('--format') ? '' : ' (ou .docx pour un document Word)'}`);
  }
  if (output !== undefined && files.length > 1) throw new UsageError("--output ne s'utilise qu'avec un seul fichier");
  if (files.includes('-') && output === undefined) throw new UsageError("« - » (entrée standard) demande --output");
  const bts = args.values.get('--bts');
  const registry = getRegistry();
  if (bts !== undefined && !registry.resolve(bts)) throw new UsageError(`BTS inconnu « ${bts} » (valeurs acceptées : ${registry.ids().join(', ')})`);
  const exporter = EXPORTERS[format];
  if (!exporter) {
    process.stderr.write(`rapport-bts : l'export au format ${format} n'est pas disponible dans cette version\n`);
    return 1;
  }
  const force = args.flags.has('--force');
  let status = 0;
  for (const file of files) {
    const target = resolve(output ?? outputPathFor(file, format));
    const read = readReport(file);
    if ('error' in read) {
      process.stderr.write(`rapport-bts : ${printable(read.error)}\n`);
      status = 2;
      continue;
    }
    try {
      const settings = withImageSize({ bts: bts ?? null }, file === '-' ? 'stdin.md' : file);
      const { model } = analyze(read.text, settings, registry, []); // the export needs the model, not the findings
      const out = await exporter(model, settings, file === '-' ? null : resolve(file));
      for (const w of out.warnings) process.stderr.write(`rapport-bts : ${printable(file)} : ${printable(w)}\n`);
      if (toStdout) {
        process.stdout.write(out.bytes);
        continue;
      }
      writeExport(target, out.bytes, force);
      const pages = out.pages ? ` (${out.pages} page${out.pages > 1 ? 's' : ''})` : '';
      process.stdout.write(`${printable(file)} → ${printable(target)}${pages}\n`);
    } catch (e) {
      if (e instanceof OutputExists) {
        process.stderr.write(`rapport-bts : ${printable(e.message)}\n`);
        status = Math.max(status, 2);
      } else {
        process.stderr.write(`rapport-bts : ${printable(file)} : export impossible : ${printable(e instanceof Error ? e.message : String(e))}\n`);
        if (status === 0) status = 1;
      }
    }
  }
  return status;
}
