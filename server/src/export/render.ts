// One report → Typst → pages (and the PDF): shared by the CLI (`export`, `check --exact`), the
// language server's worker (exact page counts) and the editor's export command.

import { extname } from 'node:path';
import { pageModelOf } from '../core/pages/pages';
import type { AnalysisSettings, ReportModel } from '../core/types';
import { buildExportDocument, type ExportDocument } from './document';
import { TypstEngine } from './engine';
import { exactPages, type ExactPages } from './exact';
import { loadImage, type ImageOutcome } from './images';
import { toTypst, type TypstImage } from './typst';

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

function imageFor(reportFile: string | null, src: string): ImageOutcome {
  if (!reportFile) return { ok: false, reason: 'rapport sans fichier sur le disque' };
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
  const bySrc = new Map<string, TypstImage | null>();
  const image = (f: { src: string }): TypstImage | null => {
    const known = bySrc.get(f.src);
    if (known !== undefined) return known;
    const o = imageFor(reportFile, f.src);
    let out: TypstImage | null = null;
    if (o.ok) {
      const path = `/images/${bySrc.size + 1}.${o.kind === 'jpeg' ? 'jpg' : o.kind}`;
      files.set(path, o.bytes);
      out = { path, widthPx: o.widthPx, heightPx: o.heightPx };
    } else missingImages.set(f.src, o.reason);
    bySrc.set(f.src, out);
    return out;
  };
  const source = toTypst(doc, pm, image);
  const r = TypstEngine.get().typeset(source, files, options.pdf);
  return { doc, exact: exactPages(model, doc, r.positions, r.pages), pdf: r.pdf, missingImages, ms: performance.now() - t0 };
}

/** `rapport.pdf` next to `rapport.md`. */
export function outputPathFor(file: string, format: 'pdf' | 'docx'): string {
  const ext = extname(file);
  return (ext ? file.slice(0, -ext.length) : file) + '.' + format;
}
