// Every diagnostic code has a documentation page whose examples run here:
// a bad example produces the page's code on the lines it marks, a good one does not. See CONTRIBUTING.md.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisSettings } from '../../server/src/core/types';
import { allCodes, analyzeText, repoRoot } from './helpers';

const docsDir = join(repoRoot, 'docs', 'rules');
const EXAMPLE = /<!--\s*example:\s*(bad|good)([^>]*)-->\s*\r?\n````markdown\r?\n([\s\S]*?)\r?\n````/g;

export function extractExamples(page: string) {
  return [...page.matchAll(EXAMPLE)].map((m) => {
    const opts = Object.fromEntries([...m[2]!.matchAll(/(\w+)=(\S+)/g)].map((o) => [o[1]!, o[2]!]));
    const settings: AnalysisSettings = {};
    if (opts.bts) settings.bts = opts.bts;
    if (opts.today) settings.today = opts.today;
    // `maxSize=N` lowers the size limit of `document-size` (a million-character example cannot be literal).
    if (opts.maxSize) settings.maxDocumentSize = Number(opts.maxSize);
    // `lines=5,12`: the line (1-based, in the example) of each finding of the page's code; a line
    // given twice means two findings on it.
    const lines = opts.lines ? opts.lines.split(',').map(Number) : undefined;
    return { kind: m[1] as 'bad' | 'good', text: m[3]!, settings, lines };
  });
}


describe('rule documentation', () => {
  for (const code of allCodes) {
    describe(code, () => {
      const file = join(docsDir, `${code}.md`);
      it('has a page', () => {
        expect(existsSync(file), `docs/rules/${code}.md`).toBe(true);
      });
      if (!existsSync(file)) return;
      const examples = extractExamples(readFileSync(file, 'utf8'));
      it('has a bad and a good example', () => {
        expect(examples.some((e) => e.kind === 'bad')).toBe(true);
        expect(examples.some((e) => e.kind === 'good')).toBe(true);
      });
      examples.forEach((ex, i) => {
        it(`example ${i + 1} (${ex.kind})`, () => {
          const found = analyzeText(ex.text, ex.settings).findings.filter((f) => f.code === code);
          if (ex.kind === 'bad') {
            expect(ex.lines, 'a bad example says on which lines its findings are (lines=…)').toBeDefined();
            const lines = found.map((f) => f.range.start.line + 1).sort((a, b) => a - b);
            expect(lines, `findings:\n${found.map((f) => `${f.range.start.line + 1}: ${f.message}`).join('\n')}`).toEqual(
              [...ex.lines!].sort((a, b) => a - b),
            );
          } else expect(found.map((f) => f.message), 'the good example should be clean').toEqual([]);
        });
      });
    });
  }

  it('documents no code that does not exist', () => {
    const pages = readdirSync(docsDir).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => f.slice(0, -3));
    expect(pages.filter((p) => !allCodes.includes(p))).toEqual([]);
  });
});
