// Robustness of the analysis core: whatever the text, `analyze` (and the incremental path)
// answers, with ranges inside the document, and in time linear in the text (hang guards here,
// not performance tests: see bench/ for figures).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../server/src/core/analyze';
import { rules } from '../../server/src/rules';
import { sanitizeSettings } from '../../server/src/core/model/settings';
import { DEFAULT_MAX_DOCUMENT_SIZE } from '../../server/src/core/parse/limits';
import { computeLineStarts } from '../../server/src/core/text/text';
import type { AnalysisResult, Range, Rule } from '../../server/src/core/types';
import { analyzeText, DEFAULT_TODAY, frontmatter, md, newAnalyzer, registry } from './helpers';

/** Lines as LSP counts them (\n, \r\n and \r end a line), without their line break. */
function lineLengths(text: string): number[] {
  const starts = computeLineStarts(text);
  return starts.map((s, i) => {
    let end = i + 1 < starts.length ? starts[i + 1]! : text.length;
    while (end > s && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
    return end - s;
  });
}

function rangeProblem(r: Range, lengths: number[], what: string): string | undefined {
  for (const p of [r.start, r.end]) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) return `${what}: not a position ${JSON.stringify(p)}`;
    if (p.line >= lengths.length) return `${what}: line ${p.line} ≥ ${lengths.length} lines`;
    if (p.character > lengths[p.line]!) return `${what}: character ${p.character} > line ${p.line} length ${lengths[p.line]}`;
  }
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) return `${what}: start after end`;
  return undefined;
}

/** Every range a finding carries (its own, related information, fix edits) lies in the text. */
function expectValidRanges(result: AnalysisResult, text: string): void {
  const lengths = lineLengths(text);
  const problems: string[] = [];
  for (const f of result.findings) {
    const add = (r: Range, what: string) => {
      const p = rangeProblem(r, lengths, `${f.code} ${what}`);
      if (p) problems.push(p);
    };
    add(f.range, 'range');
    for (const rel of f.related ?? []) add(rel.range, 'related');
    for (const fix of f.fixes ?? []) for (const e of fix.edits) add(e.range, `fix « ${fix.title} »`);
    expect(typeof f.message).toBe('string');
    expect(f.message.length).toBeGreaterThan(0);
  }
  expect(problems).toEqual([]);
}

const TOKENS = [
  '# ', '## ', '###### ', '\n', '\n\n', '\r\n', '\r', ' ', '   ', '\t', '- ', '* ', '+ ', '1. ', '2) ', '> ', '>> ', '```', '~~~',
  '---', '***', '===', '|', '| a | b |\n|---|---|\n', '<!--', '-->', '<div>', '</div>', '<script>', '[', ']', '(', ')', '![', '](',
  '[x]: /u', '[^1]', '[^1]: ', '**', '__', '*', '_', '`', '\\', '&amp;', '&#', 'www.', 'http://a.b', '<a@b.c>', '\u0000', '\uFEFF',
  'é', 'e\u0301', '😀', '👩‍👩‍👧', '\uD800', '\uDC00', 'שלום', 'مرحبا', '\u202E', '\u2028', 'Introduction', 'Conclusion', 'Annexes',
  'Remerciements', 'Sommaire', 'Présentation de l\'entreprise', 'bts: cpi', 'bts: sn', 'stage:', '  debut: 2026-01-05',
  '<!-- rapport-disable -->', '<!-- rapport-enable -->', '<!-- rapport-disable section-empty -->', '[[_TOC_]]', 'mot', 'Le lundi, j\'ai',
];

const markdownish = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TOKENS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) }), { maxLength: 120 })
  .map((parts) => parts.join(''));
/** Sometimes a report: front matter first. */
const document = fc.tuple(fc.constantFrom('', frontmatter('cpi') + '\n\n', frontmatter('sn') + '\n', '---\nbts: mm\n', '\uFEFF---\nbts: cpi\n---\n'), markdownish)
  .map(([head, body]) => head + body);

