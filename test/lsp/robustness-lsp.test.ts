// The language server while a student types: one analysis on open, an isolated edit answered at
// once, a burst coalesced (the last version always published), results of stale versions never
// published, the debug `rapport/stats` request.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializeRequest,
  InitializedNotification,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateReport } from '../../bench/generate.mjs';
import { LspClient } from './harness';

/** Only to space keystrokes as a person types them (never to wait for the server). */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('language server under typing', () => {
  let client: LspClient;
  let conn: LspClient['conn'];
  let messages: string[];
  let onPublish: ((p: PublishDiagnosticsParams) => void) | undefined;

  beforeAll(async () => {
    client = LspClient.stdio();
    conn = client.conn;
    messages = client.messages;
    client.onPublish = (p) => onPublish?.(p);
    // No workspace/configuration capability: the settings come with the initialize request,
    // here of the wrong types (the server falls back to defaults and says so once).
    await client.request(
      conn.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        capabilities: {},
        initializationOptions: { settings: { bts: ['cpi'], rules: 'tout', journal: { sensitivity: 3 } } },
      }),
    );
    void conn.sendNotification(InitializedNotification.type, {});
  });
  afterAll(async () => {
    await client.stop();
  });

  const text = generateReport({ pages: 12, seed: 4 });
  const uri = 'file:///tmp/rapport-typing.md';
  const of = (u: string) => client.published(u);
  const waitFor = (pred: () => boolean, what: string) => client.until(pred, what);

  it('analyses a document once when it opens, without waiting', async () => {
    const t0 = Date.now();
    void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    await client.settled(uri, 1);
    const first = of(uri)[0]!;
    expect(first.version).toBe(1);
    expect(first.diagnostics.length).toBeGreaterThan(0);
    expect(Date.now() - t0).toBeLessThan(20_000);
    // Settled: nothing else is pending for version 1, and it was published once.
    expect(of(uri).map((p) => p.version)).toEqual([1]);
  });

  it('answers an isolated edit without a fixed delay', async () => {
    const before = of(uri).length;
    const line = Math.floor(text.split('\n').length / 2);
    // Three isolated edits (nothing typed for a while before each): the quickest answer is
    // compared with the fixed 200 ms debounce the server used to wait (the analysis takes a few ms;
    // the minimum of three keeps a busy machine from failing the test).
    const delays: number[] = [];
    for (let v = 2; v <= 4; v++) {
      await pause(300); // isolated: nothing typed for a while before the edit
      const t0 = performance.now();
      const done = new Promise<void>((resolve) => (onPublish = (p) => p.uri === uri && p.version === v && resolve()));
      void conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'a' }],
      });
      await done;
      delays.push(performance.now() - t0);
    }
    onPublish = undefined;
    expect(of(uri).slice(before).map((p) => p.version)).toEqual([2, 3, 4]);
    expect(Math.min(...delays)).toBeLessThan(150);
  });

  it('coalesces a burst of keystrokes and always publishes the last version', async () => {
    const before = of(uri).length;
    const line = Math.floor(text.split('\n').length / 2);
    // Nine keystrokes in one write: they reach the server together.
    for (let v = 5; v <= 13; v++) {
      void conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'a' }],
      });
    }
    await client.settled(uri, 13);
    const versions = of(uri).slice(before).map((p) => p.version!);
    expect(versions[versions.length - 1]).toBe(13);
    expect(versions.length).toBeLessThanOrEqual(3);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    // Then keystrokes 15 ms apart (a fast typist) for 20 letters: fewer analyses than letters,
    // the last version published.
    const from = of(uri).length;
    for (let v = 14; v <= 33; v++) {
      void conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'a' }],
      });
      await pause(15); // a fast typist
    }
    await client.settled(uri, 33);
    const typed = of(uri).slice(from).map((p) => p.version!);
    expect(typed[typed.length - 1]).toBe(33);
    expect(typed.length).toBeLessThan(20);
  });

  it('keeps diagnostics right after edits that restructure the document', async () => {
    // Open a fence in the middle (the rest becomes code), then close it: the diagnostics
    // return to those of the original text.
    const u = 'file:///tmp/rapport-fence.md';
    void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'markdown', version: 1, text } });
    await waitFor(() => of(u).length === 1, 'diagnostics of the fence document');
    const original = of(u)[0]!.diagnostics.map((d) => [d.code, d.range.start.line]);
    const line = Math.floor(text.split('\n').length / 3);
    const change = (version: number, range: { start: { line: number; character: number }; end: { line: number; character: number } }, newText: string) =>
      conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: u, version }, contentChanges: [{ range, text: newText }] });
    void change(2, { start: { line, character: 0 }, end: { line, character: 0 } }, '```\n\n');
    await waitFor(() => of(u).some((p) => p.version === 2), 'version 2');
    void change(3, { start: { line, character: 0 }, end: { line: line + 2, character: 0 } }, '');
    await waitFor(() => of(u).some((p) => p.version === 3), 'version 3');
    expect(of(u).find((p) => p.version === 3)!.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual(original);
  });

  it('several changes in one notification, and across coalesced notifications, give the diagnostics of the final text', async () => {
    const u = 'file:///tmp/rapport-multi.md';
    void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'markdown', version: 1, text } });
    await waitFor(() => of(u).length === 1, 'diagnostics of the multi-change document');
    let doc = TextDocument.create(u, 'markdown', 1, text);
    const lines = text.split('\n').length;
    const batches: TextDocumentContentChangeEvent[][] = [
      [
        { range: { start: { line: 12, character: 0 }, end: { line: 12, character: 0 } }, text: '# Conclusion\n\nTexte.\n\n' },
        { range: { start: { line: Math.floor(lines / 2), character: 0 }, end: { line: Math.floor(lines / 2) + 3, character: 0 } }, text: '' },
        { range: { start: { line: 20, character: 2 }, end: { line: 20, character: 9 } }, text: 'Le lundi, j\'ai fait puis ensuite le mardi' },
      ],
      [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '```\n' }],
      [{ range: { start: { line: lines - 10, character: 0 }, end: { line: lines - 10, character: 0 } }, text: '```\n\n- liste\n' }],
    ];
    let version = 1;
    for (const changes of batches) {
      version++;
      doc = TextDocument.update(doc, changes, version);
      void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: u, version }, contentChanges: changes });
    }
    await waitFor(() => of(u).some((p) => p.version === version), 'diagnostics of the last version');
    // The server located the changes from the notifications and re-parsed only around them.
    const stats = (await conn.sendRequest('rapport/stats', {})) as { lastAnalysis?: { uri: string; path: string } };
    expect(stats.lastAnalysis).toMatchObject({ uri: u, path: 'incremental' });
    const fresh = 'file:///tmp/rapport-multi-fresh.md';
    void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: fresh, languageId: 'markdown', version: 1, text: doc.getText() } });
    await waitFor(() => of(fresh).length === 1, 'diagnostics of the fresh copy');
    const strip = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => [d.code, d.range, d.message]);
    expect(strip(of(u).find((p) => p.version === version)!)).toEqual(strip(of(fresh)[0]!));
  });

  it('reported settings of the wrong type once each, in French, and analysed with the defaults', () => {
    expect(messages.filter((m) => m.includes('rapport.bts'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('« rapport.rules »'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('rapport.journal.sensitivity'))).toHaveLength(1);
    expect(messages.filter((m) => !m.startsWith('Rapport BTS'))).toEqual([]);
  });

  it('answers rapport/stats with its pid and memory use', async () => {
    const stats = (await conn.sendRequest('rapport/stats', {})) as {
      pid: number;
      memory: { heapUsed: number; rss: number };
      documents: number;
      lastAnalysis?: { path: string };
    };
    expect(stats.pid).toBe(client.pid);
    expect(stats.memory.heapUsed).toBeGreaterThan(0);
    expect(stats.memory.rss).toBeGreaterThan(stats.memory.heapUsed);
    expect(stats.documents).toBe(4);
    expect(['full', 'incremental']).toContain(stats.lastAnalysis?.path);
  });
});
