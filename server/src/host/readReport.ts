// Reading a report from disk or from standard input, as the CLI does: only regular files,
// text only, in the encodings students' files come in (UTF-8 with or without BOM, UTF-16 with
// BOM, Windows-1252 when the bytes are not UTF-8). Anything else gets a French reason.

import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

/** Larger files are refused before they are read (the analysis degrades far below this). */
export const MAX_REPORT_BYTES = 16 * 1024 * 1024;

export type ReadOutcome = { text: string; encoding: string } | { error: string };

/**
 * Windows-1252's bytes 0x80–0x9F (the others are Latin-1's): curly quotes, œ, €, dashes…; the
 * five it leaves undefined stay control characters, which decodeReport refuses. Written out
 * because TextDecoder('windows-1252') of the Node this runs on may decode these bytes as
 * Latin-1's control characters (Node 20.20 does: ’ came out as U+0092).
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let at = 0; at < bytes.length; at += 8192) {
    const part = bytes.subarray(at, at + 8192);
    const codes = new Array<string>(part.length);
    for (let i = 0; i < part.length; i++) {
      const b = part[i]!;
      codes[i] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b);
    }
    out += codes.join('');
  }
  return out;
}

function startsWith(bytes: Uint8Array, ascii: string): boolean {
  if (bytes.length < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** Decodes the bytes of a report, or says why they are not a text report. */
export function decodeReport(bytes: Uint8Array): ReadOutcome {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (startsWith(body, 'PK\u0003\u0004')) {
    return { error: "c'est un document Word (.docx) ou une archive renommé en .md, pas du Markdown : convertis le rapport (par exemple pandoc rapport.docx -o rapport.md)" };
  }
  if (startsWith(body, '%PDF-')) return { error: "c'est un PDF renommé en .md, pas du Markdown : c'est le fichier Markdown du rapport qui se vérifie" };
  if (body.includes(0)) return { error: "ce n'est pas un fichier texte (octets nuls : fichier binaire ?)" };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'UTF-8' };
  } catch {
    // Not UTF-8: Windows-1252 (Word, Notepad on a French Windows) decodes every byte but five.
    const text = decodeWindows1252(body);
    if (/[\u0000-\u0008\u000e-\u001f\u0081\u008d\u008f\u0090\u009d]/.test(text)) {
      return { error: "ce n'est pas un fichier texte (encodage inconnu : enregistrez-le en UTF-8)" };
    }
    return { text, encoding: 'Windows-1252' };
  }
}

function errnoReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'fichier introuvable';
  if (code === 'EISDIR') return "c'est un dossier";
  if (code === 'EACCES' || code === 'EPERM') return 'lecture refusée';
  return (e as Error).message;
}

/** Reads a bounded amount from an open descriptor (a regular file or standard input). */
function readAll(fd: number, limit: number): Uint8Array | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((e as NodeJS.ErrnoException).code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > limit) return undefined;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total);
}

/** Reads a report file; `-` is standard input. Only regular files are opened for reading. */
export function readReport(file: string): ReadOutcome {
  const tooLarge = `fichier trop volumineux (plus de ${MAX_REPORT_BYTES / 1024 / 1024} Mo)`;
  if (file === '-') {
    try {
      const bytes = readAll(0, MAX_REPORT_BYTES);
      return bytes ? decodeReport(bytes) : { error: `entrée standard : ${tooLarge}` };
    } catch (e) {
      return { error: `impossible de lire l'entrée standard : ${errnoReason(e)}` };
    }
  }
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked before reading.
    const notRegular = (st: { isDirectory(): boolean; isFile(): boolean }) =>
      st.isDirectory() ? "c'est un dossier" : st.isFile() ? undefined : "ce n'est pas un fichier ordinaire (tube, périphérique…)";
    const before = notRegular(statSync(file));
    if (before) return { error: `impossible de lire ${file} : ${before}` };
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd); // the file may have been replaced between the two looks
    const after = notRegular(st);
    if (after) return { error: `impossible de lire ${file} : ${after}` };
    if (st.size > MAX_REPORT_BYTES) return { error: `impossible de lire ${file} : ${tooLarge}` };
    const bytes = readAll(fd, MAX_REPORT_BYTES);
    if (!bytes) return { error: `impossible de lire ${file} : ${tooLarge}` };
    const decoded = decodeReport(bytes);
    return 'error' in decoded ? { error: `impossible de lire ${file} : ${decoded.error}` } : decoded;
  } catch (e) {
    return { error: `impossible de lire ${file} : ${errnoReason(e)}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
