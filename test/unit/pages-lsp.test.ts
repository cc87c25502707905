// Page figures over LSP, in process: CodeLens, the rapport/summary payload (with the plan),
// rapport/plan, rapport/insertSection, and image sizes read from disk by the server.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { png } from '../../bench/png.mjs';
import {
  CodeLensRequest,
  type CodeLens,
  type ProtocolConnection,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import type { ReportPlan } from '../../server/src/core/model/plan';
import { applyEdits } from '../../server/src/core/text/text';
import type { SummaryPayload } from '../../server/src/protocol';
import { imageSizeResolver } from '../../server/src/host/imageSize';
import { startInProcess } from '../lsp/inProcess';
import { frontmatter, md } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'rapport-pages-'));
writeFileSync(join(dir, 'large.png'), png(1600, 1600));
const file = join(dir, 'rapport.md');
const uri = pathToFileURL(file).toString();
const text = md(
  frontmatter('cpi'),
  '',
  '# Introduction',
  '',
  'Le contexte du stage.',
  '',
  '![Grande capture](large.png)',
  '',
  '# Conclusion',
  '',
  'Bilan.',
  '',
);
writeFileSync(file, text);

let client: ProtocolConnection;
let capabilities: Record<string, unknown>;
const summaries: SummaryPayload[] = [];
let firstSummary: Promise<SummaryPayload>;

beforeAll(async () => {
  ({ client, capabilities } = await startInProcess(
    (c) => {
      firstSummary = new Promise((resolve) => {
        c.onNotification('rapport/summary', (s: SummaryPayload) => {
          summaries.push(s);
          resolve(s);
        });
      });
    },
    [{ uri, text }],
    // As the VS Code client says: it implements the breakdown command itself.
    { initializationOptions: { clientCommands: ['rapportBts.showPageBreakdown'] } },
  ));
});

afterAll(() => client?.dispose());

describe('page figures over LSP', () => {
  it('reads image sizes from disk (host side)', () => {
    const sizeOf = imageSizeResolver(file)!;
    expect(sizeOf('large.png')).toEqual({ width: 1600, height: 1600 });
    expect(sizeOf('missing.png')).toBeUndefined();
  });

  it('announces CodeLens', () => {
    expect(capabilities.codeLensProvider).toBeDefined();
  });

  it('sends the summary with the page figures and the plan', async () => {
    const s = await firstSummary;
    expect(s.bts).toBe('cpi');
    expect(s.pages.limit).toBe(40);
    expect(s.pages.body).toBeGreaterThan(2);
    const plan = s.plan!;
    expect(plan.sections.map((x) => x.id)).toEqual(['couverture', 'remerciements', 'sommaire', 'introduction', 'entreprise', 'missions', 'competences', 'conclusion', 'annexes']);
    expect(plan.sections.find((x) => x.id === 'introduction')).toMatchObject({ present: true, line: 9, min: 1, max: 2 });
    expect(plan.sections.find((x) => x.id === 'missions')).toMatchObject({ present: false, line: null, missing: 'error' });
    expect(plan.groups.map((g) => g.id)).toEqual(['remerciements-sommaire', 'corps']);
    expect(plan.pageModel).toMatch(/^Une page = A4/);
  });

  it('sizes a figure from its image file: 1600 px square → the text width, square', async () => {
    const s = await firstSummary;
    const intro = s.pages.sections.find((x) => x.id === 'introduction')!;
    // 16 cm square figure + heading + caption + one line: about 0.8 page (an 8 cm default would give about 0.5).
    expect(intro.pages).toBeGreaterThan(0.7);
  });

  it('serves a CodeLens per recognised section, with the estimate and the budget', async () => {
    const lenses = (await client.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
    const titles = lenses.map((l) => `${l.range.start.line}: ${l.command!.title}`);
    expect(titles[0]).toMatch(/^0: BTS Conception des Produits Industriels : ≈ \d+,\d \/ 40 p\. hors annexes/);
    expect(titles).toContainEqual(expect.stringMatching(/^9: ≈ 0,\d p\. · budget 1 à 2 p\.$/));
    expect(titles).toContainEqual(expect.stringMatching(/^15: ≈ 0,\d p\. · budget 2 à 3 p\.$/));
    expect(lenses.every((l) => l.command!.command === 'rapportBts.showPageBreakdown')).toBe(true);
  });

  it('answers rapport/plan and rapport/insertSection (an undoable workspace edit)', async () => {
    const plan = (await client.sendRequest('rapport/plan', { uri })) as ReportPlan;
    expect(plan.bts).toBe('cpi');
    const edit = (await client.sendRequest('rapport/insertSection', { uri, section: 'missions' })) as WorkspaceEdit;
    const after = applyEdits(text, edit.changes![uri]!);
    expect(after).toMatch(/Bilan\.|# Missions réalisées/);
    expect(after.indexOf('# Missions réalisées')).toBeGreaterThan(after.indexOf('# Introduction'));
    expect(after.indexOf('# Missions réalisées')).toBeLessThan(after.indexOf('# Conclusion'));
    expect(await client.sendRequest('rapport/insertSection', { uri, section: 'introduction' })).toBeNull();
  });
});
