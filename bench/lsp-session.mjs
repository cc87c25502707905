// The language server as an editor starts it for the benchmarks: `dist/cli.js lsp --stdio` in a
// child process, spoken to over stdio, initialised, with the published diagnostics awaited by
// version. Timing is taken from outside the server, as a person meets it.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const lsp = require('vscode-languageserver-protocol/node');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Starts and initialises a server. `published(version)` resolves with the diagnostics published
 * for that version (set it before sending the change); `stop()` shuts it down and waits for the exit.
 */
export async function startServer({ env = {}, nodeArgs = [], capabilities = {}, settings } = {}) {
  const proc = spawn(process.execPath, [...nodeArgs, join(root, 'dist', 'cli.js'), 'lsp', '--stdio'], { cwd: root, env: { ...process.env, ...env } });
  const conn = lsp.createProtocolConnection(new lsp.StreamMessageReader(proc.stdout), new lsp.StreamMessageWriter(proc.stdin));
  let onPublish;
  conn.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => onPublish?.(p));
  conn.onNotification('rapport/summary', () => undefined);
  conn.onRequest(lsp.ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  conn.onRequest(lsp.RegistrationRequest.type, () => null);
  conn.listen();
  await conn.sendRequest(lsp.InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities, ...(settings ? { initializationOptions: { settings } } : {}) });
  void conn.sendNotification(lsp.InitializedNotification.type, {});
  const published = (version) => new Promise((resolve) => (onPublish = (p) => p.version === version && resolve(p)));
  const stop = async () => {
    await conn.sendRequest(lsp.ShutdownRequest.type);
    void conn.sendNotification(lsp.ExitNotification.type);
    await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
    conn.dispose();
  };
  return { proc, conn, lsp, published, stop };
}
