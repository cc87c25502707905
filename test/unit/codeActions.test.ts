// The "ignore here" action wraps a finding in disable/enable comments; re-analysed, it is gone
// and the other findings stay.

import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../server/src/core/text/text';
import { disableEdits } from '../../server/src/lsp/features/codeActions';
import { analyzeText, md } from './helpers';

describe('ignore a finding here', () => {
  const doc = md('---', 'bts: cpi', '---', '# Introduction', '', '# Conclusion', '', 'Texte.');

  it('silences that finding only, keeping the text', () => {
    const before = analyzeText(doc);
    const empty = before.findings.find((f) => f.code === 'section-empty')!;
    const edits = disableEdits(before, empty.code, empty.range)!;
    const fixed = applyEdits(doc, edits);
    const after = analyzeText(fixed);
    expect(after.findings.filter((f) => f.code === 'section-empty')).toEqual([]);
    expect(after.findings.filter((f) => f.code !== 'section-empty').map((f) => f.code)).toEqual(
      before.findings.filter((f) => f.code !== 'section-empty').map((f) => f.code),
    );
    expect(fixed.replace(/<!-- rapport-(disable|enable) section-empty -->\n/g, '')).toBe(doc);
  });

  it('works on the last line of a file without a final newline', () => {
    const d = md('---', 'bts: cpi', '---', '# Introduction');
    const r = analyzeText(d);
    const empty = r.findings.find((f) => f.code === 'section-empty')!;
    const after = analyzeText(applyEdits(d, disableEdits(r, empty.code, empty.range)!));
    expect(after.findings.filter((f) => f.code === 'section-empty')).toEqual([]);
  });

  it('is not offered inside the front matter', () => {
    const r = analyzeText(doc);
    const missing = r.findings.find((f) => f.code === 'section-missing')!;
    expect(disableEdits(r, missing.code, missing.range)).toBeUndefined();
  });
});
