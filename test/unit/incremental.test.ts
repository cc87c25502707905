// Oracle test of the incremental analysis: after random edit sequences on realistic reports,
// the incremental tree, model and findings equal those of a full analysis of the same text.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateReport } from '../../bench/generate.mjs';
import { mergeChange, reparse, type ChangeHint } from '../../server/src/core/parse/incremental';
import { parseMarkdown } from '../../server/src/core/parse/parse';
import { lfForLoneCr } from '../../server/src/core/text/text';
import type { AnalysisResult, AnalysisSettings, ReportModel } from '../../server/src/core/types';
import { analyzeText, DEFAULT_TODAY, md, newAnalyzer, repoRoot } from './helpers';

const settings: AnalysisSettings = { today: DEFAULT_TODAY };

// `npm test` runs a fast subset of the oracle cases; ORACLE_FULL=1 runs them all (every structural
// insertion at every line start, and twenty times more random sequences). ORACLE_RUNS=N scales the
// random sequences; ORACLE_SEED=random draws new ones.
const FULL = process.env.ORACLE_FULL === '1';
const SCALE = Number(process.env.ORACLE_RUNS ?? (FULL ? 10 : 0.5)) || 1;
const SEED = process.env.ORACLE_SEED === 'random' ? Date.now() % 1_000_000 : Number(process.env.ORACLE_SEED ?? 20260115);

const example = readFileSync(join(repoRoot, 'examples', 'rapport-cpi.md'), 'utf8');

/** Small documents full of constructs whose extent depends on distant text. */
const tricky = md(
  '---',
  'bts: sn',
  'titre: Essai',
  '---',
  '',
  '# Introduction',
  '',
  'Texte avec une [référence] et `code`.',
  'Titre setext',
  '---',
  '',
  '- un',
  '- deux',
  '',
  '  suite de deux',
  '',
  '1. premier',
  '2. second',
  '',
  '```js',
  'const a = 1;',
  '',
  '# pas un titre',
  '```',
  '',
  '<!-- rapport-disable section-empty -->',
  '',
  '<div>',
  'bloc HTML',
  '</div>',
  '',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
  '',
  '> citation',
  '> - liste dans la citation',
  '',
  '    code indenté',
  '',
  '    suite du code',
  '',
  '# Conclusion',
  '',
  'Selon la [norme][iso] et la note[^1], voir aussi [ISO].',
  '',
  '[iso]: https://www.iso.org "ISO"',
  '',
  '> [^1]: Une note',
  '>     sur deux lignes.',
  '',
  '<!--',
  'commentaire',
  '',
  'sur plusieurs blocs',
  '-->',
  '',
  '~~~',
  'fin',
  '~~~',
  '',
  '# Annexes',
  '',
);

const SNIPPETS = [
  '\n', '\n\n', ' ', 'x', 'é', '😀', '#', '# ', '## Titre\n', '\n# Conclusion\n\n', '```', '```\n', '~~~\n', '- ',
  '\n- item\n', '1. ', '* ', '> ', '---', '\n---\n', '===', '<!--', '-->', '<div>\n', '</div>', '<pre>', '</pre>',
  '| a | b |\n|---|---|\n', '|', '    ', '\t', '[x]: /url\n', '[^1]', '[^1]: note\n', '**', '_', '\r\n', '\r', '\uFEFF',
  'bts: cpi\n', '---\nbts: cpi\n---\n', '<!-- rapport-disable -->', '<!-- rapport-enable -->', '[[_TOC_]]', '\\',
  '# Remerciements\n\nMerci.\n', '# Sommaire\n', '\n\n# 2. Présentation de l\'entreprise\n\nTexte.\n',
];

/** Structural text, most likely to change how distant lines parse. */
const STRUCTURAL = [
  '\n', '\n\n', ' ', '  ', '    ', '\t', '- ', '* ', '1. ', '> ', '#', '# ', '```', '```\n', '~~~', '<!--', '-->',
  '<div>', '</div>', '<pre>', '|', '---', '===', '[x]: /u', '[^1]: n', '\r\n', '\r', '---\n',
];

