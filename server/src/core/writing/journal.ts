// Diary-style ("journal de bord") detection for French report paragraphs. Pure: text in, score out.
//
// A diary paragraph narrates the student's days in order: it is anchored in time (days of the
// week, dates, "le premier jour", "semaine 2", "le matin", "hier"…), chains sequencing
// connectors ("ensuite", "puis", "après", "enfin") and runs first-person past verbs ("j'ai fait",
// "je suis allé", "je regardais"). Analytical prose may contain any one of these — a dated
// result, a three-phase plan, a "d'abord… puis…" protocol — but it also carries figures,
// causes and consequences. The score adds the diary cues and subtracts the analytical markers.
//
// Every regular expression here is linear: no nested quantifiers over overlapping classes.
//
// The cues and markers are cues.ts; the headings ("Semaine 2") headings.ts; the paragraph walk
// (which blocks are scored, where a finding goes) is the `journal-style` rule.

import { contentMemo, memoized, type DocumentMemo } from '../memo';
import { foldSameLength } from '../text/fold';
import { allMatches, anyOf } from '../text/text';
import { ANALYTICAL, CLOCK_ENTRY, NARRATION, opensSentence, PATTERNS, SEQUENCE, TEMPORAL_CLAUSE, type JournalCue } from './cues';

export type JournalSensitivity = 'low' | 'normal' | 'high';

export interface JournalScore {
  score: number;
  /** Diary cues found, in text order. */
  cues: JournalCue[];
  /** Analytical markers found (figures, causes, consequences): they lower the score. */
  analytical: string[];
}

/** Score from which a paragraph is reported, per sensitivity. */
export const JOURNAL_THRESHOLDS: Record<JournalSensitivity, number> = { low: 4, normal: 3, high: 2.2 };

// Paragraphs rarely change between two versions of a document: their scores are kept in the
// document's memo (core/memo.ts: what the last analysis read). A paragraph of 20,000
// characters or more is scored afresh each time.
// A paragraph none of the anchor patterns (or narration forms) matches skips them at once.
const ANY_PATTERN = anyOf(PATTERNS.map((p) => p.re));
const ANY_NARRATION = anyOf(NARRATION);

/** The diary scores of a document's paragraphs (exported for the memo tests). */
export const JOURNAL_SCORES = contentMemo(computeScore, { maxKey: 19_999 });

/** Scores a paragraph (plain text); the score is kept in the document's `memo` when given. */
export function scoreJournal(text: string, memo?: DocumentMemo): JournalScore {
  return memoized(memo, JOURNAL_SCORES, text);
}

