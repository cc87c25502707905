// The export formats, by name: each turns an analysed report into the bytes of its file.
// The PDF goes through Typst (render.ts), the Word file through `docx` (docx.ts); the CLI and
// the editor offer every format from this one table.
// docx.ts (with the `docx` package, most of the code) is loaded only when a Word file is made:
// in the bundles it is a file of its own, dist/docx.js (scripts/build.mjs), so `check`, `classe`
// and their worker threads never compile it.

import type { AnalysisSettings, ExactPages, ReportModel } from '../core/types';
import { pageModelOf } from '../core/pages/pages';
import { buildExportDocument, frontmatterWarning, notExportable } from './document';
import { imageFor, renderReport, undecodableImages } from './render';
import { UNDECODABLE } from './imageReasons';
import type { DocxImage } from './docx';

export type ExportFormat = 'pdf' | 'docx';

export interface ExportedFile {
  bytes: Buffer;
  /** Pages of the result, when the format knows them. */
  pages?: number;
  /** French warnings (images not found…), one line each. */
  warnings: string[];
}

/** What the host may already know of the report's typesetting (the editor's worker counted it). */
export interface ExportHints {
  /** The exact figures of this very text (sections' start pages: the Word sommaire's numbers). */
  exact?: ExactPages;
  /** The images that typesetting could not decode (UNDECODABLE), when the host typeset the report. */
  undecodable?: ReadonlySet<string>;
  /**
   * False: typeset nothing in this thread (the language server's, which must keep answering):
   * the Word sommaire is numbered by docx/layout and the images go in as read.
   */
  typeset?: boolean;
}

/** Makes the file of a report: `file` is the report's path (images are relative to it). */
export type Exporter = (model: ReportModel, settings: AnalysisSettings, file: string | null, hints?: ExportHints) => Promise<ExportedFile> | ExportedFile;

/** The images a typesetting could not decode, of its missing images (src → reason). */
export function undecodableIn(missing: Iterable<readonly [string, string]>): Set<string> {
  return new Set([...missing].filter(([, reason]) => reason === UNDECODABLE).map(([src]) => src));
}

/** Throws the French reason a report is not exported (document.ts notExportable), if any. */
function refuseIfNotExportable(model: ReportModel): void {
  const refused = notExportable(model);
  if (refused) throw new Error(refused);
}

/** The French warning of each image a frame replaces, one line each. */
export function imageWarnings(missing: Iterable<readonly [string, string]>): string[] {
  return [...missing].map(([src, reason]) => `image « ${src} » : ${reason} (un cadre la remplace)`);
}

/** Every warning of an export: the en-tête's, then the images'. */
export function exportWarnings(model: ReportModel, missing: Iterable<readonly [string, string]>): string[] {
  const fm = frontmatterWarning(model);
  return [...(fm ? [fm] : []), ...imageWarnings(missing)];
}

export const EXPORTERS: Partial<Record<ExportFormat, Exporter>> = {
  pdf: (model, settings, file) => {
    refuseIfNotExportable(model);
    const r = renderReport(model, settings, file, { pdf: true });
    return { bytes: r.pdf!, pages: r.exact.document, warnings: exportWarnings(model, r.missingImages) };
  },
  docx: async (model, settings, file, hints = {}) => {
    refuseIfNotExportable(model);
    const { hasToc, toDocx } = await import('./docx');
    const pm = pageModelOf(settings);
    const doc = buildExportDocument(model, { level1NewPage: pm.level1NewPage, coverPage: pm.coverPage });
    // The sommaire's numbers: the page each heading starts on in the typesetting of the same
    // report (the PDF's), given by the host or typeset here without making the PDF; when Typst
    // cannot run (or the host says not to typeset), docx/layout lays the Word pages out itself
    // (slower). Every image is read once, before the document is made; those Typst cannot decode
    // (a JPEG whose segments are whole but whose tables are not) get the frame, as in the PDF:
    // the typesetting of the sommaire says which, else each image is decoded here once.
    const images = new Map<string, DocxImage>();
    for (const src of [...doc.figures.map((f) => f.src), ...(doc.cover?.logo ? [doc.cover.logo] : [])]) {
      if (!images.has(src)) images.set(src, imageFor(file, src));
    }
    const typeset = hints.typeset !== false;
    let exact = hints.exact;
    let undecodable = hints.undecodable;
    if (typeset && !exact && hasToc(doc.blocks)) {
      try {
        const r = renderReport(model, settings, file, { pdf: false });
        exact = r.exact;
        undecodable ??= undecodableIn(r.missingImages);
      } catch {
        exact = undefined;
      }
    }
    if (typeset && !undecodable) {
      try {
        undecodable = undecodableImages(new Map([...images].flatMap(([src, o]) => (o.ok ? [[src, o] as const] : []))));
      } catch {
        undecodable = new Set(); // Typst cannot run here: the images go in as read
      }
    }
    for (const src of undecodable ?? []) images.set(src, { ok: false, reason: UNDECODABLE });
    const headingPages = exact ? new Map(exact.sections.map((s) => [s.index, s.startPage])) : undefined;
    const r = await toDocx(doc, pm, (src) => images.get(src) ?? imageFor(file, src), { headingPages });
    return { bytes: r.bytes, warnings: exportWarnings(model, r.missingImages) };
  },
};

/** Registers a format (the Word export calls this when it is loaded). */
export function registerExporter(format: ExportFormat, exporter: Exporter): void {
  EXPORTERS[format] = exporter;
}
