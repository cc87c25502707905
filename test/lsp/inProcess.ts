// The real language server (server.ts) on in-memory streams, for tests that need no process.

import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  DidOpenTextDocumentNotification,
  InitializeRequest,
  InitializedNotification,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type ClientCapabilities,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { startServer } from '../../server/src/lsp/server';

(globalThis as { VERSION?: string }).VERSION ??= 'test';

/**
 * Starts the server, lets `setup` register the client's handlers before it listens, then
 * initializes (no client capabilities unless given) and opens `documents`.
 */
export async function startInProcess(
  setup: (client: ProtocolConnection) => void,
  documents: { uri: string; text: string }[],
  init: { capabilities?: ClientCapabilities; initializationOptions?: unknown } = {},
): Promise<{ client: ProtocolConnection; capabilities: Record<string, unknown> }> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)));
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  setup(client);
  client.listen();
  const answer = await client.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: null,
    capabilities: init.capabilities ?? {},
    initializationOptions: init.initializationOptions,
  });
  await client.sendNotification(InitializedNotification.type, {});
  for (const { uri, text } of documents) {
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  }
  return { client, capabilities: answer.capabilities as Record<string, unknown> };
}