function computeScore(text: string): JournalScore {
  const folded = foldSameLength(text);
  const cues: JournalCue[] = [];
  // Characters already claimed by a cue (linear, whatever the paragraph's length).
  const claimed = new Uint8Array(folded.length);
  const overlaps = (a: number, b: number) => claimed.subarray(a, b).includes(1);
  const claim = (a: number, b: number) => claimed.fill(1, a, b);
  const seen = new Set<string>();

  for (const p of ANY_PATTERN.test(folded) ? PATTERNS : []) {
    for (const m of allMatches(p.re, folded)) {
      const start = m.index;
      const end = start + m[0].length;
      if (overlaps(start, end)) continue;
      if (p.notAfter && p.notAfter.test(folded.slice(Math.max(0, start - 20), start))) continue;
      const initial = opensSentence(folded, start);
      // A diary moves from one moment to the next: the same anchor repeated counts once.
      const key = folded.slice(start, end).replace(/\s+/g, ' ').trim();
      const repeated = seen.has(key);
      seen.add(key);
      const weight = repeated ? 0 : p.flat || initial ? p.weight : p.weight / 2;
      claim(start, end);
      const article = /\b(?:le|la|l'|ce|cet|cette)\s*$/.exec(folded.slice(Math.max(0, start - 6), start));
      const from = article ? start - article[0].length : start;
      cues.push({ kind: p.kind, text: text.slice(from, end).trim(), index: start, weight });
    }
  }

  // A timetable: two clock times or more, each opening its clause ("8 h : arrivée. 9 h 30 :
  // réunion", "14h-16h : tests", "De 8 h à 9 h, lecture…"). One time alone, or the ranges of a
  // schedule inside a sentence ("de 5 h à 13 h et de 13 h à 21 h"), is no timetable.
  const entries: JournalCue[] = [];
  for (const m of allMatches(CLOCK_ENTRY, folded)) {
    const start = m.index + m[1]!.length;
    const end = m.index + m[0].length;
    if (overlaps(start, end) || !opensSentence(folded, start)) continue;
    entries.push({ kind: 'horaire', text: text.slice(start, end).trim(), index: start, weight: 1.2 });
  }
  if (entries.length >= 2) {
    for (const e of entries) {
      claim(e.index, e.index + e.text.length);
      cues.push(e);
    }
  }

  const sequence: JournalCue[] = [];
  for (const m of allMatches(SEQUENCE, folded)) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    sequence.push({ kind: 'enchainement', text: text.slice(m.index, m.index + m[0].length).replace(/[\s,]+$/, ''), index: m.index, weight: 0 });
  }
  const narration: JournalCue[] = [];
  for (const re of ANY_NARRATION.test(folded) ? NARRATION : []) {
    for (const m of allMatches(re, folded)) {
      const t = text.slice(m.index, m.index + m[0].length);
      narration.push({ kind: 'recit', text: t + (/\p{L}$/u.test(t) ? wordRest(text, m.index + m[0].length) : ''), index: m.index, weight: 0 });
    }
  }
  narration.sort((a, b) => a.index - b.index);

  const analytical: string[] = [];
  for (const a of ANALYTICAL) {
    let n = 0;
    for (const m of allMatches(a.re, folded)) {
      // A clock time is a diary cue, not a figure ("13 h 30 à 15 h": "30 à" is no current in amperes).
      if (a.label === 'mesure chiffrée' && (/^\d+\s?h/.test(m[0]) || /\d\s?h\s?$/.test(folded.slice(Math.max(0, m.index - 4), m.index)))) continue;
      n++;
    }
    for (let i = 0; i < Math.min(n, 2); i++) analytical.push(a.label);
  }

  // Weights. Anchors carry the most; narration and sequencing count as the run gets longer;
  // sequencing alone (a described procedure) is capped.
  const anchorScore = cues.reduce((s, c) => s + c.weight, 0);
  const nNarr = narration.length;
  const narrScore = nNarr >= 2 ? Math.min(nNarr, 6) * 0.45 : nNarr * 0.25;
  for (const c of narration) c.weight = nNarr >= 2 ? 0.45 : 0.25;
  // Connectors chain a story only when they chain narrated actions or anchored moments;
  // otherwise they order the steps of a plan or a procedure.
  const seqEach = nNarr >= 2 || cues.length > 0 ? 0.7 : 0.45;
  // A clause that sets the moment of a narrated action ("Une fois le câblage terminé, j'ai…",
  // "Après la réunion, je…") places it in time almost like an anchor.
  const narrated = nNarr >= 2;
  for (const c of sequence) c.weight = narrated && TEMPORAL_CLAUSE.test(foldSameLength(c.text)) ? 0.9 : seqEach;
  const seqScore = sequence
    .map((c) => c.weight)
    .sort((x, y) => y - x)
    .slice(0, 6)
    .reduce((x, y) => x + y, 0);
  // Several anchors in parallel ("Le lundi… Le mardi…") is the diary's signature.
  const initialAnchors = cues.filter((c) => c.weight >= 1).length;
  const parallel = initialAnchors >= 2 ? 0.5 * (initialAnchors - 1) : 0;
  // Actions listed in one sentence ("j'ai consigné…, j'ai vérifié…, j'ai remplacé…, j'ai
  // resserré…") tell what was done in order, like a diary day: beyond two, each adds.
  let listed = 0;
  for (const n of perSentence(folded, narration)) listed += Math.max(0, n - 2) * 0.6;
  const penalty = Math.min(analytical.length, 4) * 0.8;

  const score = Math.round((anchorScore + narrScore + seqScore + parallel + listed - penalty) * 100) / 100;
  const all = [...cues, ...sequence, ...narration].sort((a, b) => a.index - b.index);
  return { score, cues: all, analytical };
}

/** Number of cues in each sentence of the folded text. */
function perSentence(folded: string, cues: JournalCue[]): number[] {
  const counts: number[] = [];
  let sentence = -1;
  let end = -1;
  for (const c of cues) {
    if (c.index >= end) {
      const stop = folded.slice(c.index).search(/[.!?;\n]/);
      end = stop < 0 ? folded.length : c.index + stop;
      counts[++sentence] = 0;
    }
    counts[sentence]!++;
  }
  return counts;
}

function wordRest(text: string, from: number): string {
  const m = /^[\p{L}-]*/u.exec(text.slice(from, from + 30));
  return m ? m[0] : '';
}

export function isJournal(result: JournalScore, sensitivity: JournalSensitivity = 'normal'): boolean {
  return result.score >= JOURNAL_THRESHOLDS[sensitivity];
}
