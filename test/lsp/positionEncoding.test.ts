// Position encoding negotiation (LSP 3.17 `general.positionEncodings`), in process: the real
// server (server.ts) on in-memory streams. A line with accents, a typographic apostrophe and an
// emoji outside the BMP (two UTF-16 units, four UTF-8 bytes) before competence codes: a UTF-16
// client gets UTF-16 columns, a UTF-8 client byte columns (diagnostics, hover, completion,
// code actions), and incremental edits with byte ranges land where the client meant.

import { afterEach, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CompletionRequest,
  DocumentDiagnosticRequest,
  HoverRequest,
  PublishDiagnosticsNotification,
  type ClientCapabilities,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type Hover,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { columnFromClient, columnToClient, negotiatePositionEncoding } from '../../server/src/lsp/positionEncoding';
import { frontmatter, md } from '../unit/helpers';
import { startInProcess } from './inProcess';
import type { LspClient } from './harness';

const uri = 'file:///tmp/encoding/rapport-mm.md';
const LINE = 'Élève 🎓 à l’atelier : C99 puis C16 et A4-';
const text = md(frontmatter('mm'), '', '# Activités réalisées', '', LINE, '');
const lineNo = text.split('\n').indexOf(LINE);

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const codePoints = (s: string) => [...s].length;
/** The column of `what` in LINE, in each encoding. */
const col = (what: string, count: (s: string) => number) => count(LINE.slice(0, LINE.indexOf(what)));

/** Applies edits whose columns are UTF-8 bytes, the way a UTF-8 client does. */
function applyUtf8Edits(source: string, edits: TextEdit[]): string {
  const lines = source.split('\n');
  const offset = (p: { line: number; character: number }) => {
    const before = lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0);
    const line = Buffer.from(lines[p.line] ?? '', 'utf8');
    return before + line.subarray(0, p.character).toString('utf8').length;
  };
  let out = source;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

let client: ProtocolConnection | undefined;
afterEach(() => {
  client?.dispose();
  client = undefined;
});

async function start(capabilities: ClientCapabilities) {
  const pushed: PublishDiagnosticsParams[] = [];
  const started = await startInProcess((c) => c.onNotification(PublishDiagnosticsNotification.type, (p) => pushed.push(p)), [{ uri, text }], { capabilities });
  client = started.client;
  return { ...started, pushed };
}

async function settledDiagnostics(lsp: LspClient, pushed: PublishDiagnosticsParams[], version: number): Promise<Diagnostic[]> {
  await lsp.settled(uri, version);
  const last = pushed.filter((p) => p.uri === uri).at(-1);
  expect(last, 'diagnostics published').toBeDefined();
  return last!.diagnostics;
}

const unknown = (diags: Diagnostic[], code: string) => diags.find((d) => d.code === 'competence-unknown' && d.message.includes(code) && d.range.start.line === lineNo);

describe('position encoding negotiation', () => {
  it('picks the first encoding the client offers that the server supports, UTF-16 otherwise', () => {
    expect(negotiatePositionEncoding({})).toBe('utf-16');
    expect(negotiatePositionEncoding({ general: {} })).toBe('utf-16');
    expect(negotiatePositionEncoding({ general: { positionEncodings: ['utf-8', 'utf-16'] } })).toBe('utf-8');
    expect(negotiatePositionEncoding({ general: { positionEncodings: ['utf-16', 'utf-8'] } })).toBe('utf-16');
    expect(negotiatePositionEncoding({ general: { positionEncodings: ['utf-32'] } })).toBe('utf-32');
    expect(negotiatePositionEncoding({ general: { positionEncodings: ['latin-1', 'utf-8'] } })).toBe('utf-8');
    expect(negotiatePositionEncoding({ general: { positionEncodings: ['latin-1'] } })).toBe('utf-16');
  });

  it('converts columns both ways on a line with accents and an astral emoji', () => {
    const at = LINE.indexOf('C99');
    expect(columnToClient(LINE, at, 'utf-8')).toBe(bytes(LINE.slice(0, at)));
    expect(columnToClient(LINE, at, 'utf-32')).toBe(codePoints(LINE.slice(0, at)));
    expect(columnFromClient(LINE, bytes(LINE.slice(0, at)), 'utf-8')).toBe(at);
    expect(columnFromClient(LINE, codePoints(LINE.slice(0, at)), 'utf-32')).toBe(at);
    // Every character boundary round-trips; a byte inside a character is that character's start.
    for (let i = 0; i <= LINE.length; i++) {
      const c = LINE.charCodeAt(i - 1);
      if (c >= 0xd800 && c <= 0xdbff) continue; // inside the emoji
      expect(columnFromClient(LINE, columnToClient(LINE, i, 'utf-8'), 'utf-8'), `column ${i}`).toBe(i);
    }
    const emoji = LINE.indexOf('🎓');
    expect(columnFromClient(LINE, bytes(LINE.slice(0, emoji)) + 2, 'utf-8')).toBe(emoji);
    // Past the end of the line (an end-of-line position), the excess is kept.
    expect(columnToClient(LINE, LINE.length + 1, 'utf-8')).toBe(bytes(LINE) + 1);
    expect(columnFromClient(LINE, bytes(LINE) + 1, 'utf-8')).toBe(LINE.length + 1);
  });
});

describe('a UTF-16 client (the default, VS Code, Neovim 0.7)', () => {
  it('is told utf-16 and gets UTF-16 columns', async () => {
    const { lsp, pushed, capabilities } = await start({});
    expect(capabilities.positionEncoding).toBe('utf-16');
    const c99 = unknown(await settledDiagnostics(lsp, pushed, 1), 'C99');
    expect(c99?.range).toEqual({ start: { line: lineNo, character: LINE.indexOf('C99') }, end: { line: lineNo, character: LINE.indexOf('C99') + 3 } });
    const hover = (await client!.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: lineNo, character: LINE.indexOf('C16') + 1 } })) as Hover;
    expect(JSON.stringify(hover.contents)).toContain('**C16** —');
    expect(hover.range?.start.character).toBe(LINE.indexOf('C16'));
  });
});

