// A quick fix inserting a skeleton carries, for a client that runs it (VS Code declares
// `rapportBts.selectPlaceholder` in `clientCommands`), the command that selects its first
// placeholder in the document after the edit; other clients get the edit alone.

import { afterEach, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  type CodeAction,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { startInProcess } from './inProcess';
import { applyEdits, computeLineStarts, offsetAt } from '../../server/src/core/text/text';
import type { Range, TextEdit } from '../../server/src/core/types';

const uri = 'file:///tmp/placeholder/rapport-cpi.md';
const text = [
  '---',
  'bts: cpi',
  'auteur: { nom: Martin, prenom: Léa }',
  'etablissement: Lycée Jean Moulin',
  'entreprise: MécaPrécis SAS',
  'stage: { debut: 2026-01-05, fin: 2026-02-27 }',
  '---',
  '',
  '# Missions',
  '',
  "Le lundi, j'ai fait la visite de l'entreprise avec mon tuteur. Le mardi, j'ai fait des recherches sur internet. Le mercredi, j'ai aidé au magasin.",
  '',
].join('\n');

let client: ProtocolConnection | undefined;
afterEach(() => {
  client?.dispose();
  client = undefined;
});

/**
 * Opens `docText` in an in-process server and waits until its pushed diagnostics satisfy `ready`;
 * returns the last diagnostics pushed.
 */
async function openUntil(
  docUri: string,
  docText: string,
  init: { capabilities?: Record<string, unknown>; initializationOptions?: unknown },
  ready: (diagnostics: Diagnostic[]) => boolean,
): Promise<Diagnostic[]> {
  const pushed: PublishDiagnosticsParams[] = [];
  const started = await startInProcess(
    (c) => {
      c.onNotification(PublishDiagnosticsNotification.type, (p) => pushed.push(p));
      c.onRequest(RegistrationRequest.type, () => null);
      c.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    },
    [{ uri: docUri, text: docText }],
    init,
  );
  client = started.client;
  if (init.capabilities) expect(started.capabilities.positionEncoding).toBe((init.capabilities as { general?: { positionEncodings?: string[] } }).general?.positionEncodings?.[0] ?? 'utf-16');
  const t0 = Date.now();
  while (!(pushed.length > 0 && ready(pushed.at(-1)!.diagnostics))) {
    if (Date.now() - t0 > 10_000) throw new Error(`diagnostics never ready: ${JSON.stringify(pushed.at(-1)?.diagnostics.map((d) => d.code))}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return pushed.at(-1)!.diagnostics;
}

async function journalFix(initializationOptions: unknown): Promise<CodeAction> {
  const diagnostics = await openUntil(uri, text, { initializationOptions }, (ds) => ds.some((d) => d.code === 'journal-style'));
  const diag = diagnostics.find((d) => d.code === 'journal-style')!;
  const actions = (await client!.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
  const fix = actions.find((a) => a.title.startsWith('Ajouter un canevas'));
  expect(fix, JSON.stringify(actions.map((a) => a.title))).toBeDefined();
  return fix!;
}

describe('first placeholder after a skeleton fix', () => {
  it('VS Code gets the command selecting the « … » after « Contexte. » in the edited text', async () => {
    const fix = await journalFix({ clientCommands: ['rapportBts.showPageBreakdown', 'rapportBts.selectPlaceholder'] });
    expect(fix.command?.command).toBe('rapportBts.selectPlaceholder');
    const [target, range] = fix.command!.arguments as [string, Range];
    expect(target).toBe(uri);
    const after = applyEdits(text, fix.edit!.changes![uri]! as TextEdit[]);
    const starts = computeLineStarts(after);
    const a = offsetAt(starts, range.start, after.length);
    const b = offsetAt(starts, range.end, after.length);
    expect(after.slice(a, b)).toBe('…');
    expect(after.slice(a - 14, a)).toBe('**Contexte.** ');
  });

  it('another client gets the edit alone', async () => {
    const fix = await journalFix({});
    expect(fix.edit).toBeDefined();
    expect(fix.command).toBeUndefined();
  });
});

describe('first placeholder for a client counting columns in UTF-8', () => {
  it('the range selects the « … » of « ### Activité 1 : … », its column counted in bytes (é is two)', async () => {
    const snUri = 'file:///tmp/placeholder/rapport-sn.md';
    const sn = ['---', 'bts: sn', 'auteur: { nom: Martin, prenom: Léa }', '---', '', '# Présentation de l’entreprise', '', 'Une entreprise.', '', '# Conclusion', '', 'Fin.', ''].join('\n');
    const diags = (
      await openUntil(snUri, sn, { capabilities: { general: { positionEncodings: ['utf-8'] } }, initializationOptions: { clientCommands: ['rapportBts.selectPlaceholder'] } }, (ds) =>
        ds.some((d) => d.code === 'section-missing'),
      )
    ).filter((d) => d.code === 'section-missing');
    const actions = (await client!.sendRequest(CodeActionRequest.type, { textDocument: { uri: snUri }, range: diags[0]!.range, context: { diagnostics: diags } })) as CodeAction[];
    const fix = actions.find((a) => a.edit?.changes?.[snUri]?.some((e) => e.newText.startsWith('### Activité 1') || e.newText.includes('\n### Activité 1')));
    expect(fix, JSON.stringify(actions.map((a) => a.title))).toBeDefined();
    const [, range] = fix!.command!.arguments as [string, Range];
    // The edit's positions are in UTF-8 too; on these ASCII-or-start-of-line insertion points they
    // equal UTF-16 ones, so the text after the edit is computed as usual.
    const after = applyEdits(sn, fix!.edit!.changes![snUri]! as TextEdit[]);
    const line = after.split('\n')[range.start.line]!;
    expect(line).toBe('### Activité 1 : …');
    const bytesBefore = Buffer.byteLength(line.slice(0, line.indexOf('…')), 'utf8');
    expect(range.start.character).toBe(bytesBefore);
    expect(range.end.character).toBe(bytesBefore + Buffer.byteLength('…', 'utf8'));
  });
});

describe('the fix of the diagnostic asked for', () => {
  it('a request for one missing section (all are reported at the front matter) gets that section\'s fix', async () => {
    const cpiUri = 'file:///tmp/placeholder/rapport-cpi-sections.md';
    const cpi = ['---', 'bts: cpi', 'auteur: { nom: Martin, prenom: Léa }', '---', '', '# Introduction', '', 'Une introduction.', ''].join('\n');
    const missing = (await openUntil(cpiUri, cpi, {}, (ds) => ds.filter((d) => d.code === 'section-missing').length > 2)).filter((d) => d.code === 'section-missing');
    // Each is asked for alone, as a client does for the diagnostic under the cursor.
    for (const diag of missing.slice(1)) {
      const title = /« ([^»]+) »/.exec(diag.message)![1]!;
      const actions = (await client!.sendRequest(CodeActionRequest.type, { textDocument: { uri: cpiUri }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
      const titles = actions.map((a) => a.title);
      expect(titles, diag.message).toContain(`Insérer la section « ${title} »`);
      expect(titles.filter((t) => t.startsWith('Insérer la section ')), diag.message).toHaveLength(1);
    }
  });
});
