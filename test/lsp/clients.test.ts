// The server with clients other than VS Code: pulled diagnostics (LSP 3.17), code actions asked
// with diagnostics whose columns are bytes (Neovim 0.7), a fix shared by several diagnostics
// offered once, didChangeConfiguration registered only where the client allows it, and the
// page-breakdown lens command run by the server itself.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CodeLensRequest,
  DidChangeTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExecuteCommandRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  type CodeAction,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type RegistrationParams,
} from 'vscode-languageserver-protocol/node';
import { startInProcess } from './inProcess';

const root = join(__dirname, '..', '..');
const fixture = (p: string) => readFileSync(join(root, 'test', 'fixtures', p), 'utf8').replace(/<!--.*?-->/g, '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let client: ProtocolConnection | undefined;
afterEach(() => {
  client?.dispose();
  client = undefined;
});

/** Starts a server for one client; records what it pushes and shows. */
async function start(docs: { uri: string; text: string }[], init: Parameters<typeof startInProcess>[2] = {}) {
  const pushed: PublishDiagnosticsParams[] = [];
  const shown: string[] = [];
  const registrations: RegistrationParams[] = [];
  const started = await startInProcess(
    (c) => {
      c.onNotification(PublishDiagnosticsNotification.type, (p) => pushed.push(p));
      c.onNotification(ShowMessageNotification.type, (p) => shown.push(p.message));
      c.onRequest(RegistrationRequest.type, (p) => {
        registrations.push(p);
        return null;
      });
      c.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    },
    docs,
    init,
  );
  client = started.client;
  return { ...started, pushed, shown, registrations };
}

const waitFor = async (pred: () => boolean, what: string) => {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > 10_000) throw new Error(`timeout: ${what}`);
    await sleep(10);
  }
};

const utf8Column = (line: string, character: number) => Buffer.byteLength(line.slice(0, character), 'utf8');

describe('a client that pulls diagnostics', () => {
  const uri = 'file:///tmp/pull/rapport-sn.md';
  const text = fixture('sections/sn-missing-several.md');

  it('is served textDocument/diagnostic, gets nothing pushed, and an unchanged report when nothing changed', async () => {
    const { client, capabilities, pushed } = await start([{ uri, text }], { capabilities: { textDocument: { diagnostic: {} } } });
    expect(capabilities.diagnosticProvider).toMatchObject({ interFileDependencies: false, workspaceDiagnostics: false });
    const first = await client.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    expect(first.kind).toBe('full');
    const items = (first as { items: Diagnostic[] }).items;
    expect(items.filter((d) => d.code === 'section-missing').map((d) => d.data)).toEqual([{ section: 'entreprise' }, { section: 'documents-anglais' }]);
    const again = await client.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId: first.resultId });
    expect(again).toEqual({ kind: 'unchanged', resultId: first.resultId });
    void client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: "# Présentation de l'entreprise\n\nRéseauTech.\n\n" }],
    });
    const after = await client.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId: first.resultId });
    expect(after.kind).toBe('full');
    expect((after as { items: Diagnostic[] }).items.filter((d) => d.code === 'section-missing').map((d) => d.data)).toEqual([{ section: 'documents-anglais' }]);
    await sleep(100);
    expect(pushed.filter((p) => p.uri === uri)).toEqual([]);
  });

  it('gets pushed diagnostics instead when it asks for them (the VS Code client)', async () => {
    const { capabilities, pushed } = await start([{ uri, text }], {
      capabilities: { textDocument: { diagnostic: {} } },
      initializationOptions: { diagnostics: 'push' },
    });
    expect(capabilities.diagnosticProvider).toBeUndefined();
    await waitFor(() => pushed.some((p) => p.uri === uri), 'pushed diagnostics');
  });
});

