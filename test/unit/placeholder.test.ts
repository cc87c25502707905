// Where the cursor goes after a fix that inserts a skeleton (core/text/placeholder.ts), on the
// fixes the rules really make.

import { describe, expect, it } from 'vitest';
import { placeholderAfterEdits } from '../../server/src/core/text/placeholder';
import { applyEdits, computeLineStarts, offsetAt } from '../../server/src/core/text/text';
import { analyzeText, frontmatter } from './helpers';

/** The text selected by `range` in the document after the edits. */
function selected(text: string, edits: Parameters<typeof placeholderAfterEdits>[1]) {
  const range = placeholderAfterEdits(text, edits);
  if (!range) return undefined;
  const after = applyEdits(text, edits);
  const starts = computeLineStarts(after);
  const a = offsetAt(starts, range.start, after.length);
  const b = offsetAt(starts, range.end, after.length);
  return { text: after.slice(a, b), before: after.slice(Math.max(0, a - 40), a), line: after.split('\n')[range.start.line] };
}

describe('first placeholder after a fix', () => {
  it('the « … » after the first label of the C → A → R skeleton (journal-style fix)', () => {
    const text = `${frontmatter('cpi')}\n# Missions\n\nLe lundi, j'ai fait la visite de l'entreprise avec mon tuteur. Le mardi, j'ai fait des recherches sur internet. Le mercredi, j'ai aidé au magasin.\n`;
    const f = analyzeText(text).findings.find((x) => x.code === 'journal-style');
    expect(f?.fixes?.[0]).toBeDefined();
    const s = selected(text, f!.fixes![0]!.edits)!;
    expect(s.text).toBe('…');
    expect(s.before.endsWith('**Contexte.** ')).toBe(true);
  });

  it('the line under the guidance comment of an inserted section (section-missing fix)', () => {
    const text = `${frontmatter('cpi')}\n# Introduction\n\nTexte.\n`;
    const f = analyzeText(text).findings.find((x) => x.code === 'section-missing' && x.data?.section === 'conclusion');
    const s = selected(text, f!.fixes![0]!.edits)!;
    expect(s.text).toBe('');
    const lines = applyEdits(text, f!.fixes![0]!.edits).split('\n');
    const range = placeholderAfterEdits(text, f!.fixes![0]!.edits)!;
    expect(lines[range.start.line - 1]).toMatch(/^<!--.*-->$/);
    expect(lines[range.start.line]).toBe('');
  });

  it('the mission title « … » of the CPI missions skeleton, not a « … » inside a comment', () => {
    const edits = [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '<!-- Je remercie M./Mme …, -->\n\n### Mission 1 : …\n\n' }];
    const s = selected('# A\n# B\n', edits)!;
    expect(s.text).toBe('…');
    expect(s.line).toBe('### Mission 1 : …');
  });

  it('edits in any order, the first in the document wins; nothing for a text without placeholder or comment', () => {
    const text = 'a\nb\nc\n';
    const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
    const r = placeholderAfterEdits(text, [
      { range: at(2), newText: 'Deux : …\n' },
      { range: at(1), newText: 'Un : …\n' },
    ]);
    expect(r?.start).toEqual({ line: 1, character: 5 });
    expect(placeholderAfterEdits(text, [{ range: at(1), newText: '[[_TOC_]]\n' }])).toBeUndefined();
  });
});
