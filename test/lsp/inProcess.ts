// The real language server (server.ts) on in-memory streams, for tests that need no process:
// the harness's in-process client (harness.ts), initialized and with documents open.

import { createConnection } from 'vscode-languageserver/node';
import {
  InitializeRequest,
  InitializedNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { startServer } from '../../server/src/lsp/server';
import { LspClient } from './harness';

(globalThis as { VERSION?: string }).VERSION ??= 'test';

/**
 * Starts the server, lets `setup` register the client's handlers before it listens, then
 * initializes (no client capabilities unless given) and opens `documents`.
 */
export async function startInProcess(
  setup: (client: ProtocolConnection) => void,
  documents: { uri: string; text: string }[],
  init: { capabilities?: ClientCapabilities; initializationOptions?: unknown } = {},
): Promise<{ client: ProtocolConnection; capabilities: Record<string, unknown>; lsp: LspClient }> {
  // Without exact page counts (their scheduler reads RAPPORT_BTS_EXACT when the server starts):
  // these tests are of other features, and a typesetting process forked a second after each
  // change took the CPU of the tests beside it. The exact counts have tests of their own
  // (test/lsp/soak.test.ts, test/unit/exact-counter.test.ts, the real-editor suites).
  const before = process.env.RAPPORT_BTS_EXACT;
  process.env.RAPPORT_BTS_EXACT = 'off';
  let lsp: LspClient;
  try {
    lsp = LspClient.inProcess(
      (toServer, toClient) => startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient))),
      (c) => setup(c.conn),
    );
  } finally {
    if (before === undefined) delete process.env.RAPPORT_BTS_EXACT;
    else process.env.RAPPORT_BTS_EXACT = before;
  }
  const client = lsp.conn;
  const answer = await client.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: null,
    capabilities: init.capabilities ?? {},
    initializationOptions: init.initializationOptions,
  });
  await client.sendNotification(InitializedNotification.type, {});
  for (const { uri, text } of documents) lsp.open(uri, text);
  return { client, capabilities: answer.capabilities as Record<string, unknown>, lsp };
}
