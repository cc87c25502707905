// The typesetting worker of the language server (bundled as dist/typst-worker.js, run as a child
// process over IPC): it analyses and typesets the reports it is sent, one at a time, and answers
// with their exact page figures. The Typst engine stays loaded in this process, so a recount
// after an edit is incremental; the server never waits for it (lsp/features/exact.ts), and
// replaces it now and then to give its memory back. Also runs as a worker thread (parentPort).

import { parentPort } from 'node:worker_threads';
import { createAnalyzer, type Analyzer } from '../core/analyze';
import type { AnalysisSettings, ExactPages } from '../core/types';
import { withImageSize } from '../host/imageSize';
import { getRegistry } from '../host/registry';
import { notExportable } from './document';
import { renderReport } from './render';

export interface ExactRequest {
  id: number;
  uri: string;
  version: number;
  text: string;
  /** Settings without functions (they do not cross threads); the image sizes are re-read here. */
  settings: AnalysisSettings;
  /** Path of the report on disk, or null (images are then placeholders). */
  file: string | null;
  /** Also make the PDF (the export command). */
  pdf?: boolean;
}

/** A document closed: its analyzer (tree, memos) goes; no answer. */
export interface ForgetRequest {
  forget: string;
}

export type ExactResponse =
  | { id: number; uri: string; version: number; ok: true; pages: ExactPages; missingImages: [string, string][]; ms: number; pdf?: Uint8Array; documents: number }
  /** `skipped`: not typeset on purpose (a report not read in full), no failure. */
  | { id: number; uri: string; version: number; ok: false; error: string; skipped?: true; documents?: number };

/** The channel to the server: a worker thread's port, or the child process's IPC. */
const port: { on(event: 'message', l: (req: ExactRequest | ForgetRequest) => void): void; postMessage(res: ExactResponse, transfer?: ArrayBuffer[]): void } | undefined =
  parentPort ??
  (process.send
    ? {
        on: (_event, l) => void process.on('message', l as (m: unknown) => void),
        postMessage: (res) => void process.send!(res),
      }
    : undefined);
// The server gone (its IPC channel closed): nothing is left to answer.
if (!parentPort && process.send) process.on('disconnect', () => process.exit(0));

if (port) {
  // One incremental analyzer per open document: a recount after an edit re-parses only what
  // changed. The server says when a document closes; 16 at most, in case it does not.
  const analyzers = new Map<string, Analyzer>();
  port.on('message', (req: ExactRequest | ForgetRequest) => {
    if ('forget' in req) {
      analyzers.delete(req.forget);
      return;
    }
    try {
      const settings = req.file ? withImageSize(req.settings, req.file) : req.settings;
      let analyzer = analyzers.get(req.uri);
      if (!analyzer) {
        if (analyzers.size >= 16) analyzers.clear();
        analyzers.set(req.uri, (analyzer = createAnalyzer({ registry: getRegistry(), rules: [] })));
      }
      const { model } = analyzer.update(req.text, settings);
      // A report not read in full is not typeset: its figures would be those of its headings alone.
      const refused = notExportable(model);
      if (refused) {
        port.postMessage({ id: req.id, uri: req.uri, version: req.version, ok: false, error: refused, skipped: true, documents: analyzers.size } satisfies ExactResponse);
        return;
      }
      const r = renderReport(model, settings, req.file, { pdf: !!req.pdf });
      const res: ExactResponse = { id: req.id, uri: req.uri, version: req.version, ok: true, pages: r.exact, missingImages: [...r.missingImages], ms: r.ms, documents: analyzers.size };
      if (r.pdf) {
        const pdf = new Uint8Array(r.pdf.buffer, r.pdf.byteOffset, r.pdf.byteLength).slice();
        res.pdf = pdf;
        port.postMessage(res, [pdf.buffer]);
      } else port.postMessage(res);
    } catch (e) {
      port.postMessage({ id: req.id, uri: req.uri, version: req.version, ok: false, error: e instanceof Error ? e.message : String(e), documents: analyzers.size } satisfies ExactResponse);
    }
  });
}