type Edit = { line: number; where: 'char' | 'start' | 'afterBlank' | 'end'; col: number; del: number; ins: string };

const editArb: fc.Arbitrary<Edit> = fc.record({
  line: fc.double({ min: 0, max: 1, noNaN: true }),
  where: fc.constantFrom('char', 'start', 'afterBlank', 'afterBlank', 'end'),
  col: fc.double({ min: 0, max: 1, noNaN: true }),
  del: fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 80 })),
  ins: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...STRUCTURAL) },
    { weight: 2, arbitrary: fc.constantFrom(...SNIPPETS) },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
    { weight: 1, arbitrary: fc.constantFrom('mot', 'stage', 'Action.') },
  ),
});

/** The offsets of the last edit applied (for the editor's change hint). */
let lastChange = { at: 0, end: 0, length: 0 };

/** Applies an edit at a relative position: in a line, at its start or end, or on a line after a blank one. */
function applyEdit(text: string, e: Edit): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  let candidates = starts;
  if (e.where === 'afterBlank') {
    const after = starts.filter((st, i) => i > 0 && /^[ \t\r]*$/.test(text.slice(starts[i - 1]!, st - 1)));
    if (after.length > 0) candidates = after;
  }
  const ls = candidates[Math.min(candidates.length - 1, Math.floor(e.line * candidates.length))]!;
  const le = text.indexOf('\n', ls) < 0 ? text.length : text.indexOf('\n', ls);
  const at =
    e.where === 'char' ? ls + Math.floor(e.col * (le - ls + 1)) : e.where === 'end' ? le : ls;
  const end = Math.min(text.length, at + e.del);
  lastChange = { at, end, length: e.ins.length };
  return text.slice(0, at) + e.ins + text.slice(end);
}

function modelView(m: ReportModel) {
  return {
    text: m.text,
    lineStarts: m.lineStarts,
    frontmatter: m.frontmatter,
    profile: m.profile?.id ?? null,
    btsSource: m.btsSource,
    headings: m.headings.map((h) => ({ ...h, node: undefined })),
    sections: JSON.parse(JSON.stringify(m.sections, (k, v) => (k === 'parent' || k === 'node' ? undefined : v))) as unknown,
    recognized: m.recognized.map((r) => [r.id, r.section.heading.startOffset, r.section.endOffset]),
    disabled: m.disabled,
    modelFindings: m.modelFindings,
  };
}

/** Deep strict equality; vitest's diff only when it fails (it is slow on large trees). */
function expectEqual(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toStrictEqual(expected);
}

function expectSame(inc: AnalysisResult, text: string): void {
  // The full analysis parses the text afresh, old Mac line endings (a lone CR) read as LF: at each
  // step its tree is the one the incremental tree must equal (a third parse of every step cost a
  // third of this file's time). That both went through the model and the rules is checked once
  // per sequence against the parser alone (runSequence).
  const full = analyzeText(text, settings);
  expectEqual(inc.model.root, full.model.root);
  expectEqual(modelView(inc.model), modelView(full.model));
  expectEqual(inc.findings, full.findings);
}

function runSequence(start: string, edits: Edit[], stats: { incremental: number; total: number }): void {
  const inc = newAnalyzer();
  let text = start;
  let last = inc.update(text, settings);
  expectSame(last, text);
  for (const [i, e] of edits.entries()) {
    text = applyEdit(text, e);
    // Every other step, the change comes as the editor reports it (no text comparison).
    const hint = i % 2 === 1 ? mergeChange(undefined, lastChange.at, lastChange.end, lastChange.length) : undefined;
    const result = (last = inc.update(text, settings, hint));
    stats.total++;
    if (inc.last.path === 'incremental') stats.incremental++;
    expectSame(result, text);
  }
  // The tree the parser alone gives (nothing the model or a rule does to a tree goes unseen).
  expectEqual(last.model.root, parseMarkdown(lfForLoneCr(text)));
}

