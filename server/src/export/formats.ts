// The export formats, by name: each turns an analysed report into the bytes of its file.
// The PDF goes through Typst (render.ts), the Word file through `docx` (docx.ts); the CLI and
// the editor offer every format from this one table.

import type { AnalysisSettings, ReportModel } from '../core/types';
import { renderDocx } from './docx';
import { loadImage } from './images';
import { renderReport } from './render';

export type ExportFormat = 'pdf' | 'docx';

export interface ExportedFile {
  bytes: Buffer;
  /** Pages of the result, when the format knows them. */
  pages?: number;
  /** French warnings (images not found…), one line each. */
  warnings: string[];
}

/** Makes the file of a report: `file` is the report's path (images are relative to it). */
export type Exporter = (model: ReportModel, settings: AnalysisSettings, file: string | null) => Promise<ExportedFile> | ExportedFile;

function imageWarnings(missing: Map<string, string>): string[] {
  return [...missing].map(([src, reason]) => `image « ${src} » : ${reason} (un cadre la remplace)`);
}

export const EXPORTERS: Partial<Record<ExportFormat, Exporter>> = {
  pdf: (model, settings, file) => {
    const r = renderReport(model, settings, file, { pdf: true });
    return { bytes: r.pdf!, pages: r.exact.document, warnings: imageWarnings(r.missingImages) };
  },
  docx: async (model, settings, file) => {
    const r = await renderDocx(model, settings, (src) => (file ? loadImage(file, src) : { ok: false, reason: 'rapport sans fichier sur le disque' }));
    return { bytes: r.bytes, warnings: imageWarnings(r.missingImages) };
  },
};

/** Registers a format (the Word export calls this when it is loaded). */
export function registerExporter(format: ExportFormat, exporter: Exporter): void {
  EXPORTERS[format] = exporter;
}
