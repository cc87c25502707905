// Positions outside the document in requests (a line past the end, a column past its line,
// negative or fractional numbers): clamped to the document, never echoed into answers or edits.
// In process (the real server on memory streams), in UTF-16 and in UTF-8.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  HoverRequest,
  type CodeAction,
  type CompletionItem,
  type Position,
  type ProtocolConnection,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { startInProcess } from './inProcess';
import { frontmatter, md } from '../unit/helpers';
import type { LspClient } from './harness';

const uri = 'file:///rapport-positions.md';
// A failing MM report (sections missing) with competence codes: hover, completion and quick fixes have something to say.
const text = md(frontmatter('mm'), '', '# Activités réalisées', '', 'Compétences : C16 et A4-', '', 'Une ligne accentuée : éèà 🙂', '');
const lines = text.split('\n');

/** Every position anywhere in a value. */
function positionsIn(v: unknown, out: Position[] = []): Position[] {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.line === 'number' && typeof o.character === 'number') out.push(o as unknown as Position);
    else for (const x of Object.values(o)) positionsIn(x, out);
  }
  return out;
}
/** Inside the document, the column counted in the negotiated encoding. */
const insideFor = (encoding: 'utf-16' | 'utf-8') => (p: Position) =>
  Number.isInteger(p.line) &&
  Number.isInteger(p.character) &&
  p.line >= 0 &&
  p.line < lines.length &&
  p.character >= 0 &&
  p.character <= (encoding === 'utf-8' ? Buffer.byteLength(lines[p.line]!) : lines[p.line]!.length);

const OUTSIDE: Position[] = [
  { line: 99_999, character: 3 },
  { line: 11, character: 99_999 },
  { line: -4, character: -2 },
  { line: 11.5, character: 2.25 },
];

for (const encoding of ['utf-16', 'utf-8'] as const) {
  describe(`out-of-document positions in requests (${encoding})`, () => {
    let client: ProtocolConnection;
    let lsp: LspClient;
    const inside = insideFor(encoding);
    beforeAll(async () => {
      ({ client, lsp } = await startInProcess(() => undefined, [{ uri, text }], { capabilities: { general: { positionEncodings: [encoding] } } }));
      await lsp.settled(uri, 1);
    });
    afterAll(() => client?.dispose());

    it('hover and completion answer (or not) with ranges inside the document', async () => {
      for (const position of OUTSIDE) {
        const hover = await client.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
        const items = (await client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as CompletionItem[] | null;
        for (const p of positionsIn([hover, items])) expect(inside(p), JSON.stringify({ position, p })).toBe(true);
      }
      // A column past the end of a code's line is its end: completing there still works.
      const items = (await client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: lines.indexOf('Compétences : C16 et A4-'), character: 9999 } })) as CompletionItem[];
      expect(items.length).toBeGreaterThan(0);
    });

    it('code actions for a range and diagnostics outside the document: every edit inside it', async () => {
      const diagnostics = lsp.published(uri).at(-1)!.diagnostics;
      expect(diagnostics.length).toBeGreaterThan(0);
      for (const position of OUTSIDE) {
        const range: Range = { start: position, end: { line: position.line + 2, character: position.character + 5 } };
        // The server's own diagnostics moved outside the document (a client bug), and the request range too.
        const moved = diagnostics.map((d) => ({ ...d, range }));
        const actions = (await client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: moved } })) as CodeAction[];
        expect(actions.length).toBeGreaterThan(0);
        for (const p of positionsIn(actions.map((a) => a.edit))) expect(inside(p), JSON.stringify({ position, p })).toBe(true);
      }
    });

    it('code lenses inside the document', async () => {
      const lenses = await client.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
      for (const p of positionsIn(lenses)) expect(inside(p)).toBe(true);
    });
  });
}
