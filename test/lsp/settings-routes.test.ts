// Bad settings by each route a client has — initializationOptions, the answer to
// workspace/configuration, workspace/didChangeConfiguration — over real stdio
// (`rapport-bts lsp --stdio`): objects with their own `toString`, arrays nested thousands deep,
// in every setting that is read. The server stays alive, says so once in French, and analyses a
// report exactly as with no settings at all; the next edit is analysed too.

import { beforeAll, describe, expect, it } from 'vitest';
import { DidChangeConfigurationNotification, InitializeRequest, InitializedNotification, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { frontmatter, md } from '../unit/helpers';
import { LspClient } from './harness';

const deep = (depth: number): unknown => {
  let a: unknown = 'x';
  for (let i = 0; i < depth; i++) a = [a];
  return a;
};
const own = { toString: 1, valueOf: 1 };
const BAD: Record<string, unknown>[] = [
  { bts: own, rules: own, pageModel: own, journal: own },
  { rules: { 'section-missing': own, 'page-budget': deep(3000) }, pageModel: { font: own, marginCm: deep(3000), lineSpacing: own }, journal: { sensitivity: own } },
  { bts: deep(3000), rules: deep(3000), pageModel: deep(3000), journal: { sensitivity: deep(3000) } },
];

// A failing report: sections missing, a mission without its parts.
const text = md(frontmatter('cpi'), '', '# Introduction', '', 'Le stage s’est bien passé.', '', '# Missions', '', '## Mission 1', '', 'Texte.', '');
const shape = (ds: Diagnostic[]) => ds.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}/${d.severity}`).sort();

type Route = 'initializationOptions' | 'workspace/configuration' | 'didChangeConfiguration';

async function session(route: Route | 'none', bad: unknown): Promise<LspClient> {
  const client = LspClient.stdio({ env: { RAPPORT_BTS_EXACT: 'off' } });
  if (route === 'workspace/configuration') client.configuration = bad;
  await client.request(
    client.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: route === 'workspace/configuration' ? { workspace: { configuration: true } } : {},
      initializationOptions: route === 'initializationOptions' ? { settings: bad } : {},
    }),
  );
  void client.conn.sendNotification(InitializedNotification.type, {});
  if (route === 'didChangeConfiguration') void client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { rapport: bad } });
  return client;
}

describe('bad settings by each route leave a live server that analyses correctly', () => {
  let reference: string[];
  let referenceAfterEdit: string[];
  const uri = 'file:///tmp/rapport-settings.md';
  const edit = { range: { start: { line: 12, character: 0 }, end: { line: 12, character: 0 } }, text: '# Conclusion\n\nFin.\n\n' };

  beforeAll(async () => {
    const client = await session('none', undefined);
    client.open(uri, text);
    await client.settled(uri, 1);
    reference = shape(client.published(uri).at(-1)!.diagnostics);
    client.change(uri, 2, [edit]);
    await client.settled(uri, 2);
    referenceAfterEdit = shape(client.published(uri).at(-1)!.diagnostics);
    await client.stop();
    expect(reference.some((d) => d.startsWith('section-missing'))).toBe(true);
    expect(referenceAfterEdit).not.toEqual(reference);
  });

  for (const route of ['initializationOptions', 'workspace/configuration', 'didChangeConfiguration'] as const) {
    it(`by ${route}`, { timeout: 120_000 }, async () => {
      for (const bad of BAD) {
        const client = await session(route, bad);
        try {
          client.open(uri, text);
          await client.settled(uri, 1);
          expect(shape(client.published(uri).at(-1)!.diagnostics)).toEqual(reference);
          client.change(uri, 2, [edit]);
          await client.settled(uri, 2);
          expect(shape(client.published(uri).at(-1)!.diagnostics)).toEqual(referenceAfterEdit);
          // Still answering, and it said why the settings were not used, in French.
          expect(((await client.request(client.conn.sendRequest('rapport/stats', {}))) as { documents: number }).documents).toBe(1);
          expect(client.messages.length).toBeGreaterThan(0);
          expect(client.messages.every((m) => m.startsWith('Rapport BTS : '))).toBe(true);
          expect(client.stderr).not.toMatch(/unhandled|uncaught|TypeError|RangeError/i);
          expect(await client.stop()).toBe(0);
        } catch (e) {
          await client.stop().catch(() => undefined);
          throw e;
        }
      }
    });
  }
});

describe('versions that do not increase (a client bug): the latest text wins', () => {
  it('the same version, then a lower one: each new text is analysed and published', { timeout: 120_000 }, async () => {
    const client = await session('none', undefined);
    try {
      const failing = text;
      const passing = md(text, '# Conclusion', '', 'Fin.', '');
      // References: each text opened fresh.
      client.open('file:///tmp/ref-failing.md', failing);
      client.open('file:///tmp/ref-passing.md', passing);
      await client.settled('file:///tmp/ref-failing.md', 1);
      await client.settled('file:///tmp/ref-passing.md', 1);
      const refFailing = shape(client.published('file:///tmp/ref-failing.md').at(-1)!.diagnostics);
      const refPassing = shape(client.published('file:///tmp/ref-passing.md').at(-1)!.diagnostics);
      expect(refPassing).not.toEqual(refFailing);

      const uri = 'file:///tmp/rapport-versions.md';
      client.open(uri, failing, 5);
      await client.settled(uri, 5);
      expect(shape(client.published(uri).at(-1)!.diagnostics)).toEqual(refFailing);
      const steps: [number, string, string[]][] = [
        [5, passing, refPassing], // the same version again
        [3, failing, refFailing], // a lower one
        [3, passing, refPassing], // the same lower one
      ];
      for (const [version, next, expected] of steps) {
        const n = client.published(uri).length;
        client.change(uri, version, [{ text: next }]);
        await client.until(() => client.published(uri).length > n, `publication after version ${version}`);
        expect(shape(client.published(uri).at(-1)!.diagnostics)).toEqual(expected);
      }
    } finally {
      await client.stop();
    }
  });
});
