// Positions a client sends in a request (hover, completion, code action and the diagnostics in
// its context, code lens…) may lie outside the document: a line past the end, a column past the
// end of its line, a negative or fractional number. They are clamped to the document on the way
// in (withPositionEncoding's wrapper calls this for every request handler), so no feature answers
// with, or builds an edit at, a place that does not exist.

import type { TextDocument } from 'vscode-languageserver-textdocument';

interface Position {
  line: number;
  character: number;
}

const isPosition = (v: unknown): v is Position => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o.line === 'number' && typeof o.character === 'number' && Object.keys(o).length === 2;
};

/** A position inside `doc`: the nearest one (a line past the end is the end of the document). */
export function clampPosition(doc: TextDocument, p: Position): Position {
  const line = Number.isFinite(p.line) ? Math.trunc(p.line) : p.line > 0 ? Number.MAX_SAFE_INTEGER : 0;
  const character = Number.isFinite(p.character) ? Math.trunc(p.character) : p.character > 0 ? Number.MAX_SAFE_INTEGER : 0;
  // TextDocument.offsetAt clamps the line and the column (never past the line's end of line).
  const clamped = doc.positionAt(doc.offsetAt({ line: Math.max(0, line), character: Math.max(0, character) }));
  return clamped.line === p.line && clamped.character === p.character ? p : clamped;
}

/**
 * A copy of a request's params with every position clamped to `doc` (unchanged objects kept);
 * `data` (the server's own round-trip payload) is left as it is. Without a document, the params
 * as they are (the handlers answer nothing for a document that is not open).
 */
export function clampPositions<T>(params: T, doc: TextDocument | undefined): T {
  if (!doc) return params;
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      const out = v.map(walk);
      return out.some((x, i) => x !== v[i]) ? out : v;
    }
    if (isPosition(v)) return clampPosition(doc, v);
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const y = k === 'data' ? x : walk(x);
      if (y !== x) changed = true;
      out[k] = y;
    }
    return changed ? out : v;
  };
  return walk(params) as T;
}
