// A lying Content-Length over stdio: the server must not stay alive and deaf. The framing watch
// (server/src/lsp/framing.ts) sees it and the server ends with a message, so the client starts a
// new one; well-framed traffic, however it is cut into chunks, never trips it.

import { describe, expect, it } from 'vitest';
import { HoverRequest, InitializeRequest, InitializedNotification } from 'vscode-languageserver-protocol/node';
import { FramingWatch } from '../../server/src/lsp/framing';
import { generateReport } from '../../bench/generate.mjs';
import { LspClient } from './harness';

const frame = (body: string, length = Buffer.byteLength(body)) => `Content-Length: ${length}\r\n\r\n${body}`;
const message = (id: number, text = 'é') =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { textDocument: { uri: `file:///tmp/${text}.md` }, position: { line: 0, character: 0 } } });

describe('framing watch', () => {
  it('well-framed messages cut anywhere (byte by byte, several per chunk, Content-Type too) are never lost', () => {
    const big = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { text: generateReport({ pages: 20, seed: 2 }) } });
    const stream = Buffer.from(
      frame(message(1)) + `Content-Length: ${Buffer.byteLength(message(2))}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${message(2)}` + frame(big) + frame(` ${message(3)}`),
    );
    for (const size of [1, 7, 64, 4096, stream.length]) {
      const w = new FramingWatch();
      for (let i = 0; i < stream.length; i += size) expect(w.push(stream.subarray(i, i + size))).toBeUndefined();
      expect(w.waiting).toBe(false);
    }
  });

  it('a Content-Length shorter than the body, garbage headers, no length: lost at once', () => {
    const short = new FramingWatch();
    expect(short.push(Buffer.from(frame(message(1), 20) + frame(message(2))))).toMatch(/en-têtes illisibles|JSON/);
    expect(new FramingWatch().push(Buffer.from('Hello: x\r\n\r\n{}'))).toMatch(/illisibles/);
    expect(new FramingWatch().push(Buffer.from('Content-Length: abc\r\n\r\n{}'))).toMatch(/Content-Length/);
    expect(new FramingWatch().push(Buffer.from('Content-Length: 5\r\n\r\nhello'))).toMatch(/JSON/);
    expect(new FramingWatch().push(Buffer.from('Content-Length: ' + '9'.repeat(9000)))).toMatch(/octets/);
  });

  it('a Content-Length longer than the body: waiting (the silence then ends it)', () => {
    const w = new FramingWatch();
    expect(w.push(Buffer.from(frame(message(1), 100_000) + frame(message(2))))).toBeUndefined();
    expect(w.waiting).toBe(true);
  });
});

describe('a lying Content-Length over real stdio (rapport-bts lsp --stdio)', () => {
  const start = async () => {
    const client = LspClient.stdio({ env: { RAPPORT_BTS_FRAMING_SILENCE_MS: '1500', RAPPORT_BTS_EXACT: 'off' } });
    await client.request(client.conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} }));
    void client.conn.sendNotification(InitializedNotification.type, {});
    // Alive and answering before the abuse.
    expect(await client.request(client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///tmp/none.md' }, position: { line: 0, character: 0 } }))).toBeNull();
    return client;
  };

  it('longer than the body: the server ends (exit 1, a message on stderr) instead of staying deaf', async () => {
    const client = await start();
    client.writeRaw(frame(message(1000), 1_000_000));
    client.writeRaw(frame(message(1001)));
    expect(await client.exited).toBe(1);
    expect(client.stderr).toMatch(/flux LSP illisible.*incomplet/);
    client.conn.dispose();
  });

  it('shorter than the body: the server ends at once', async () => {
    const client = await start();
    client.writeRaw(frame(message(1000), 30));
    expect(await client.exited).toBe(1);
    expect(client.stderr).toMatch(/flux LSP illisible/);
    client.conn.dispose();
  });
});
