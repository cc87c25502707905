// `rapport-bts lsp --stdio`: a real LSP session over standard input/output.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  InitializeRequest,
  InitializedNotification,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { LspClient } from './harness';

const root = join(__dirname, '..', '..');
const fixture = (p: string) => readFileSync(join(root, 'test', 'fixtures', p), 'utf8');

const codesOf = (d: Diagnostic[]) => d.map((x) => x.code);

describe('rapport-bts lsp --stdio', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = LspClient.stdio();
    const init = await client.request(client.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
    }));
    expect(init.capabilities.textDocumentSync).toBe(2); // incremental
    expect(init.capabilities.codeActionProvider).toBeTruthy();
    void client.conn.sendNotification(InitializedNotification.type, {});
  });
  afterAll(async () => {
    expect(await client.stop()).toBe(0);
  });

  const reportUri = 'file:///tmp/rapport-sn.md';
  const reportText = fixture('sections/sn-missing-several.md').replace(/<!--.*?-->/g, '');

  it('publishes the diagnostics of a report, with source, code, codeDescription and data', async () => {
    const wait = client.next(reportUri, 0);
    client.open(reportUri, reportText);
    const p = await wait;
    expect(p.version).toBe(1);
    const missing = p.diagnostics.filter((d) => d.code === 'section-missing');
    expect(missing.map((d) => d.data)).toEqual([{ section: 'entreprise' }, { section: 'documents-anglais' }]);
    for (const d of p.diagnostics) {
      expect(d.source).toBe('rapport-bts');
      expect(d.codeDescription?.href).toMatch(new RegExp(`docs/rules/${d.code}\\.md$`));
    }
    expect(missing[0]!.severity).toBe(1);
    expect(missing[0]!.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 6 } });
  });

  it('offers the quick fix as a workspace edit', async () => {
    const p = await client.next(reportUri, 0);
    const diag = p.diagnostics.find((d) => d.code === 'section-missing')!;
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: reportUri },
      range: diag.range,
      context: { diagnostics: [diag] },
    })) as { title: string; kind: string; edit: { changes: Record<string, { newText: string }[]> } }[];
    expect(actions.map((a) => a.title)).toEqual(["Insérer la section « Présentation de l'entreprise »", 'Insérer les 2 sections manquantes']);
    expect(actions[0]!.kind).toBe('quickfix');
    expect(actions[0]!.edit.changes[reportUri]![0]!.newText).toContain("# Présentation de l'entreprise");
  });

  it('re-analyses after an incremental change', async () => {
    const before = client.published(reportUri).length;
    const wait = client.next(reportUri, before);
    void client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: reportUri, version: 2 },
      contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: "# Présentation de l'entreprise\n\nRéseauTech.\n\n" }],
    });
    const p = await wait;
    expect(p.version).toBe(2);
    expect(p.diagnostics.filter((d) => d.code === 'section-missing').map((d) => d.data)).toEqual([{ section: 'documents-anglais' }]);
  });

  it('publishes nothing for a README', async () => {
    const uri = 'file:///tmp/README.md';
    const wait = client.next(uri, 0);
    client.open(uri, fixture('plain/readme.md'));
    expect((await wait).diagnostics).toEqual([]);
  });

  it('honours rapport.* settings pulled with workspace/configuration', async () => {
    client.configuration = { bts: 'electrotechnique', rules: { 'section-missing': 'info' } };
    const uri = 'file:///tmp/notes.md';
    void client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const wait = client.next(uri, 0);
    client.open(uri, '# Travail réalisé\n\nTexte.\n');
    const p = await wait;
    expect(codesOf(p.diagnostics)).toContain('section-missing');
    expect(new Set(p.diagnostics.filter((d) => d.code === 'section-missing').map((d) => d.severity))).toEqual(new Set([3]));
  });

  it('reports settings of the wrong type once, in French, and falls back to defaults', async () => {
    client.configuration = { bts: 42, rules: { 'section-order': 'fort' } };
    const uri = 'file:///tmp/rapport-cpi.md';
    void client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const wait = client.next(uri, 0);
    client.open(uri, fixture('sections/cpi-complete.md'));
    const p = await wait;
    expect(p.diagnostics.filter((d) => String(d.code).startsWith('section-'))).toEqual([]);
    expect(client.messages.some((m) => m.includes('rapport.bts'))).toBe(true);
    expect(client.messages.some((m) => m.includes('rapport.rules.section-order'))).toBe(true);
  });
});
