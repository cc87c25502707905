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

import { BoundedCache, detach, memoByContent } from '../memo';
import { foldSameLength } from '../text/fold';

export { foldSameLength };

export type JournalSensitivity = 'low' | 'normal' | 'high';

export type CueKind =
  | 'jour'        // day of the week used as a time anchor
  | 'date'        // calendar date
  | 'rang'        // "le premier jour", "la deuxième semaine", "jour 3", "semaine 2"
  | 'relatif'     // "le lendemain", "la veille", "la semaine suivante", "hier", "demain"…
  | 'moment'      // "le matin", "l'après-midi", "à midi", clock times
  | 'horaire'     // timetable entries: "8 h : arrivée… 9 h 30 : réunion…", "14h-16h : tests"
  | 'periode'     // "au début du stage", "au bout d'une semaine", "vers la fin"
  | 'enchainement'// "ensuite", "puis", "après", "enfin", "d'abord"
  | 'recit';      // first-person past narration: "j'ai fait", "je suis allé", "j'arrivais"

export interface JournalCue {
  kind: CueKind;
  /** The matched text, as written. */
  text: string;
  /** Offset of the match in the scored text. */
  index: number;
  weight: number;
}

export interface JournalScore {
  score: number;
  /** Diary cues found, in text order. */
  cues: JournalCue[];
  /** Analytical markers found (figures, causes, consequences): they lower the score. */
  analytical: string[];
}

/** Score from which a paragraph is reported, per sensitivity. */
export const JOURNAL_THRESHOLDS: Record<JournalSensitivity, number> = { low: 4, normal: 3, high: 2.2 };

// ---------------------------------------------------------------------------
// Vocabulary (folded)

const WEEKDAY = '(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)';
const MONTH = '(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)';
const ORDINAL =
  '(?:premier|premiere|premiers|premieres|deuxieme|second|seconde|troisieme|quatrieme|cinquieme|sixieme|septieme|huitieme|neuvieme|dixieme|derniere|dernier|derniers|dernieres|\\d{1,2}e|\\d{1,2}eme)';
const DAYNUM = '\\d{1,2}(?:er)?';

interface Pattern {
  kind: CueKind;
  re: RegExp;
  /** Weight when the cue opens its sentence (or clause); `weight / 2` elsewhere unless `flat`. */
  weight: number;
  flat?: boolean;
  /** A match preceded by this (folded text just before it) does not count. */
  notAfter?: RegExp;
}

