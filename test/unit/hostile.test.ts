// Hostile inputs (bench/hostile.mjs and the cases below): every one gets an answer, with ranges
// inside the document, and the findings a report deserves. Sizes keep `npm test` fast; the
// time and memory per family at 100 KB, 1 MB and 5 MB are measured by `npm run bench`.

import { describe, expect, it } from 'vitest';
import { sanitizeSettings } from '../../server/src/core/model/settings';
import { shownValue } from '../../server/src/core/text/shown';
import { maxOf, minOf, pushAll } from '../../server/src/core/arrays';
import { computeLineStarts } from '../../server/src/core/text/text';
import type { AnalysisResult } from '../../server/src/core/types';
import { FAMILIES, cListingReport } from '../../bench/hostile.mjs';
import { analyzeText, codes, DEFAULT_TODAY, expectLinear, frontmatter, md, newAnalyzer } from './helpers';

const deep = (n: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < n; i++) v = [v];
  return v;
};

describe('values shown in messages', () => {
  it('never throw: own toString, deep arrays, huge strings', () => {
    expect(shownValue({ toString: 1 })).toBe('un objet');
    expect(shownValue(deep(100_000))).toBe('une liste');
    expect(shownValue('x'.repeat(1000)).length).toBeLessThanOrEqual(61);
    expect(shownValue(Object.create(null))).toBe('un objet');
    expect(shownValue(3)).toBe('3');
  });

  it('lists as long as a document: no argument spreading', () => {
    const big = Array.from({ length: 300_000 }, (_, i) => i);
    expect(maxOf(big, 0)).toBe(299_999);
    expect(minOf(big, 5)).toBe(0);
    expect(maxOf([], -1)).toBe(-1);
    expect(pushAll([1], big).length).toBe(300_001);
  });
});

describe('settings with their own toString or nested arrays', () => {
  for (const bad of [{ toString: 1 }, { toString: () => { throw new Error('x'); } }, deep(50_000)]) {
    it(`fall back to defaults with a French message (${Array.isArray(bad) ? 'deep array' : 'object'})`, () => {
      const raw = {
        rules: { frontmatter: bad, 'section-missing': 'warning' },
        pageModel: { fontSizePt: bad, paper: bad },
        journal: { sensitivity: bad },
      };
      const { settings, problems } = sanitizeSettings(raw);
      expect(settings.rules).toEqual({ 'section-missing': 'warning' });
      expect(settings.journal).toBeUndefined();
      expect(problems.length).toBe(4);
      for (const p of problems) expect(p).toMatch(/vaut « (un objet|une liste) »/);
    });
  }
});

describe('front matter objects with their own toString', () => {
  it('an invalid date stays an error of the frontmatter rule', () => {
    const text = md('---', 'bts: cpi', 'stage:', '  debut: { toString: 1 }', '  fin: 2026-02-27', 'titre: { toString: 1 }', '---', '', '# Introduction', '');
    const result = analyzeText(text);
    const fm = result.findings.filter((f) => f.code === 'frontmatter');
    expect(fm.some((f) => /Date invalide pour « stage\.debut » : « un objet »/.test(f.message))).toBe(true);
    expect(fm.some((f) => /« titre » doit être un texte/.test(f.message))).toBe(true);
    expect(fm.every((f) => f.severity === 'error' || f.severity === 'warning')).toBe(true);
  });

  it('an enumerated field given an object is an unknown value, not a crash', () => {
    const text = md(...frontmatter('sn', ['option: { toString: 1 }']).split('\n'), '', '# Introduction', '');
    expect(() => analyzeText(text)).not.toThrow();
  });
});

describe('documents as wide as they are long', () => {
  it('130,000 top-level blocks: answered in degraded mode, the section rules still run', () => {
    const text = `${frontmatter('cpi')}\n\n# Introduction\n\n${'a\n\n'.repeat(130_000)}`;
    const result = analyzeText(text);
    expectInside(result, text);
    const size = result.findings.filter((f) => f.code === 'document-size');
    expect(size).toHaveLength(1);
    expect(size[0]!.data).toMatchObject({ reason: 'structure', what: 'blocks' });
    expect(codes(result)).toContain('section-missing');
  });
});

