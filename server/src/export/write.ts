// Writing an exported file: never over an existing file unless asked, never a partial file
// (the bytes go to a temporary file in the same folder, renamed when complete).

import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export class OutputExists extends Error {}

/** The French reason a file cannot be written, from its error code (no temporary file name shown). */
function writeProblem(e: unknown): string {
  switch ((e as NodeJS.ErrnoException)?.code) {
    case 'ENOENT':
      return 'dossier introuvable';
    case 'EACCES':
    case 'EPERM':
      return 'écriture refusée dans ce dossier';
    case 'EISDIR':
      return "c'est un dossier : donne un nom de fichier";
    case 'ENOSPC':
      return 'disque plein';
    case 'EROFS':
      return 'disque en lecture seule';
    case 'ENOTDIR':
      return "un élément du chemin n'est pas un dossier";
    default: {
      // The code alone: the system's message names the temporary file.
      const code = (e as NodeJS.ErrnoException)?.code;
      return code ? `erreur du système (${code})` : e instanceof Error ? e.message : String(e);
    }
  }
}

/**
 * Writes an exported file. Never over a Markdown file — the report itself, by a slip of
 * `--output` — even with `force`; otherwise as writeWhole.
 */
export function writeExport(path: string, bytes: Buffer, force: boolean): void {
  if (/\.(?:md|markdown)$/i.test(path)) throw new Error(`« ${path} » est un fichier Markdown (le rapport ?) : l'export ne l'écrase jamais, choisis un fichier .pdf ou .docx`);
  writeWhole(path, bytes, force);
}

/**
 * Writes a file whole (the exports, the class summary): never over an existing file without
 * `force`, never a partial file. Throws OutputExists, or an Error whose message is French
 * (« impossible d'écrire … : … »).
 */
export function writeWhole(path: string, bytes: Buffer, force: boolean): void {
  if (!force && existsSync(path)) throw new OutputExists(`« ${path} » existe déjà : il est conservé (--force pour le remplacer)`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (!force && existsSync(path)) throw new OutputExists(`« ${path} » existe déjà : il est conservé (--force pour le remplacer)`);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    if (e instanceof OutputExists) throw e;
    throw new Error(`impossible d'écrire « ${path} » : ${writeProblem(e)}`);
  }
}
