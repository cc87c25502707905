// `rapport/export`: the editor's "Rapport : Exporter en PDF / en Word" commands. The PDF is
// typeset in the worker thread (exact.ts), so the server keeps answering while it is made; the
// file goes next to the report unless the client names another path, and an existing file is
// kept unless the client says the student agreed to replace it (`force`).

import { fileURLToPath } from 'node:url';
import { EXPORTERS, exportWarnings, imageWarnings, undecodableIn, type ExportFormat } from '../../export/formats';
import { outputPathFor } from '../../export/render';
import { OutputExists, writeExport } from '../../export/write';
import type { ServerContext } from './context';
import type { ExactCounter } from './exact';
import { EXPORT_REQUEST, type ExportParams, type ExportReply } from '../../protocol';


export function registerExport(ctx: ServerContext, exact: ExactCounter): void {
  ctx.connection.onRequest(EXPORT_REQUEST, async (params: ExportParams): Promise<ExportReply> => {
    const doc = ctx.documents.get(params.uri);
    if (!doc) return { ok: false, exists: false, path: null, message: "Le document n'est pas ouvert." };
    let file: string;
    try {
      file = fileURLToPath(params.uri);
    } catch {
      return { ok: false, exists: false, path: null, message: "Enregistre d'abord le rapport sur le disque : l'export se place à côté de lui." };
    }
    const format: ExportFormat = params.format === 'docx' ? 'docx' : 'pdf';
    const target = params.target ?? outputPathFor(file, format);
    const settings = await ctx.getSettings(params.uri);
    try {
      let bytes: Buffer;
      let pages: number | null = null;
      let warnings: string[] = [];
      if (format === 'pdf') {
        const res = await exact.exportPdf(params.uri, doc.version, doc.getText(), settings, file);
        if (!res.ok) return { ok: false, exists: false, path: target, message: `Export impossible : ${res.error}` };
        bytes = Buffer.from(res.pdf!.buffer, res.pdf!.byteOffset, res.pdf!.byteLength);
        pages = res.pages.document;
        const model = (await ctx.analysisOf(params.uri))?.model;
        warnings = model ? exportWarnings(model, res.missingImages) : imageWarnings(res.missingImages);
      } else {
        const exporter = EXPORTERS[format];
        const result = await ctx.analysisOf(params.uri);
        if (!exporter || !result) return { ok: false, exists: false, path: target, message: `L'export au format ${format} n'est pas disponible dans cette version.` };
        // The Word sommaire's page numbers are the typesetting's, and so is the list of the
        // images it could not decode (they get the frame, as in the PDF): a typesetting in the
        // worker now, of this text. The server's thread typesets nothing, even when the worker
        // fails: docx/layout numbers the sommaire then, and the images go in as read.
        const res = await exact.exportPdf(params.uri, doc.version, doc.getText(), settings, file, { pdf: false });
        const out = await exporter(result.model, settings, file, res.ok ? { exact: res.pages, undecodable: undecodableIn(res.missingImages), typeset: false } : { typeset: false });
        bytes = out.bytes;
        pages = out.pages ?? null;
        warnings = out.warnings;
      }
      writeExport(target, bytes, !!params.force);
      return { ok: true, path: target, pages, warnings };
    } catch (e) {
      if (e instanceof OutputExists) return { ok: false, exists: true, path: target, message: e.message };
      return { ok: false, exists: false, path: target, message: `Export impossible : ${e instanceof Error ? e.message : String(e)}` };
    }
  });
}