describe('a UTF-8 client (offers utf-8 first)', () => {
  const utf8: ClientCapabilities = { general: { positionEncodings: ['utf-8', 'utf-16'] } };

  it('is told utf-8 and gets diagnostics in byte columns', async () => {
    const { lsp, pushed, capabilities } = await start(utf8);
    expect(capabilities.positionEncoding).toBe('utf-8');
    const diags = await settledDiagnostics(lsp, pushed, 1);
    const c99 = unknown(diags, 'C99');
    expect(bytes(LINE.slice(0, LINE.indexOf('C99')))).not.toBe(LINE.indexOf('C99'));
    expect(c99?.range).toEqual({ start: { line: lineNo, character: col('C99', bytes) }, end: { line: lineNo, character: col('C99', bytes) + 3 } });
    // Lines without non-ASCII text before a column keep the same numbers.
    for (const d of diags.filter((d) => d.range.start.line !== lineNo)) expect(d.range.start.character).toBeGreaterThanOrEqual(0);
  });

  it('pulling diagnostics (textDocument/diagnostic), gets byte columns too', async () => {
    await start({ ...utf8, textDocument: { diagnostic: { dynamicRegistration: false } } });
    const report = (await client!.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })) as { kind: string; items: Diagnostic[] };
    expect(report.kind).toBe('full');
    expect(unknown(report.items, 'C99')?.range.start.character).toBe(col('C99', bytes));
  });

  it('hover and completion take and give byte columns', async () => {
    await start(utf8);
    const hover = (await client!.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: lineNo, character: col('C16', bytes) + 1 } })) as Hover;
    expect(JSON.stringify(hover.contents)).toContain('**C16** —');
    expect(hover.range).toEqual({ start: { line: lineNo, character: col('C16', bytes) }, end: { line: lineNo, character: col('C16', bytes) + 3 } });
    // At the UTF-16 column, which is a few bytes earlier, the cursor is not on C16.
    const before = (await client!.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: lineNo, character: LINE.indexOf('C16') + 1 } })) as Hover | null;
    expect(JSON.stringify(before?.contents ?? null)).not.toContain('**C16** —');
    const items = (await client!.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: lineNo, character: bytes(LINE) } })) as CompletionItem[];
    expect(items.map((i) => i.label)).toContain('A4-T2');
    const edit = items[0]!.textEdit as TextEdit;
    expect(edit.range).toEqual({ start: { line: lineNo, character: col('A4-', bytes) }, end: { line: lineNo, character: bytes(LINE) } });
    expect(applyUtf8Edits(text, [edit]).split('\n')[lineNo]).toBe(LINE.replace(/A4-$/, String(items[0]!.label)));
  });

  it('code actions accept the byte-column diagnostics it sends back, and keep them as sent', async () => {
    const { lsp, pushed } = await start(utf8);
    const c99 = unknown(await settledDiagnostics(lsp, pushed, 1), 'C99')!;
    const actions = (await client!.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: c99.range, context: { diagnostics: [c99] } })) as CodeAction[];
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(a.diagnostics).toEqual([c99]);
    const ignore = actions.find((a) => a.title.startsWith('Ignorer'))!;
    const edited = applyUtf8Edits(text, ignore.edit!.changes![uri]!);
    expect(edited).toContain(LINE);
    expect(edited).toContain('rapport-disable competence-unknown');
  });

  it('applies incremental edits whose ranges are byte columns', async () => {
    const { lsp, pushed } = await start(utf8);
    await settledDiagnostics(lsp, pushed, 1);
    const at = col('C99', bytes);
    const range = (start: number, end: number): Range => ({ start: { line: lineNo, character: start }, end: { line: lineNo, character: end } });
    // Replace C99 by C98 (a byte range after the accents and the emoji).
    lsp.change(uri, 2, [{ range: range(at, at + 3), text: 'C98' }]);
    let diags = await settledDiagnostics(lsp, pushed, 2);
    expect(unknown(diags, 'C99')).toBeUndefined();
    expect(unknown(diags, 'C98')?.range).toEqual(range(at, at + 3));
    // Two changes in one notification, the second against the text the first left: another
    // emoji after "Élève ", then C98 (now 5 bytes further) becomes C97.
    const afterName = bytes('Élève ');
    lsp.change(uri, 3, [
      { range: range(afterName, afterName), text: '🎒 ' },
      { range: range(at + 5, at + 8), text: 'C97' },
    ]);
    diags = await settledDiagnostics(lsp, pushed, 3);
    expect(unknown(diags, 'C98')).toBeUndefined();
    expect(unknown(diags, 'C97')?.range).toEqual(range(at + 5, at + 8));
    // The line is what the client has: hover on C16 at its new byte column.
    const newLine = LINE.replace('Élève ', 'Élève 🎒 ').replace('C99', 'C97');
    const c16 = bytes(newLine.slice(0, newLine.indexOf('C16')));
    const hover = (await client!.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: lineNo, character: c16 } })) as Hover;
    expect(hover.range).toEqual(range(c16, c16 + 3));
  });
});

describe('a UTF-32 client', () => {
  it('gets code point columns', async () => {
    const { lsp, pushed, capabilities } = await start({ general: { positionEncodings: ['utf-32'] } });
    expect(capabilities.positionEncoding).toBe('utf-32');
    const c99 = unknown(await settledDiagnostics(lsp, pushed, 1), 'C99');
    expect(c99?.range.start.character).toBe(col('C99', codePoints));
  });
});