describe('code actions from another client', () => {
  it('match the diagnostic by code and start line when the client counts columns in bytes', async () => {
    const uri = 'file:///tmp/bytes/rapport-cpi.md';
    const text = fixture('writing/car-cpi.md');
    const { client, pushed } = await start([{ uri, text }]);
    await waitFor(() => pushed.some((p) => p.uri === uri), 'diagnostics');
    const lines = text.split('\n');
    const car = pushed[0]!.diagnostics.find((d) => d.code === 'car-incomplete' && /[^\x00-\x7f]/.test(lines[d.range.start.line]!.slice(0, d.range.end.character)))!;
    expect(car).toBeDefined();
    // What Neovim 0.7 sends back: the same diagnostic, its columns counted in UTF-8 bytes.
    const bytes: Diagnostic = {
      ...car,
      range: {
        start: { line: car.range.start.line, character: utf8Column(lines[car.range.start.line]!, car.range.start.character) },
        end: { line: car.range.end.line, character: utf8Column(lines[car.range.end.line]!, car.range.end.character) },
      },
    };
    expect(bytes.range).not.toEqual(car.range);
    const actions = (await client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: bytes.range,
      context: { diagnostics: [bytes] },
    })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    // The content fix, not only the "ignore here" action.
    expect(titles.filter((t) => !t.startsWith('Ignorer')).length).toBeGreaterThan(0);
  });

  it('offer a fix that several diagnostics share once', async () => {
    const uri = 'file:///tmp/once/rapport-sn.md';
    const { client, pushed } = await start([{ uri, text: fixture('sections/sn-missing-several.md') }]);
    await waitFor(() => pushed.some((p) => p.uri === uri), 'diagnostics');
    const missing = pushed[0]!.diagnostics.filter((d) => d.code === 'section-missing');
    expect(missing).toHaveLength(2);
    const actions = (await client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
      context: { diagnostics: missing },
    })) as CodeAction[];
    const all = actions.filter((a) => a.title === 'Insérer les 2 sections manquantes');
    expect(all).toHaveLength(1);
    expect(all[0]!.diagnostics).toHaveLength(2);
  });
});

describe('workspace/didChangeConfiguration', () => {
  const uri = 'file:///tmp/conf/notes.md';
  it('is not registered with a client that has no dynamic registration for it (eglot)', async () => {
    const { registrations } = await start([{ uri, text: '# Notes\n' }], { capabilities: { workspace: { configuration: true } } });
    await sleep(100);
    expect(registrations).toEqual([]);
  });
  it('is registered with a client that supports it', async () => {
    const { registrations } = await start([{ uri, text: '# Notes\n' }], {
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
    });
    await waitFor(() => registrations.length > 0, 'registration');
    expect(registrations[0]!.registrations.map((r) => r.method)).toEqual(['workspace/didChangeConfiguration']);
  });
});

describe('the page-breakdown lens in another editor', () => {
  const uri = 'file:///tmp/lens/rapport-mm.md';
  const text = fixture('pages/mm-budgets.md');

  it('runs on the server through workspace/executeCommand and shows the breakdown', async () => {
    const { client, capabilities, shown } = await start([{ uri, text }]);
    const commands = (capabilities.executeCommandProvider as { commands: string[] }).commands;
    const lenses = await client.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    expect(lenses!.length).toBeGreaterThan(1);
    const command = lenses![0]!.command!;
    expect(commands).toContain(command.command);
    await client.sendRequest(ExecuteCommandRequest.type, { command: command.command, arguments: command.arguments });
    await waitFor(() => shown.length > 0, 'the breakdown message');
    expect(shown[0]).toContain('hors annexes');
    expect(shown[0]!.split('\n').length).toBeGreaterThan(2);
  });

  it('keeps the client command for a client that implements it (VS Code)', async () => {
    const { client } = await start([{ uri, text }], { initializationOptions: { clientCommands: ['rapportBts.showPageBreakdown'] } });
    const lenses = await client.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    expect(new Set(lenses!.map((l) => l.command?.command))).toEqual(new Set(['rapportBts.showPageBreakdown']));
  });
});
