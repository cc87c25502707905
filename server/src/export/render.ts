// One report → Typst → pages (and the PDF): shared by the CLI (`export`, `check --exact`), the
// language server's worker (exact page counts) and the editor's export command.

import { extname } from 'node:path';
import { pageModelOf } from '../core/pages/pages';
import type { AnalysisSettings, ReportModel } from '../core/types';
import { buildExportDocument, type ExportDocument } from './document';
import { TypstEngine } from './engine';
import { exactPages, type ExactPages } from './exact';
import { loadImage, type ImageKind, type ImageOutcome } from './images';
import { NO_REPORT_FILE, UNDECODABLE } from './imageReasons';
import { toTypst, typstString, type MissingImage, type TypstImage } from './typst';

export interface RenderOutcome {
  doc: ExportDocument;
  exact: ExactPages;
  pdf?: Buffer;
  /** Figures whose file could not be used: src → French reason. */
  missingImages: Map<string, string>;
  ms: number;
}

/** Images already read, by file path and modification (recounts after each pause reuse them). */
const imageCache = new Map<string, { key: string; outcome: ImageOutcome }>();

/** An image of the report read for the export (images.ts loadImage), or why not; the same Buffer for an unchanged file. */
export function imageFor(reportFile: string | null, src: string): ImageOutcome {
  if (!reportFile) return { ok: false, reason: NO_REPORT_FILE };
  const key = `${reportFile}\u0000${src}`;
  const outcome = loadImage(reportFile, src);
  if (!outcome.ok) {
    imageCache.delete(key);
    return outcome;
  }
  const stamp = `${outcome.path}:${outcome.bytes.length}:${outcome.bytes.subarray(0, 64).toString('hex')}`;
  const hit = imageCache.get(key);
  if (hit && hit.key === stamp) return hit.outcome; // same Buffer: the engine keeps its mapping
  if (imageCache.size > 200) imageCache.clear();
  imageCache.set(key, { key: stamp, outcome });
  return outcome;
}

export function renderReport(model: ReportModel, settings: AnalysisSettings, reportFile: string | null, options: { pdf: boolean }): RenderOutcome {
  const t0 = performance.now();
  const pm = pageModelOf(settings);
  const doc = buildExportDocument(model, { level1NewPage: pm.level1NewPage, coverPage: pm.coverPage });
  const files = new Map<string, Buffer>();
  const missingImages = new Map<string, string>();
  const bySrc = new Map<string, TypstImage | MissingImage>();
  const image = (f: { src: string }): TypstImage | MissingImage => {
    const known = bySrc.get(f.src);
    if (known !== undefined) return known;
    const o = imageFor(reportFile, f.src);
    let out: TypstImage | MissingImage;
    if (o.ok) {
      const path = virtualPath(bySrc.size + 1, o.kind);
      files.set(path, o.bytes);
      out = { path, widthPx: o.widthPx, heightPx: o.heightPx };
    } else {
      missingImages.set(f.src, o.reason);
      out = { reason: o.reason };
    }
    bySrc.set(f.src, out);
    return out;
  };
  const engine = TypstEngine.get();
  let r;
  try {
    r = engine.typeset(toTypst(doc, pm, image), files, options.pdf);
  } catch (e) {
    // An image whose first bytes and size read well but whose data does not decode (a JPEG cut
    // short, an SVG cut short, a damaged file the checks of images.ts let through): each is
    // typeset alone to find it, gets the placeholder frame and its French reason, and the report
    // is typeset again.
    if (!IMAGE_ERROR.test(String((e as Error)?.message)) || files.size === 0) throw e;
    const bad = undecodable(engine, files);
    if (bad.length === 0) throw e;
    for (const [src, img] of bySrc) {
      if ('path' in img && bad.includes(img.path)) {
        files.delete(img.path);
        bySrc.set(src, { reason: UNDECODABLE });
        missingImages.set(src, UNDECODABLE);
      }
    }
    r = engine.typeset(toTypst(doc, pm, image), files, options.pdf);
  }
  return { doc, exact: exactPages(model, doc, r.positions, r.pages), pdf: r.pdf, missingImages, ms: performance.now() - t0 };
}

/**
 * Typst's errors for an image file it cannot use: a raster that does not decode, an SVG that
 * does not parse or links to another file ("failed to load linked image … in SVG": Inkscape's
 * linked images; the export embeds no file an SVG names).
 */
const IMAGE_ERROR = /decode image|svg/i;

/**
 * Of these image files (read and checked by images.ts), the `src` of those whose data Typst
 * cannot decode: all typeset on one page, then each alone only when that fails. For an export
 * that does not typeset the report (Word without a sommaire), so that a whole-looking but
 * undecodable file gets the frame there too, as in the PDF, instead of a broken picture.
 */
export function undecodableImages(images: ReadonlyMap<string, { kind: ImageKind; bytes: Buffer }>): Set<string> {
  const files = new Map<string, Buffer>();
  const srcOf = new Map<string, string>();
  for (const [src, img] of images) {
    const path = virtualPath(files.size + 1, img.kind);
    files.set(path, img.bytes);
    srcOf.set(path, src);
  }
  if (files.size === 0) return new Set();
  const engine = TypstEngine.get();
  try {
    engine.typeset(probe([...files.keys()]), files, false);
    return new Set();
  } catch (e) {
    if (!IMAGE_ERROR.test(String((e as Error)?.message))) throw e;
    return new Set(undecodable(engine, files).map((path) => srcOf.get(path)!));
  }
}

/** The path of the `n`-th image in the compiler's virtual files. */
function virtualPath(n: number, kind: ImageKind): string {
  return `/images/${n}.${kind === 'jpeg' ? 'jpg' : kind}`;
}

/** A Typst source that only shows these virtual images, small: typesetting it decodes them. */
function probe(paths: readonly string[]): string {
  return paths.map((path) => `#image(${typstString(path)}, width: 1cm)`).join('\n');
}

/** The virtual image files Typst cannot decode, each typeset alone. */
function undecodable(engine: TypstEngine, files: Map<string, Buffer>): string[] {
  const bad: string[] = [];
  for (const path of files.keys()) {
    try {
      engine.typeset(probe([path]), files, false);
    } catch {
      bad.push(path);
    }
  }
  return bad;
}

/** `rapport.pdf` next to `rapport.md`. */
export function outputPathFor(file: string, format: 'pdf' | 'docx'): string {
  const ext = extname(file);
  return (ext ? file.slice(0, -ext.length) : file) + '.' + format;
}