const generated = generateReport({ pages: 3, seed: 11 });
const generatedCrlf = generateReport({ pages: 2, seed: 5, eol: '\r\n' });
const bomReport = '\uFEFF' + generateReport({ pages: 1, seed: 2 });
/** A report citing notes and references defined at its end and in the middle. */
const notes = (() => {
  let k = 0;
  const body = generateReport({ pages: 2, seed: 6 }).replace(/grâce à/g, () => `grâce[^${(k++ % 3) + 1}] à [la norme][iso]`);
  const mid = body.indexOf('\n# 3.');
  return `${body.slice(0, mid)}\n[iso]: https://www.iso.org\n${body.slice(mid)}\n[^1]: Première note.\n\n[^2]: Deuxième note.\n\n[^3]: Troisième.\n`;
})();

describe('incremental analysis (oracle: full analysis)', () => {
  for (const [name, doc, runs] of [
    ['examples/rapport-cpi.md', example, 20],
    ['generated report', generated, 10],
    ['generated report, CRLF', generatedCrlf, 8],
    ['report with a BOM', bomReport, 8],
    ['tricky constructs', tricky, 40],
    ['report with notes and references', notes, 10],
  ] as const) {
    it(`matches a full analysis after random edits: ${name}`, () => {
      const stats = { incremental: 0, total: 0 };
      fc.assert(
        fc.property(fc.array(editArb, { minLength: 1, maxLength: 12 }), (edits) => {
          runSequence(doc, edits, stats);
        }),
        { numRuns: Math.max(1, Math.round(runs * SCALE)), seed: SEED },
      );
      // The test is only worth something if the incremental path is taken.
      if (name !== 'tricky constructs' && name !== 'report with notes and references') expect(stats.incremental / stats.total).toBeGreaterThan(0.4);
    }, 120_000);
  }

  it(`matches a full parse for every structural insertion at ${FULL ? 'every' : 'one in four'} line start, and the line joins there`, () => {
    const bad: string[] = [];
    // The tree before each edit: parsed once, a copy for each check (a re-parse shifts the nodes it keeps).
    const base = reparse(undefined, tricky).parsed;
    const check = (edited: string, what: string) => {
      const before = { ...base, root: structuredClone(base.root), lineStarts: [...base.lineStarts] };
      const after = reparse(before, edited);
      if (!isDeepStrictEqual(after.parsed.root, parseMarkdown(edited))) bad.push(what);
    };
    const allStarts = [0, ...[...tricky.matchAll(/\n/g)].map((m) => m.index! + 1)];
    // The fast subset: one line start in four (a fixed stride, so each run checks the same), the first and the last.
    const lineStarts = FULL ? allStarts : allStarts.filter((_, i) => i % 4 === 0 || i === allStarts.length - 1);
    expect(lineStarts.length).toBeGreaterThan(FULL ? 40 : 10);
    for (const at of lineStarts) {
      for (const ins of STRUCTURAL) check(tricky.slice(0, at) + ins + tricky.slice(at), `${JSON.stringify(ins)} at ${at}`);
      if (at > 0) check(tricky.slice(0, at - 1) + tricky.slice(at), `join at ${at}`);
    }
    expect(bad).toEqual([]);
  }, 180_000);

  it('merges the editor\'s successive changes into one hint that bounds what changed', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.string({ maxLength: 5 })), { minLength: 1, maxLength: 8 }),
        (base, changes) => {
          let text = base;
          let hint: ChangeHint | undefined;
          for (const [at, del, ins] of changes) {
            const start = at % (text.length + 1);
            const end = Math.min(text.length, start + del);
            text = text.slice(0, start) + ins + text.slice(end);
            hint = mergeChange(hint, start, end, ins.length);
          }
          const h = hint!;
          expect(text.slice(0, h.start)).toBe(base.slice(0, h.start));
          expect(text.slice(h.newEnd)).toBe(base.slice(h.oldEnd));
          expect(text.length - h.newEnd).toBe(base.length - h.oldEnd);
        },
      ),
      { numRuns: 500, seed: 3 },
    );
  });

  it('re-parses one paragraph for a one-character edit in a long report', () => {
    const text = generateReport({ pages: 20, seed: 3 });
    const inc = newAnalyzer();
    inc.update(text, settings);
    const at = text.indexOf('**Action.**', text.length / 2);
    const next = text.slice(0, at + 12) + 'z' + text.slice(at + 12);
    expectSame(inc.update(next, settings), next);
    expect(inc.last.path).toBe('incremental');
    expect(inc.last.parsedChars).toBeLessThan(3000);
  });

  it('resolves references to definitions kept outside the fragment; re-parses in full when a definition is edited', () => {
    const withDef = md('# A', '', 'Voir [x] et la note[^n].', '', '[x]: https://example.org', '', '[^n]: Une note.', '', 'Fin.', '');
    let out = reparse(undefined, withDef);
    let text = withDef.replace('Voir', 'Lire');
    out = reparse(out.parsed, text);
    expect(out.path).toBe('incremental');
    expectEqual(out.parsed.root, parseMarkdown(text));
    text = text.replace('https://example.org', 'https://example.com');
    out = reparse(out.parsed, text);
    expect(out.path).toBe('full');
    text = text.replace('Fin.', '[y]: /y');
    out = reparse(out.parsed, text);
    expect(out.path).toBe('full');
  });

  it('re-parses in full a document whose front matter is left open', () => {
    const open = md('---', 'bts: cpi', '', 'titre: x', '', '# Intro', '', 'Texte.', '');
    const inc = newAnalyzer();
    inc.update(open, settings);
    const closed = open.replace('titre: x\n', 'titre: x\n---\n');
    expectSame(inc.update(closed, settings), closed);
    // micromark reads no list or quote anywhere after a front matter opener that never closes:
    // removing the opener changes blocks far away (found by the oracle).
    const opener = md('---', '', '--', '', '- un', '- deux', '', '> citation', '');
    inc.update(opener, settings);
    const removed = `\n${opener.slice(1)}`;
    expectSame(inc.update(removed, settings), removed);
  });

  it('handles an unclosed fence typed in the middle, then closed again', () => {
    const inc = newAnalyzer();
    let text = generated;
    inc.update(text, settings);
    const mid = text.indexOf('\n\n', text.length / 3) + 2;
    text = text.slice(0, mid) + '```\n\n' + text.slice(mid);
    expectSame(inc.update(text, settings), text);
    const later = text.indexOf('\n\n', (text.length * 2) / 3) + 2;
    text = text.slice(0, later) + '```\n\n' + text.slice(later);
    expectSame(inc.update(text, settings), text);
  });
});

