// Position encoding (LSP 3.17 `general.positionEncodings`): the columns a client counts in.
// The whole server works in UTF-16 code units (JavaScript strings, `TextDocument`); this is the
// one place where the columns of another encoding are converted, at the LSP boundary:
// - `negotiatePositionEncoding` picks the encoding from the client's capabilities (UTF-16 unless
//   the client prefers UTF-8 or UTF-32 by offering it before UTF-16);
// - `withPositionEncoding` wraps the connection the features use: the positions and ranges of
//   the requests they handle come in converted to UTF-16, those of their results, of pushed
//   diagnostics and of the edits they send go out converted to the client's encoding;
// - `changeFromClient` converts the range of a `didChange` content change (server.ts applies
//   the changes one at a time, each against the text the previous one left).
// With UTF-16 nothing is wrapped or converted.

import type { ClientCapabilities, Connection, TextDocumentContentChangeEvent, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { clampPositions } from './clamp';

export type PositionEncoding = 'utf-8' | 'utf-16' | 'utf-32';

const SUPPORTED: readonly string[] = ['utf-8', 'utf-16', 'utf-32'];

/** The first encoding the client offers that the server supports; UTF-16 when it offers none. */
export function negotiatePositionEncoding(capabilities: ClientCapabilities): PositionEncoding {
  const offered = capabilities.general?.positionEncodings;
  if (!Array.isArray(offered)) return 'utf-16';
  return (offered.find((e) => SUPPORTED.includes(e)) as PositionEncoding | undefined) ?? 'utf-16';
}

interface Position {
  line: number;
  character: number;
}

/** Length, in the encoding's units, of the UTF-16 code unit `c` (and of the pair it starts). */
function unitsOf(text: string, i: number, encoding: PositionEncoding): { units: number; width: number } {
  const c = text.charCodeAt(i);
  const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
  if (pair) return { units: encoding === 'utf-8' ? 4 : 1, width: 2 };
  if (encoding === 'utf-32') return { units: 1, width: 1 };
  return { units: c < 0x80 ? 1 : c < 0x800 ? 2 : 3, width: 1 };
}

/** A UTF-16 column of `line` (its text) as a column in `encoding`. Past the end, the excess is kept. */
export function columnToClient(line: string, character: number, encoding: PositionEncoding): number {
  if (encoding === 'utf-16') return character;
  let units = 0;
  let i = 0;
  const end = Math.min(character, line.length);
  while (i < end) {
    const u = unitsOf(line, i, encoding);
    units += u.units;
    i += u.width;
  }
  return units + Math.max(0, character - i);
}

/**
 * A column in `encoding` of `line` as a UTF-16 column. A column inside a character (in the middle
 * of its bytes) is that character's start; past the end, the excess is kept.
 */
export function columnFromClient(line: string, character: number, encoding: PositionEncoding): number {
  if (encoding === 'utf-16') return character;
  let units = 0;
  let i = 0;
  while (i < line.length) {
    const u = unitsOf(line, i, encoding);
    if (units + u.units > character) return i;
    units += u.units;
    i += u.width;
  }
  return i + (character - units);
}

/** Converts the columns of one document's positions; reads each line once. */
class LineColumns {
  private readonly lines = new Map<number, string>();
  constructor(
    private readonly doc: TextDocument | undefined,
    private readonly encoding: PositionEncoding,
  ) {}

  private line(n: number): string {
    let text = this.lines.get(n);
    if (text === undefined) {
      text = this.doc ? this.doc.getText({ start: { line: n, character: 0 }, end: { line: n + 1, character: 0 } }).replace(/\r?\n$|\r$/, '') : '';
      this.lines.set(n, text);
    }
    return text;
  }

  convert(p: Position, direction: 'in' | 'out'): Position {
    if (!this.doc || p.line < 0 || p.line >= this.doc.lineCount) return p;
    const line = this.line(p.line);
    const character = direction === 'out' ? columnToClient(line, p.character, this.encoding) : columnFromClient(line, p.character, this.encoding);
    return character === p.character ? p : { line: p.line, character };
  }
}

const isPosition = (v: unknown): v is Position => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o.line === 'number' && typeof o.character === 'number' && Object.keys(o).length === 2;
};

/**
 * A copy of an LSP value with every position converted, each against the document it belongs
 * to: the nearest enclosing `uri` / `textDocument.uri` (a Location, a diagnostic's related
 * information, an entry of `documentChanges`), a key of `WorkspaceEdit.changes`, else `uri`.
 * `data` (the server's own round-trip payload) and `command` are left as they are.
 */
