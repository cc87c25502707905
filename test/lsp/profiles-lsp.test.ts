// A broken profile never stops the language server: RAPPORT_BTS_PROFILES naming a folder with an
// invalid profile (an unknown key, invalid YAML), the server stays up, says once in French which
// file and which key, and keeps checking reports with the profiles shipped with the extension.

import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DidOpenTextDocumentNotification, InitializedNotification, InitializeRequest } from 'vscode-languageserver-protocol/node';
import { LspClient } from './harness';

const root = join(__dirname, '..', '..');
const profiles = join(root, 'server', 'src', 'profiles');

/** The shipped profiles in a temp folder, with `edit` applied to cpi.yaml. */
function brokenFolder(edit: (cpi: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-profils-'));
  for (const f of readdirSync(profiles).filter((n) => n.endsWith('.yaml'))) copyFileSync(join(profiles, f), join(dir, f));
  writeFileSync(join(dir, 'cpi.yaml'), edit(readFileSync(join(profiles, 'cpi.yaml'), 'utf8')));
  return dir;
}

const report = readFileSync(join(root, 'test', 'fixtures', 'sections', 'cpi-complete.md'), 'utf8')
  .replace(/<!--[^>]*-->/g, '')
  .replace(/# 5\. Conclusion[\s\S]*?(?=# Annexes)/, '');

describe('language server with broken profiles', () => {
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  const start = async (dir: string) => {
    client = LspClient.stdio({ env: { RAPPORT_BTS_PROFILES: dir } });
    await client.request(client.conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} }));
    void client.conn.sendNotification(InitializedNotification.type, {});
    return client;
  };

  it.each([
    ['an unknown key', (t: string) => t.replace(/^options:/m, 'optionz:'), /cpi\.yaml.*clé inconnue « optionz »/],
    ['invalid YAML', (t: string) => `${t}\n  : : [\n`, /cpi\.yaml : YAML invalide/],
  ])('%s: one French error naming the file and the key, and reports still checked', async (_what, edit, expected) => {
    const c = await start(brokenFolder(edit));
    await c.until(() => c.messages.length > 0, 'the error message');
    expect(c.messages).toHaveLength(1);
    expect(c.messages[0]).toMatch(/^Rapport BTS : profils invalides — /);
    expect(c.messages[0]).toMatch(expected);
    expect(c.messages[0]).toMatch(/profils fournis avec l'extension sont utilisés/);
    // Still serving: a CPI report opened now is analysed with the shipped profiles.
    const uri = 'file:///tmp/rapport-profils-casses.md';
    void c.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text: report } });
    await c.settled(uri, 1);
    const codes = c.published(uri).at(-1)!.diagnostics.map((d) => d.code);
    expect(codes).toContain('section-missing');
    expect(c.messages).toHaveLength(1);
  });
});
