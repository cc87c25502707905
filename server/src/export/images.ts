// Host side of the export: the image files a report names, read for the PDF and Word exports
// and checked for the `image-missing` diagnostic. Only regular files inside the report's folder
// (or below it) are read, and only when their first bytes are those of a PNG, a JPEG or an SVG
// file; anything else is "missing" with a French reason, and the export shows a placeholder.

import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { imageSize } from 'image-size';
import { MISSING_FILE } from './imageReasons';
import { frNumber } from '../core/text/numbers';

export type ImageKind = 'png' | 'jpeg' | 'svg';

export type ImageOutcome =
  | { ok: true; kind: ImageKind; path: string; bytes: Buffer; widthPx: number; heightPx: number }
  | { ok: false; reason: string };

/** Largest image file read (a photo straight from a phone is well below). */
export const MAX_IMAGE_BYTES = 40 * 1024 * 1024;

/**
 * Most pixels of a PNG or JPEG the export decodes: a phone's 200-megapixel photo (16,320 ×
 * 12,240, about 600 MB once decoded) passes. A few MB of PNG can say 40,000 × 40,000 pixels (a
 * 4.6 MB file of one colour): decoded, that is 4.8 GB, and the typesetting aborted the process
 * (its image buffer counts bytes on 32 bits: 210 million pixels of 8 bytes stay below).
 */
export const MAX_IMAGE_PIXELS = 210_000_000;

/**
 * Deepest nesting of elements an SVG may have. Drawings stay far below (tens of levels); one
 * nested 5,000 deep made the typesetting crash the whole process (a segmentation fault, no
 * message, no file), and 2,000 levels were refused by it.
 */
export const MAX_SVG_DEPTH = 500;

/**
 * How deep the elements of an SVG nest (comments, CDATA sections, processing instructions and
 * the doctype left out): linear, one pass over the text, whatever the file.
 */