// The analyzer reads a lone CR as LF: whether the character before a change is a line ending of
// its own depends on what the change puts after it — outside the range the editor reports. The
// incremental parse refuses a fragment that would start right after such a CR (incremental.ts,
// 'left boundary line break'); every such change on a small report, CRLF and CR-only, checks it.
describe('every change next to a CR of a small report, with the hint', () => {
  for (const [name, doc] of [
    ['CRLF', generateReport({ pages: 1, seed: 4, eol: '\r\n' })],
    ['CR only', generateReport({ pages: 1, seed: 4, eol: '\r\n' }).replace(/\r\n/g, '\r')],
  ] as const) {
    it(`${name}: an LF typed or deleted after each CR, a letter typed after it — equal to a full analysis`, () => {
      const crs: number[] = [];
      for (let i = doc.indexOf('\r'); i >= 0; i = doc.indexOf('\r', i + 1)) crs.push(i + 1);
      let incremental = 0;
      for (const at of crs.filter((_, i) => i % 3 === 0)) {
        const edits = doc[at] === '\n' ? [{ end: at + 1, insert: '' }, { end: at, insert: 'x' }] : [{ end: at, insert: '\n' }, { end: at, insert: 'x' }];
        for (const { end, insert } of edits) {
          const inc = newAnalyzer();
          inc.update(doc, settings);
          const text = doc.slice(0, at) + insert + doc.slice(end);
          const result = inc.update(text, settings, mergeChange(undefined, at, end, insert.length));
          if (inc.last.path === 'incremental') incremental++;
          expectSame(result, text);
        }
      }
      expect(incremental).toBeGreaterThan(0);
    }, 120_000);
  }
});