/** Every range of every finding lies inside the text. */
function expectInside(result: AnalysisResult, text: string): void {
  const starts = computeLineStarts(text);
  const lengthOf = (line: number) => {
    let end = line + 1 < starts.length ? starts[line + 1]! : text.length;
    while (end > starts[line]! && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
    return end - starts[line]!;
  };
  for (const f of result.findings) {
    for (const p of [f.range.start, f.range.end]) {
      expect(p.line, f.code).toBeLessThan(starts.length);
      expect(p.character, f.code).toBeLessThanOrEqual(lengthOf(p.line));
    }
  }
}

describe('hostile corpus (bench/hostile.mjs) at 15 KB and 30 KB', () => {
  for (const [name, make] of Object.entries(FAMILIES)) {
    it(`${name}: answered, ranges inside, time not super-linear, same findings by the editor's path`, () => {
      const time = (n: number) => {
        const text = make(n);
        const t0 = performance.now();
        const result = analyzeText(text);
        const ms = performance.now() - t0;
        expectInside(result, text);
        // The editor's incremental analyzer gives the same findings as a full analysis.
        const inc = newAnalyzer().update(text, { today: DEFAULT_TODAY });
        expect(inc.findings.map((f) => `${f.code}@${f.range.start.line}`)).toEqual(result.findings.map((f) => `${f.code}@${f.range.start.line}`));
        // A degraded answer never hides the report's missing sections.
        if (codes(result).includes('document-size')) expect(codes(result)).toContain('section-missing');
        return ms;
      };
      expectLinear(time, 15_000, 400, 3000);
    }, 120_000);
  }
});

describe('degraded analysis never hides a failure', () => {
  it('a report with a 210-line C listing in its annexes is analysed in full and keeps its errors', () => {
    const result = analyzeText(cListingReport(210));
    expect(codes(result)).not.toContain('document-size');
    expect(result.findings.some((f) => f.code === 'section-missing' && f.severity === 'error')).toBe(true);
  });

  it('markers in fenced code do not count; the same markers in prose do', () => {
    const markers = '(*p)[i] = f(_x[j]);\n'.repeat(400);
    const fenced = `${frontmatter('cpi')}\n\n# Introduction\n\n\`\`\`c\n${markers}\`\`\`\n`;
    expect(codes(analyzeText(fenced))).not.toContain('document-size');
    const prose = `${frontmatter('cpi')}\n\n# Introduction\n\n${markers}`;
    expect(codes(analyzeText(prose))).toContain('document-size');
  });

  it('a table a thousand columns wide is analysed; wider (a pasted export) is degraded; pipes in fenced code do not count', () => {
    const table = (cols: number) => `${'| a '.repeat(cols)}|\n${'|---'.repeat(cols)}|\n`;
    const doc = (body: string) => `${frontmatter('cpi')}\n\n# Introduction\n\n${body}`;
    // 1,000 pipes on a line at most: 999 columns.
    expect(codes(analyzeText(doc(table(999))))).not.toContain('document-size');
    const wide = analyzeText(doc(table(1000)));
    expect(codes(wide)).toContain('document-size');
    expect(wide.findings.find((f) => f.code === 'document-size')!.message).toMatch(/cellules de tableau/);
    expect(codes(analyzeText(doc(`\`\`\`\n${table(3000)}\`\`\`\n`)))).not.toContain('document-size');
  });

  it('a degraded document still gets its front matter and section errors', () => {
    const text = `---\nbts: cpi\nstage: { debut: pas-une-date }\n---\n\n# Introduction\n\n${'[a](b) '.repeat(1000)}\n`;
    const result = analyzeText(text);
    expect(codes(result)).toContain('document-size');
    expect(result.findings.some((f) => f.code === 'frontmatter' && /Date invalide/.test(f.message))).toBe(true);
    const missing = result.findings.filter((f) => f.code === 'section-missing').map((f) => (f.data as { section: string }).section);
    expect(missing).toContain('conclusion');
    expect(missing).not.toContain('introduction');
  });

  it('a front matter over 64 KB in a document too large to parse is read, not "not closed"', () => {
    const fm = `---\nbts: cpi\nstage: { debut: 2026-01-05, fin: 2026-02-27 }\nnotes: |\n${'  ligne de notes assez longue pour remplir\n'.repeat(2000)}---\n`;
    expect(fm.length).toBeGreaterThan(65_536);
    const text = `${fm}\n# Introduction\n\n${'Texte du rapport. '.repeat(60_000)}\n`;
    const result = analyzeText(text);
    expect(codes(result)).toContain('document-size');
    expect(result.findings.filter((f) => /pas fermé|invalide/.test(f.message))).toEqual([]);
    expect(result.model.profile?.id).toBe('cpi');
  });
});

describe('line endings', () => {
  it('CR-only (old Mac) gives the same findings and lines as LF', () => {
    const lf = `${frontmatter('cpi')}\n\n# Introduction\n\nTexte.\n\n# Conclusion\n\nFin.\n`;
    const cr = lf.replace(/\n/g, '\r');
    const a = analyzeText(lf).findings.map((f) => [f.code, f.range.start.line, f.message]);
    const b = analyzeText(cr).findings.map((f) => [f.code, f.range.start.line, f.message]);
    expect(b).toEqual(a);
    expect(b.some(([, , m]) => /YAML/.test(String(m)))).toBe(false);
  });
});