export function convertPositions(
  value: unknown,
  uri: string | undefined,
  direction: 'in' | 'out',
  encoding: PositionEncoding,
  documentOf: (uri: string) => TextDocument | undefined,
): unknown {
  if (encoding === 'utf-16') return value;
  const converters = new Map<string, LineColumns>();
  const columnsOf = (u: string | undefined) => {
    const key = u ?? '';
    let c = converters.get(key);
    if (!c) converters.set(key, (c = new LineColumns(u === undefined ? undefined : documentOf(u), encoding)));
    return c;
  };
  const walk = (v: unknown, u: string | undefined, key?: string): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, u));
    if (isPosition(v)) return columnsOf(u).convert(v, direction);
    const o = v as Record<string, unknown>;
    let here = u;
    if (typeof o.uri === 'string') here = o.uri;
    const td = o.textDocument as { uri?: unknown } | undefined;
    if (td && typeof td.uri === 'string') here = td.uri;
    if (typeof o.targetUri === 'string') here = o.targetUri;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      if (k === 'data' || k === 'command' || k === 'textDocument') out[k] = x;
      else if (key === 'changes') out[k] = walk(x, k); // WorkspaceEdit.changes: { [uri]: TextEdit[] }
      else out[k] = walk(x, here, k);
    }
    return out;
  };
  return walk(value, uri);
}

/** The URI a request's params name (`textDocument.uri`, or `uri`). */
function uriOf(params: unknown): string | undefined {
  const p = params as { textDocument?: { uri?: unknown }; uri?: unknown } | undefined;
  if (typeof p?.textDocument?.uri === 'string') return p.textDocument.uri;
  return typeof p?.uri === 'string' ? p.uri : undefined;
}

/** The handler registrations of `Connection` whose params and results carry positions. */
const POSITION_HANDLERS = new Set([
  'onCodeAction',
  'onCodeActionResolve',
  'onCodeLens',
  'onCodeLensResolve',
  'onHover',
  'onCompletion',
  'onCompletionResolve',
  'onDocumentSymbol',
  'onWorkspaceSymbol',
  'onDefinition',
  'onDeclaration',
  'onReferences',
  'onDocumentHighlight',
  'onDocumentLinks',
  'onDocumentLinkResolve',
  'onFoldingRanges',
  'onSelectionRanges',
  'onSignatureHelp',
  'onRenameRequest',
  'onPrepareRename',
  'onDocumentFormatting',
  'onDocumentRangeFormatting',
  'onDocumentOnTypeFormatting',
  'onDocumentColor',
  'onColorPresentation',
]);

type Handler = (params: unknown, ...rest: unknown[]) => unknown;

/**
 * The connection the features use, converting positions between UTF-16 and the negotiated
 * encoding (read at each message: it is known only after `initialize`).
 */
export function withPositionEncoding(connection: Connection, documents: TextDocuments<TextDocument>, encoding: () => PositionEncoding): Connection {
  const documentOf = (uri: string) => documents.get(uri);
  const wrap =
    (handler: Handler): Handler =>
    (params, ...rest) => {
      const e = encoding();
      const uri = uriOf(params);
      // Converted to UTF-16, then clamped to the document (clamp.ts).
      const doc = uri === undefined ? undefined : documentOf(uri);
      if (e === 'utf-16') return handler(clampPositions(params, doc), ...rest);
      const result = handler(clampPositions(convertPositions(params, uri, 'in', e, documentOf), doc), ...rest);
      const out = (r: unknown) => convertPositions(r, uri, 'out', e, documentOf);
      return result instanceof Promise ? result.then(out) : out(result);
    };
  const diagnostics = new Proxy(connection.languages.diagnostics, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'on' && typeof v === 'function') return (handler: Handler) => (v as (h: Handler) => unknown).call(target, wrap(handler));
      return typeof v === 'function' ? (v as Handler).bind(target) : v;
    },
  });
  const languages = new Proxy(connection.languages, {
    get(target, prop, receiver) {
      if (prop === 'diagnostics') return diagnostics;
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as Handler).bind(target) : v;
    },
  });
  const workspace = new Proxy(connection.workspace, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'applyEdit' && typeof v === 'function') {
        return (params: unknown) => {
          const e = encoding();
          return (v as Handler).call(target, e === 'utf-16' ? params : convertPositions(params, undefined, 'out', e, documentOf));
        };
      }
      return typeof v === 'function' ? (v as Handler).bind(target) : v;
    },
  });
  return new Proxy(connection, {
    get(target, prop, receiver) {
      if (prop === 'languages') return languages;
      if (prop === 'workspace') return workspace;
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      if (typeof prop === 'string' && POSITION_HANDLERS.has(prop)) return (handler: Handler) => (v as (h: Handler) => unknown).call(target, wrap(handler));
      if (prop === 'sendDiagnostics') {
        return (params: { uri: string }) => {
          const e = encoding();
          return (v as Handler).call(target, e === 'utf-16' ? params : convertPositions(params, params.uri, 'out', e, documentOf));
        };
      }
      return (v as Handler).bind(target);
    },
  });
}

/** A `didChange` content change with its range (in the client's encoding) converted against `doc`, the text before it. */
export function changeFromClient(doc: TextDocument, change: TextDocumentContentChangeEvent, encoding: PositionEncoding): TextDocumentContentChangeEvent {
  if (encoding === 'utf-16' || !('range' in change) || !change.range) return change;
  const range = convertPositions(change.range, doc.uri, 'in', encoding, () => doc) as typeof change.range;
  // rangeLength (deprecated) counts UTF-16 units of the old range; TextDocument ignores it.
  return { range, text: change.text };
}