// A date that sets a deadline or a milestone ("jusqu'au 20 janvier", "prévue le 12 avril",
// "avant le 31 mars") plans the work; it does not tell it.
const PLANNED =
  /(?:\bjusqu'(?:au|a)|\bavant\s+le|\bd'ici\s+(?:le|au)|\bprevue?s?\s+(?:le|pour\s+le|au|du)|\bplanifiee?s?\s+(?:le|pour\s+le|au|du)|\bau\s+plus\s+tard\s+le|\bfixee?s?\s+au|\ba\s+partir\s+du|\bpour\s+le|\blors\s+de\s+l'\w+\s+du|\brecette\s+du)\s+(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?$/;

const PATTERNS: Pattern[] = [
  // Dates: "le 15 avril", "lundi 12 février", "du 12 au 16 février", "mardi 4".
  { kind: 'date', re: new RegExp(`\\b(?:${WEEKDAY}\\s+)?${DAYNUM}\\s+${MONTH}\\b`, 'g'), weight: 1.5, notAfter: PLANNED },
  { kind: 'date', re: new RegExp(`\\bdu\\s+${DAYNUM}(?:\\s+${MONTH})?\\s+au\\s+${DAYNUM}\\b`, 'g'), weight: 1.5, notAfter: PLANNED },
  { kind: 'date', re: new RegExp(`\\b${WEEKDAY}\\s+${DAYNUM}\\b(?!\\s*(?:${MONTH}|h\\b|%))`, 'g'), weight: 1.5 },
  // Days of the week as anchors, not habits ("tous les lundis", "chaque lundi", "du lundi au vendredi").
  {
    kind: 'jour',
    re: new RegExp(`\\b${WEEKDAY}\\b(?!s\\b|\\s+${DAYNUM}\\b|\\s+au\\s+${WEEKDAY})`, 'g'),
    weight: 1.5,
    notAfter: /(?:\btous les|\bchaque|\bdu|\bau|\bles|\bdes)\s+$/,
  },
  // Ranked days and weeks: "le premier jour", "la deuxième semaine", "les deux premiers jours".
  // ("les six derniers mois" is a look-back window, not a day of the story.)
  {
    kind: 'rang',
    re: new RegExp(`\\b${ORDINAL}\\s+(?:jours?|journees?|semaines?|mois)\\b`, 'g'),
    weight: 1.5,
    notAfter: /(?:\b\d+|\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quelques))\s+$/,
  },
  { kind: 'rang', re: /\b(?:deux|trois|quatre|quelques)\s+(?:premiers\s+jours|premieres\s+semaines|derniers\s+jours|dernieres\s+semaines)\b/g, weight: 1.5 },
  { kind: 'rang', re: /\b(?:jour|semaine)\s*(?:n°\s*)?\d{1,2}\b(?!\s*(?:%|h\b))/g, weight: 1.5 },
  // Relative days.
  {
    kind: 'relatif',
    re: new RegExp(
      `\\b(?:le\\s+lendemain|le\\s+surlendemain|la\\s+veille|le\\s+jour\\s+(?:j|meme|suivant)|ce\\s+jour-la|(?:la|une)\\s+semaine\\s+(?:suivante|d'apres)|les\\s+jours\\s+suivants|le\\s+${WEEKDAY}\\s+(?:suivant|d'apres))\\b`,
      'g',
    ),
    weight: 1.5,
  },
  { kind: 'relatif', re: /\b(?:hier|avant-hier|demain|apres-demain)\b/g, weight: 1.5, notAfter: /\bde\s+$/ },
  { kind: 'relatif', re: new RegExp(`\\b${WEEKDAY}\\s+(?:dernier|prochain)\\b`, 'g'), weight: 1.5 },
  { kind: 'relatif', re: /\baujourd'hui\b/g, weight: 1.2 },
  // "cette semaine", "cette semaine-là", "la semaine dernière" (not "cette semaine type").
  { kind: 'relatif', re: /\b(?:cette\s+semaine(?:-la)?(?!\s+type)|la\s+semaine\s+(?:derniere|precedente|passee))\b/g, weight: 1.5 },
  { kind: 'relatif', re: /\b(?:ce\s+matin|cet\s+apres-midi|ce\s+soir)(?:-la)?\b/g, weight: 1.5 },
  // Time of day and clock times.
  {
    kind: 'moment',
    re: /\b(?:le\s+|l'|en\s+fin\s+de\s+|en\s+debut\s+de\s+|dans\s+la\s+|a\s+|chaque\s+|au\s+|du\s+)?(?:matin|matinee|apres-midi|soir|soiree|midi)\b/g,
    weight: 1.2,
    notAfter: /\b(?:ce|cet|ce\s+jour|de|par|tous\s+les|toutes\s+les)\s+$/,
  },
  // Breaks of the working day: "après la pause", "avant le déjeuner", "pendant le repas".
  {
    kind: 'moment',
    re: /\b(?:apres|avant|pendant|a)\s+(?:la\s+pause(?:\s+de\s+midi|\s+dejeuner)?|le\s+dejeuner|le\s+repas|la\s+reprise)\b/g,
    weight: 1.2,
  },
  {
    kind: 'moment',
    re: /\b(?:a|vers|des|jusqu'a|avant|apres|arrive\s+a|arrivee\s+a)\s+\d{1,2}\s?h(?:\s?\d{2})?\b/g,
    weight: 1,
    // "de 5 h à 13 h" is a timetable, not a moment of the story.
    notAfter: /\d\s?h(?:\s?\d{2})?\s+$/,
  },
  // Phases of the internship told as a story.
  {
    kind: 'periode',
    re: /\b(?:au\s+debut\s+(?:du|de\s+mon)\s+stage|des\s+mon\s+arrivee|a\s+mon\s+arrivee|en\s+arrivant|le\s+jour\s+de\s+mon\s+arrivee|au\s+bout\s+(?:d'une|de\s+(?:deux|trois|quelques))\s+(?:jours?|semaines?)|vers\s+la\s+fin(?:\s+du\s+stage)?|a\s+la\s+fin\s+de\s+(?:la|ma)\s+\w+\s+semaine|en\s+fin\s+de\s+(?:journee|matinee|semaine)|au\s+debut\b|pendant\s+(?:la|ma)\s+\w+\s+semaine|durant\s+(?:la|ma)\s+\w+\s+semaine)/g,
    weight: 1.2,
    flat: true,
  },
  { kind: 'periode', re: /\ba\s+la\s+fin(?:\s+du\s+stage)?(?=\s*,)/g, weight: 1.2 },
];

const TEMPORAL_CLAUSE = /^(?:[.!?;]\s+)?(?:une\s+fois|des\s+que|lorsqu|quand|apres\s+(?:le|la|les|l'|mon|ma|mes))/;

// A clock time or range opening a timetable entry, followed by what was done ("8 h 30 :
// démontage", "8h30-11h45 usinage", "De 9 h à 12 h, esquisses"). Group 1: an optional "de".
const CLOCK = '\\d{1,2}\\s?h(?:\\s?\\d{2})?';
const CLOCK_ENTRY = new RegExp(`\\b((?:de\\s+)?)${CLOCK}(?:\\s*(?:-|a)\\s*${CLOCK})?(?=\\s*(?::|,|-)?\\s*[a-z])`, 'g');

// Sequencing connectors ("après" only as a connector: "après, …", "après j'ai", "après ça").
// Also the clauses that hang one step on the previous one: "une fois le câblage terminé", "dès
// que", "lorsque", a sentence opened by "Quand", "dans la foulée", and "après" + a noun ("après
// la réunion", "après l'installation de Windows"; not "après analyse des relevés").
const SEQUENCE =
  /\b(?:ensuite|puis|enfin|d'abord|tout\s+d'abord|pour\s+commencer|pour\s+finir|par\s+la\s+suite|dans\s+la\s+foulee|une\s+fois(?!\s+(?:par|de\s+plus|encore|pour\s+toutes|sur)\b)|des\s+que|lorsque|lorsqu'|apres\s+(?:ca|cela|quoi|avoir|etre)\b|apres\s*,|apres\s+(?=j'|je\b|on\b|nous\b|il\b|elle\b)|apres\s+(?:le|la|les|l'|mon|ma|mes)\s*(?=[a-z]))|(?:^|[.!?;]\s+)quand\b/g;

// First-person past narration.
const NARRATION: RegExp[] = [
  // passé composé: j'ai fait, je l'ai fait, je les ai mises, je me suis, je suis allé, on m'a, nous avons, on a, on est
  /\bj'ai\s+(?:(?:d'abord|ensuite|aussi|enfin|donc|alors|egalement|surtout|deja|bien|vite|souvent)\s+)?(?!une?\b|des?\b|les?\b|la\b|pas\b|plus\b|du\b|besoin\b|l'\b)[a-z]/g,
  /\bje\s+(?:l'|les\s+|lui\s+|leur\s+|y\s+|en\s+)ai\b/g,
  /\bje\s+(?:me\s+suis|m'y\s+suis|suis\s+(?:alle|allee|arrive|arrivee|reste|restee|parti|partie|venu|venue|revenu|revenue|retourne|retournee|rentre|rentree|passe|passee|monte|descendu|reparti|sorti|sortie|intervenu))\b/g,
  /\b(?:nous\s+(?:l'|les\s+|lui\s+|y\s+|en\s+)avons|on\s+(?:l'|les\s+|y\s+|en\s+)a)\b/g,
  /\bon\s+m'a\b/g,
  // someone did something to me: "le technicien m'a expliqué", "il m'a montré"
  // (not the reflective "ce stage m'a permis / appris / amené")
  /\b(?!on\b)[a-z]+\s+m'a\s+(?!permis\b|appris\b|amene\b|conduit\b|oblige\b|pousse\b|aide\b)[a-z]+(?:e|i|is|it|u|t)\b/g,
  /\b(?:nous\s+avons|nous\s+sommes|on\s+est)\s+(?!pas\b)[a-z]+(?:e|es|is|i|u|us|t|ts)\b/g,
  /\bon\s+a\s+(?!pas\b|une?\b|des?\b|du\b|besoin\b)[a-z]+(?:e|i|is|u|t)\b/g,
  // imperfect of routine: j'arrivais, je regardais, on mangeait, nous partions (not avoir/être: "j'étais rattaché")
  // (conditionals of the usual modal verbs are not narration: "j'aurais dû", "je pourrais")
  /\b(?:je|j')\s*(?!(?:av|et|aur|ser|pourr|devr|voudr|fer|aimer|souhaiter|prefer)ais\b)[a-z]{2,}ais\b/g,
  /\bon\s+(?!avait\b|etait\b)[a-z]{2,}ait\b/g,
];

// Analytical markers: figures with units, causes and consequences, method words.
const ANALYTICAL: { label: string; re: RegExp }[] = [
  {
    label: 'mesure chiffrée',
    re: /\d(?:[.,]\d+)?\s?(?:%|°c|°|mm²?|cm|µm|km|kg|mpa|gpa|bar|kv|kw|mw|kwh|mah|ma|µa|hz|khz|mhz|ghz|db|n·m|nm|€|euros?|ko|mo|go|to|mbit\/s|gbit\/s|ms|µs|tr\/min|v|a|w|n|s|m|g)(?![a-z0-9])/g,
  },
  { label: 'conséquence', re: /\b(?:ce\s+qui|cela|ceci)\s+(?:a\s+)?(?:permis|permet|a\s+permis|explique|montre|a\s+montre|a\s+conduit|a\s+reduit|a\s+ramene|assure|limite|valide|confirme)\b|\b(?:a|ont|avait)\s+permis\b|\bpermet(?:tant|tent)?\s+de\b/g },
  { label: 'cause', re: /\b(?:afin\s+de|afin\s+que|grace\s+a|en\s+raison\s+de|du\s+fait\s+de|c'est\s+pourquoi|s'explique|dans\s+le\s+but|de\s+sorte\s+que|parce\s+que|puisque)\b/g },
  { label: 'analyse', re: /\b(?:montre(?:nt)?|a\s+montre|ont\s+montre|met\s+en\s+evidence|mis\s+en\s+evidence|valide|confirme|respecte|conforme|inferieure?s?\s+a|superieure?s?\s+a|au-dela\s+de|en\s+deca\s+de|ecart|taux|tolerance|exigence|cahier\s+des\s+charges|critere|hypothese|dimensionnement|choix|retenue?|solution|objectif|indicateur|problematique)\b/g },
];

const NEWLINE_OR_END = /[.!?;:\n]/;

/** True when the match opens its sentence or clause: at most two words before it in the sentence. */
function opensSentence(folded: string, index: number): boolean {
  let i = index - 1;
  let words = 0;
  let inWord = false;
  for (; i >= 0 && index - i < 60; i--) {
    const c = folded[i]!;
    if (NEWLINE_OR_END.test(c) || c === ',' || c === '(' || c === '*' || c === '-' && i > 0 && folded[i - 1] === ' ') return words <= 2;
    if (/[a-z0-9']/.test(c)) {
      if (!inWord) {
        words++;
        inWord = true;
      }
    } else inWord = false;
  }
  return i < 0 ? words <= 2 : false;
}

// Paragraphs rarely change between two versions of a document: their scores are kept.
// Bounded by the characters of the paragraphs kept (each score is small next to its text).
const scoreCache = new BoundedCache<JournalScore>(2_000_000, 20_000);

/** Scores a paragraph (plain text). */
export function scoreJournal(text: string): JournalScore {
  const hit = scoreCache.get(text);
  if (hit) return hit;
  if (text.length >= 20_000) return computeScore(text);
  // Scored on a detached copy: nothing in the score can keep the document alive.
  const key = detach(text);
  const result = computeScore(key);
  scoreCache.set(key, result, true);
  return result;
}

function computeScore(text: string): JournalScore {
  const folded = foldSameLength(text);
  const cues: JournalCue[] = [];
  // Characters already claimed by a cue (linear, whatever the paragraph's length).
  const claimed = new Uint8Array(folded.length);
  const overlaps = (a: number, b: number) => claimed.subarray(a, b).includes(1);
  const claim = (a: number, b: number) => claimed.fill(1, a, b);
  const seen = new Set<string>();

  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (const m of folded.matchAll(p.re)) {
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
  for (const m of folded.matchAll(CLOCK_ENTRY)) {
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
  for (const m of folded.matchAll(SEQUENCE)) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    sequence.push({ kind: 'enchainement', text: text.slice(m.index, m.index + m[0].length).replace(/[\s,]+$/, ''), index: m.index, weight: 0 });
  }
  const narration: JournalCue[] = [];
  for (const re of NARRATION) {
    for (const m of folded.matchAll(re)) {
      const t = text.slice(m.index, m.index + m[0].length);
      narration.push({ kind: 'recit', text: t + (/\p{L}$/u.test(t) ? wordRest(text, m.index + m[0].length) : ''), index: m.index, weight: 0 });
    }
  }
  narration.sort((a, b) => a.index - b.index);

  const analytical: string[] = [];
  for (const a of ANALYTICAL) {
    a.re.lastIndex = 0;
    let n = 0;
    for (const m of folded.matchAll(a.re)) {
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

// ---------------------------------------------------------------------------
// Headings such as "Semaine 2", "Jour 3", "Lundi 4 mars", "La première semaine", "Du 5 au 9 février".

const DIARY_HEADING = new RegExp(
  `^(?:(?:semaine|jour)\\s*(?:n°\\s*)?\\d{1,2}\\b|(?:la\\s+|ma\\s+)?${ORDINAL}\\s+(?:semaine|jour|journee)\\b|${WEEKDAY}\\s+${DAYNUM}(?:\\s+${MONTH})?\\b|${WEEKDAY}\\b|(?:le\\s+)?${DAYNUM}\\s+${MONTH}\\b|(?:semaine\\s+)?du\\s+${DAYNUM}(?:\\s+${MONTH})?\\s+au\\s+${DAYNUM}(?:\\s+${MONTH})?\\b|(?:semaine|jour)\\s+(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\\b)`,
);

/** The diary cue a heading opens with ("Semaine 2"), or null. Expects the heading's plain text. */
export const diaryHeadingCue: (headingText: string) => string | null = memoByContent((headingText: string) => headingCue(headingText), {
  max: 5000,
});

function headingCue(headingText: string): string | null {
  const folded = foldSameLength(headingText);
  // Skip numbering such as "2.1", "II -", "a)" without changing offsets.
  const lead = /^\s*(?:(?:\d+(?:\.\d+)*|[ivx]+|[a-z])\s*[.):–-]?\s+)?/.exec(folded)?.[0].length ?? 0;
  const m = DIARY_HEADING.exec(folded.slice(lead));
  if (!m) return null;
  return headingText.slice(lead, lead + m[0].length).trim();
}

// ---------------------------------------------------------------------------
// Message helpers

const KIND_LABEL: Record<CueKind, string> = {
  jour: 'jours de la semaine',
  date: 'dates',
  rang: 'jours ou semaines numérotés',
  relatif: 'repères relatifs',
  moment: 'moments de la journée',
  horaire: 'emploi du temps heure par heure',
  periode: 'étapes du stage racontées',
  enchainement: 'enchaînements chronologiques',
  recit: 'récit au passé à la 1re personne',
};

/** "jours de la semaine (« Le lundi », « Le mardi ») ; enchaînements (« Ensuite », « puis »)". */
export function describeCues(cues: JournalCue[], perKind = 3): string {
  const byKind = new Map<CueKind, string[]>();
  for (const c of cues) {
    const list = byKind.get(c.kind) ?? [];
    if (!list.includes(c.text)) list.push(c.text);
    byKind.set(c.kind, list);
  }
  return [...byKind.entries()]
    .map(([k, texts]) => `${KIND_LABEL[k]} (${texts.slice(0, perKind).map((t) => `« ${t} »`).join(', ')}${texts.length > perKind ? '…' : ''})`)
    .join(' ; ');
}
