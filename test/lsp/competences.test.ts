// The competence features over LSP, in process: the real server (server.ts) on in-memory streams.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompletionRequest,
  HoverRequest,
  PublishDiagnosticsNotification,
  type CompletionItem,
  type Hover,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { startInProcess } from './inProcess';
import { frontmatter, md } from '../unit/helpers';

const uri = 'file:///rapport-mm.md';
const text = md(frontmatter('mm'), '', '# Activités réalisées', '', 'Compétences : C16 et A4-', '');

let client: ProtocolConnection;
let capabilities: Record<string, unknown>;

beforeAll(async () => {
  ({ client, capabilities } = await startInProcess(
    (c) => c.onNotification(PublishDiagnosticsNotification.type, () => undefined),
    [{ uri, text }],
  ));
});

afterAll(() => client?.dispose());

describe('competences over LSP', () => {
  it('announces hover and completion with trigger characters', () => {
    expect(capabilities.hoverProvider).toBe(true);
    expect(capabilities.completionProvider).toEqual({ triggerCharacters: ['C', 'A', '-'] });
  });

  it('hover on a code gives its title', async () => {
    const h = (await client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 11, character: 15 } })) as Hover;
    expect(h.contents).toEqual({ kind: 'markdown', value: "**C16** — Gérer le suivi d'instruments de mesure" });
  });

  it('completion after "A4-" offers the tasks with their titles', async () => {
    const items = (await client.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 11, character: 'Compétences : C16 et A4-'.length },
    })) as CompletionItem[];
    expect(items.map((i) => i.label)).toEqual(['A4-T1', 'A4-T2', 'A4-T3', 'A4-T4', 'A4-T5', 'A4-T6']);
    expect(items[3]!.detail).toBe('Organiser, réaliser ou faire réaliser la maintenance des équipements de mesure');
  });

  it('rapport/competences returns the coverage', async () => {
    const cov = (await client.sendRequest('rapport/competences', { uri })) as { cited: number; total: number; competences: { code: string; cited: boolean }[] };
    expect(cov.total).toBe(21);
    expect(cov.cited).toBe(1);
    expect(cov.competences.find((c) => c.code === 'C16')!.cited).toBe(true);
  });
});