export function svgDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  // A tag's attributes: quoted values (which may hold `>`) or anything but `<`, `>` and quotes —
  // never `<`, so that a `<` left unclosed ends its attempt there (linear on any input).
  const tags = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[?!][^<>]*>?|<(\/?)[A-Za-z_](?:[^<>"']|"[^"<]*"|'[^'<]*')*?(\/?)>/g;
  for (let m = tags.exec(text); m; m = tags.exec(text)) {
    if (m[1] === undefined) continue; // comment, CDATA, <?…?>, <!…>
    if (m[1] === '/') depth = Math.max(0, depth - 1);
    else if (m[2] !== '/') deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

/** The kind of an image from its first bytes, or null. */
export function imageKindOf(head: Buffer): ImageKind | null {
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  const t = head.toString('utf8').replace(/^\ufeff/, '').trimStart();
  if (/^(<\?xml[\s\S]*?\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE\s+svg[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(t)) return 'svg';
  return null;
}

/**
 * Why a whole PNG file cannot be decoded, or undefined: its chunks run to an IEND, each within the
 * file and with the CRC it carries (a copy cut short, a byte changed by a bad transfer). The
 * typesetting refuses such a file ("CRC error"), and Word shows a broken image.
 */
export function pngDamage(bytes: Buffer): string | undefined {
  let at = 8;
  let first = true;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (first && type !== 'IHDR') return 'image endommagée (début du PNG illisible)';
    first = false;
    const end = at + 12 + length;
    if (end > bytes.length) return 'image endommagée (fichier PNG tronqué)';
    // zlib.crc32 is Node 20.15 and later; an older runtime skips the check.
    if (typeof crc32 === 'function' && crc32(bytes.subarray(at + 4, at + 8 + length)) !== bytes.readUInt32BE(at + 8 + length)) {
      return 'image endommagée (données du PNG altérées)';
    }
    if (type === 'IEND') return undefined;
    at = end;
  }
  return 'image endommagée (fichier PNG tronqué)';
}

const JPEG_CUT = 'image endommagée (fichier JPEG tronqué)';
const END_OF_IMAGE = Buffer.from([0xff, 0xd9]);

/**
 * Where a JPEG's first scan data starts (after its SOS header), or why the file is cut before it.
 * Undefined when `bytes` is the head of a longer file (`whole` false) and ends before the scan.
 * Segments are walked by their lengths (an EXIF thumbnail, itself a JPEG, is inside one); stray
 * bytes between segments, which decoders skip, are skipped too.
 */
function jpegScan(bytes: Buffer, whole: boolean): number | string | undefined {
  const short = whole ? JPEG_CUT : undefined;
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) {
      at++;
      continue;
    }
    while (bytes[at] === 0xff) at++; // fill bytes before a marker
    if (at >= bytes.length) return short;
    const marker = bytes[at]!;
    at++;
    if (marker === 0xd9) return 'image endommagée (JPEG sans image)';
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0x00) continue; // no length
    if (at + 2 > bytes.length) return short;
    const end = at + bytes.readUInt16BE(at);
    if (end > bytes.length) return short;
    if (marker === 0xda) return end;
    at = end;
  }
  return short;
}

/**
 * Why a whole JPEG file cannot be decoded, or undefined: its segments run, each within the file,
 * to a scan whose data ends with the end-of-image marker. A copy cut short loses that marker
 * (in scan data, a 0xFF byte is always followed by 0x00 or a restart marker, so FF D9 after the
 * first scan is the real end, whatever tables a progressive file has between its scans); the
 * typesetting refuses a file cut in its tables and lays a file cut in its scan out grey from the
 * cut down, and Word shows either as a broken or half image. Bytes after the end (a phone's
 * "motion photo" video) do not matter.
 */
export function jpegDamage(bytes: Buffer): string | undefined {
  const scan = jpegScan(bytes, true);
  if (typeof scan === 'string') return scan;
  return bytes.indexOf(END_OF_IMAGE, scan) >= 0 ? undefined : JPEG_CUT;
}

/**
 * `jpegDamage` of the file at `path`, `head` its first bytes: the segments are read from the head,
 * the end marker from the file's last bytes, where a whole file has it; the file is read whole
 * only when neither answers (a segment longer than the head, data appended after the end).
 */
function jpegFileDamage(path: string, head: Buffer, size: number): string | undefined {
  const whole = head.length >= size;
  const scan = jpegScan(head, whole);
  if (typeof scan === 'string') return scan;
  if (scan !== undefined) {
    if (whole) return head.indexOf(END_OF_IMAGE, scan) >= 0 ? undefined : JPEG_CUT;
    const from = Math.max(scan, size - 64 * 1024);
    if (readAt(path, from, size - from).includes(END_OF_IMAGE)) return undefined;
  }
  return jpegDamage(readFileSync(path));
}

/** `bytes` bytes of the file from `position` (fewer at its end). */
function readAt(path: string, position: number, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, position);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
const readHead = (path: string, bytes: number): Buffer => readAt(path, 0, bytes);

/** The file a Markdown image `src` names, relative to the report; null for remote and data URLs. */
export function imagePath(reportFile: string, src: string): string | null {
  if (!src || /^(https?|data|ftp|mailto):/i.test(src) || src.startsWith('//')) return null;
  let clean = src.replace(/[?#].*$/, '');
  try {
    clean = decodeURIComponent(clean);
  } catch {
    // kept as written
  }
  if (clean.startsWith('file:')) {
    try {
      clean = fileURLToPath(clean);
    } catch {
      return null;
    }
  }
  return isAbsolute(clean) ? clean : resolve(dirname(reportFile), clean);
}

/**
 * Checks an image (the `image-missing` diagnostic): its kind and size from its first bytes, and
 * whether it is whole (a PNG read whole, a JPEG's segments and its last bytes); `read` keeps its
 * bytes for the export.
 */
export function checkImage(reportFile: string, src: string, read = false): ImageOutcome {
  const path = imagePath(reportFile, src);
  if (path === null) return { ok: false, reason: /^data:/i.test(src) ? 'image intégrée (data:) non prise en charge' : 'image distante (adresse web) : enregistre-la dans le dossier du rapport' };
  let real: string;
  let folder: string;
  try {
    real = realpathSync(path);
  } catch {
    return { ok: false, reason: MISSING_FILE };
  }
  try {
    folder = realpathSync(dirname(reportFile));
  } catch {
    folder = dirname(reportFile);
  }
  const rel = relative(folder, real);
  if (rel.startsWith('..') || isAbsolute(rel) || rel.split(sep)[0] === '..') return { ok: false, reason: 'le fichier est hors du dossier du rapport' };
  let st;
  try {
    st = statSync(real);
  } catch {
    return { ok: false, reason: 'fichier illisible' };
  }
  if (!st.isFile()) return { ok: false, reason: "ce n'est pas un fichier ordinaire" };
  if (st.size > MAX_IMAGE_BYTES) return { ok: false, reason: `fichier trop volumineux (plus de ${MAX_IMAGE_BYTES / 1024 / 1024} Mo)` };
  let head: Buffer;
  try {
    head = read ? readFileSync(real) : readHead(real, Math.min(st.size, 512 * 1024));
  } catch {
    return { ok: false, reason: 'fichier illisible' };
  }
  const kind = imageKindOf(head.subarray(0, 4096));
  if (!kind) return { ok: false, reason: "format non pris en charge (PNG, JPEG ou SVG attendu)" };
  // The file is checked for damage (once per version: checkedImage), whether or not it is exported.
  if (kind === 'png') {
    // A PNG is read whole: each chunk carries a CRC.
    if (head.length < st.size) {
      try {
        head = readFileSync(real);
      } catch {
        return { ok: false, reason: 'fichier illisible' };
      }
    }
    const damage = pngDamage(head);
    if (damage) return { ok: false, reason: damage };
  } else if (kind === 'jpeg') {
    let damage: string | undefined;
    try {
      damage = jpegFileDamage(real, head, st.size);
    } catch {
      return { ok: false, reason: 'fichier illisible' };
    }
    if (damage) return { ok: false, reason: damage };
  } else {
    // An SVG is read whole: its elements' nesting is counted.
    if (head.length < st.size) {
      try {
        head = readFileSync(real);
      } catch {
        return { ok: false, reason: 'fichier illisible' };
      }
    }
    const svg = head.toString('utf8');
    const depth = svgDepth(svg);
    if (depth > MAX_SVG_DEPTH) return { ok: false, reason: `SVG trop complexe (${frNumber(depth)} niveaux d'éléments imbriqués, ${MAX_SVG_DEPTH} au plus)` };
    // An image the drawing links to instead of holding it (Inkscape's "Lier"): the export
    // embeds no other file, and the typesetting refuses the SVG.
    let target = '';
    for (const m of svg.matchAll(/<image\b[^<>]*?\bhref\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/gi)) {
      const t = (m[1] ?? m[2] ?? '').trim();
      if (!/^(?:data:|#)/i.test(t)) {
        target = t;
        break;
      }
    }
    if (target) {
      return { ok: false, reason: `SVG qui renvoie à une autre image (« ${target.length > 60 ? `${target.slice(0, 57)}…` : target} ») : intègre-la au dessin (Inkscape : Incorporer) ou exporte le schéma en PNG` };
    }
  }
  let widthPx = 0;
  let heightPx = 0;
  try {
    const r = imageSize(head);
    const rotated = (r.orientation ?? 1) >= 5;
    widthPx = (rotated ? r.height : r.width) ?? 0;
    heightPx = (rotated ? r.width : r.height) ?? 0;
  } catch {
    if (kind !== 'svg') return { ok: false, reason: 'image endommagée (taille illisible)' };
  }
  if (kind === 'svg' && (!widthPx || !heightPx)) {
    widthPx = 400;
    heightPx = 300;
  }
  if (!widthPx || !heightPx) return { ok: false, reason: 'image endommagée (taille illisible)' };
  if (kind !== 'svg' && widthPx * heightPx > MAX_IMAGE_PIXELS) {
    return { ok: false, reason: `image trop grande (${frNumber(Math.ceil((widthPx * heightPx) / 1e6))} millions de pixels, ${MAX_IMAGE_PIXELS / 1e6} millions au plus) : réduis-la` };
  }
  return { ok: true, kind, path: real, bytes: read ? head : Buffer.alloc(0), widthPx, heightPx };
}

/** Reads an image for the export. */
export function loadImage(reportFile: string, src: string): ImageOutcome {
  return checkImage(reportFile, src, true);
}

const statusCache = new Map<string, { stamp: string; outcome: ImageOutcome }>();

/**
 * `checkImage` (the image's size, kind and path, not its bytes) once per file version: the
 * language server asks at every analysis, for the page estimate's image sizes and for
 * `image-missing`; a stat is all an unchanged file costs. The one policy of what may be read:
 * regular PNG, JPEG or SVG files inside the report's folder.
 */
export function checkedImage(reportFile: string, src: string): ImageOutcome {
  const path = imagePath(reportFile, src);
  let stamp = 'none';
  if (path !== null) {
    try {
      const st = statSync(path);
      stamp = `${st.mtimeMs}:${st.size}:${st.isFile()}`;
    } catch {
      stamp = 'absent';
    }
  }
  const key = `${reportFile}\u0000${src}`;
  const hit = statusCache.get(key);
  if (hit && hit.stamp === stamp) return hit.outcome;
  const outcome = checkImage(reportFile, src);
  if (statusCache.size > 1000) statusCache.clear();
  statusCache.set(key, { stamp, outcome });
  return outcome;
}

/** Why an image cannot be exported (French), or undefined (see `checkedImage`). */
export function imageProblem(reportFile: string, src: string): string | undefined {
  const o = checkedImage(reportFile, src);
  return o.ok ? undefined : o.reason;
}