describe('robustness: any text gets an answer with valid ranges', () => {
  it('random Markdown, Unicode, line endings, BOM, NUL', () => {
    fc.assert(
      fc.property(document, (text) => {
        const result = analyzeText(text);
        expectValidRanges(result, text);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('random edit sequences through the incremental path', () => {
    fc.assert(
      fc.property(document, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), markdownish), { maxLength: 6 }), (start, edits) => {
        const inc = newAnalyzer();
        let text = start;
        expectValidRanges(inc.update(text, { today: DEFAULT_TODAY }), text);
        for (const [at, del, ins] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + ins + text.slice(i + del);
          expectValidRanges(inc.update(text, { today: DEFAULT_TODAY }), text);
        }
      }),
      { numRuns: 100, seed: 8 },
    );
  });

  const report = (body: string) => `${frontmatter('cpi')}\n\n${body}`;
  const cases: [string, string][] = [
    ['CRLF', report('# Introduction\r\n\r\nTexte.\r\n\r\n# Conclusion\r\n').replace(/\n/g, '\r\n')],
    ['mixed line endings', report('# Introduction\r\n\rTexte.\n\r\n# Conclusion\r# Annexes\n')],
    ['NUL bytes', report('# Intro\u0000duction\n\nTe\u0000xte.\n')],
    ['a 1 MB line', report(`# Introduction\n\n${'mot '.repeat(262_144)}\n`)],
    ['a 1 MB line without spaces', report(`${'x'.repeat(1_048_576)}\n`)],
    ['deeply nested quotes', report(`${'> '.repeat(5000)}texte\n`)],
    ['deeply nested quotes over lines', report(Array.from({ length: 60 }, (_, i) => '>'.repeat(i + 1) + ' ligne').join('\n'))],
    ['deeply nested lists', report(Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i * 2)}- item`).join('\n'))],
    ['nested list markers on one line', report(`${'- '.repeat(5000)}x\n`)],
    ['unclosed fence', report('# Introduction\n\n```js\nconst a = 1;\n\n# Conclusion\n')],
    ['front matter that never closes', '---\nbts: cpi\nauteur: { nom: Martin }\n\n# Introduction\n\nTexte.\n'],
    ['front matter only, no line break', '---\nbts: cpi\n---'],
    ['only a BOM', '\uFEFF'],
    ['empty', ''],
    ['lone surrogates and RTL', report('# \uD800Intro \u202Eduction\n\nשלום \uDC00 مرحبا 👩‍👩‍👧 e\u0301\n')],
    ['emphasis markers pasted', report(`${'*a'.repeat(40_000)}\n`)],
    ['link openers pasted', report(`${'[a]('.repeat(20_000)}\n`)],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      const result = analyzeText(text);
      expectValidRanges(result, text);
      const inc = newAnalyzer();
      inc.update(text, { today: DEFAULT_TODAY });
      const edited = text.slice(0, text.length >> 1) + 'é\n' + text.slice(text.length >> 1);
      expectValidRanges(inc.update(edited, { today: DEFAULT_TODAY }), edited);
    });
  }

  it('a 5 MB document gets an answer: the front matter is checked, the rest is skipped with one info', () => {
    const big = `${frontmatter('cpi')}\n\n# Introduction\n\n${'Texte du rapport. '.repeat(300_000)}\n`; // 5.1 MB
    expect(big.length).toBeGreaterThan(DEFAULT_MAX_DOCUMENT_SIZE);
    const result = analyzeText(big);
    expectValidRanges(result, big);
    // Only the front matter and headings are read: the section rules still run on them.
    expect(result.findings.filter((f) => f.code !== 'section-missing').map((f) => [f.code, f.severity])).toEqual([['document-size', 'info']]);
    expect(result.findings[0]!.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
    expect(result.model.profile?.id).toBe('cpi');
    expect(result.findings[0]!.message).toMatch(/trop volumineux/);
    const inc = newAnalyzer();
    expect(inc.update(big, { today: DEFAULT_TODAY }).findings.map((f) => f.code)).toEqual(result.findings.map((f) => f.code));
  });

  it('a broken front matter in a 5 MB document is still reported', () => {
    const big = `---\nbts: cpi\nstage: { debut: pas-une-date }\n---\n\n${'Texte. '.repeat(800_000)}`;
    const codes = analyzeText(big).findings.map((f) => f.code);
    expect(codes).toContain('document-size');
    expect(codes).toContain('frontmatter');
  });
});

describe('robustness: BOM and CRLF ranges', () => {
  it('a BOM does not shift ranges (remark counts from after it; positions are moved back)', () => {
    const text = md('---', 'bts: cpi', '---', '', '# Intro', '', '# Conclusion', '');
    const plain = analyzeText(text);
    const bom = analyzeText('\uFEFF' + text);
    expect(bom.model.root.children[0]!.position!.start.offset).toBe(1);
    expect(bom.model.root.children[1]!.position!.start.offset).toBe(plain.model.root.children[1]!.position!.start.offset! + 1);
    // Line 0 ranges gain one character (the BOM is a character of line 0); other lines are unchanged.
    const shifted = plain.findings.map((f) => ({
      ...f,
      range: {
        start: { ...f.range.start, character: f.range.start.character + (f.range.start.line === 0 && f.range.start.character > 0 ? 1 : 0) },
        end: { ...f.range.end, character: f.range.end.character + (f.range.end.line === 0 ? 1 : 0) },
      },
    }));
    expect(bom.findings.map((f) => [f.code, f.range])).toEqual(shifted.map((f) => [f.code, f.range]));
    expect(bom.model.headings.map((h) => h.range)).toEqual(plain.model.headings.map((h) => h.range));
    expect(bom.model.frontmatter?.data).toEqual(plain.model.frontmatter?.data);
  });

  it('a BOM before a heading on line 0: the heading range starts after it', () => {
    const result = analyzeText('\uFEFF# Titre\n');
    expect(result.model.headings[0]!.range).toEqual({ start: { line: 0, character: 1 }, end: { line: 0, character: 8 } });
  });

  it('CRLF: same lines and characters as LF', () => {
    const text = md(...frontmatter('cpi').split('\n'), '', '# 1. Introduction', '', 'Texte.', '', '# 5. Conclusion', '', '# 5. Conclusion', '');
    const lf = analyzeText(text);
    const crlf = analyzeText(text.replace(/\n/g, '\r\n'));
    expect(crlf.findings.map((f) => [f.code, f.range, f.related?.map((r) => r.range)])).toEqual(
      lf.findings.map((f) => [f.code, f.range, f.related?.map((r) => r.range)]),
    );
    expect(crlf.model.headings.map((h) => h.range)).toEqual(lf.model.headings.map((h) => h.range));
    // The quick fixes insert CRLF in a CRLF document.
    const fix = crlf.findings.flatMap((f) => f.fixes ?? []).flatMap((x) => x.edits)[0];
    if (fix) expect(fix.newText.replace(/\r\n/g, '')).not.toContain('\n');
  });
});

describe('robustness: time grows linearly (hang guard, not a benchmark)', () => {
  // Quadratic behaviour would multiply the time by 16 for a 4× input; allow 10× (noisy machines).
  const shapes: [string, (n: number) => string][] = [
    ['blank lines', (n) => '\n'.repeat(n)],
    ['spaces and line breaks', (n) => ' \n'.repeat(n)],
    ['open brackets', (n) => '['.repeat(n)],
    ['emphasis in one block', (n) => '*a '.repeat(n)],
    ['HTML comment openers', (n) => '<!--'.repeat(n)],
    ['img tags never closed in an HTML block', (n) => `<div>\n${'<img '.repeat(n / 2)}\n`],
    ['angle brackets in an HTML block', (n) => `<div>\n${'<'.repeat(n)}\n`],
    ['disable directive with many words', (n) => `<!-- rapport-disable ${'a '.repeat(n)}`],
    ['heading numbering', (n) => `# ${'1. '.repeat(n)}`],
    ['roman numerals', (n) => `# ${'i'.repeat(n)}`],
    ['many headings', (n) => '# Introduction\n\n'.repeat(n / 8)],
    ['table', (n) => `| a | b |\n|---|---|\n${'| 1 | 2 |\n'.repeat(n / 8)}`],
    ['unclosed fence', (n) => `\`\`\`\n${'x\n'.repeat(n)}`],
  ];
  for (const [name, make] of shapes) {
    it(name, () => {
      const time = (n: number) => {
        const text = `${frontmatter('cpi')}\n\n${make(n)}`;
        let best = Infinity;
        for (let k = 0; k < 3; k++) {
          const t0 = performance.now();
          analyzeText(text);
          best = Math.min(best, performance.now() - t0);
        }
        return best;
      };
      time(1000);
      // A busy machine can stall one measurement: a real blow-up fails every attempt.
      let small = 0;
      let large = Infinity;
      for (let attempt = 0; attempt < 3 && large >= 10 * small + 300; attempt++) {
        small = time(8000);
        large = time(32_000);
      }
      expect(large, `${small.toFixed(0)} ms → ${large.toFixed(0)} ms`).toBeLessThan(10 * small + 300);
    }, 120_000);
  }
});

describe('a rule that throws', () => {
  it('is reported to the host and the other rules still answer', () => {
    const logged: [string, string][] = [];
    const broken: Rule = { code: 'broken', defaultSeverity: 'error', description: 'Échoue.', check: () => { throw new Error('bug'); } };
    const text = md(...frontmatter('cpi').split('\n'), '', '# Introduction', '');
    const result = analyze(text, { today: DEFAULT_TODAY }, registry, [broken, ...rules], (m, level) => logged.push([level, m]));
    expect(logged.map(([level, m]) => [level, m.split(':')[0]])).toEqual([['error', 'rule broken failed']]);
    expect(result.findings.map((f) => f.code)).toContain('section-missing');
  });
});

describe('settings of the wrong type', () => {
  it('fall back to defaults with one French message per problem', () => {
    const { settings, problems } = sanitizeSettings({ bts: 42, rules: { 'section-order': 'fort', 'section-empty': 'info' }, journal: 'oui', pageModel: [] });
    expect(settings).toEqual({ rules: { 'section-empty': 'info' } });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/rapport\.bts/);
    expect(problems.join('\n')).toMatch(/rapport\.rules\.section-order/);
    expect(problems.join('\n')).toMatch(/rapport\.journal/);
    expect(problems.join('\n')).toMatch(/rapport\.pageModel/);
  });

  it('never throw, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.anything(), (json, anything) => {
        for (const raw of [json, anything, { rules: json }, { journal: json }, { bts: json, pageModel: json }]) {
          const { settings, problems } = sanitizeSettings(raw);
          expect(Array.isArray(problems)).toBe(true);
          // The sanitized settings are usable by the analysis.
          expectValidRanges(analyzeText(md('---', 'bts: cpi', '---', '', '# Introduction', ''), settings), md('---', 'bts: cpi', '---', '', '# Introduction', ''));
        }
      }),
      { numRuns: 150, seed: 9 },
    );
  });
});
