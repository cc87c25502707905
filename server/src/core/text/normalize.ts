// Normalisation of French headings and values for matching:
// lower case, accents removed, numbering stripped, punctuation and stop words ignored.

const STOP_WORDS = new Set([
  'le', 'la', 'les', 'l', 'un', 'une', 'des', 'de', 'du', 'd', 'et', 'en', 'a', 'au', 'aux',
  'ma', 'mon', 'mes', 'sa', 'son', 'ses', 'notre', 'nos', 'votre', 'vos', 'pour', 'par', 'sur',
  'dans', 'avec', 'ce', 'cette', 'ces', 'the', 'of', 'and', 'in', 'qu', 'que', 'ou',
  // "Le travail que j'ai réalisé": the first person carries no section's name.
  'j', 'ai', 'je', 'nous', 'avons',
]);

import { foldText } from './fold';

export { foldText };

// Numbering at the start of a heading: "1.", "1.2.3", "1)", "I -", "II.", "IV)", "A)", "a.",
// "Partie 2 :", "Chapitre III –", "Section 1 -", "Annexe" is NOT numbering (it names a section).
const NUMBERING = [
  /^(?:partie|chapitre|section|titre)\s+(?:\d+|[ivxlc]+|[a-z])\b\s*[:.\-)]?\s*/,
  /^\d+(?:\.\d+)*\s*[.):\-]?\s+/,
  /^\d+(?:\.\d+)+\s*/,
  /^[ivxlc]+\s*[.):\-]\s*/,
  /^[a-z]\s*[.):\-]\s+/,
];

export function stripNumbering(folded: string): string {
  let s = folded.trim();
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of NUMBERING) {
      const m = re.exec(s);
      if (m && m[0].length > 0 && m[0].length < s.length) {
        s = s.slice(m[0].length).trim();
        changed = true;
      }
    }
  }
  return s;
}

/** Words of a normalised heading: no numbering, no punctuation, no stop words. */
export function headingTokens(text: string): string[] {
  const s = stripNumbering(foldText(text));
  return s
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w));
}

export const isStopWord = (w: string) => STOP_WORDS.has(w);

/** Separator token of headingWords: a colon, dash, comma, slash or bracket between words. */
export const SEPARATOR = '|';

/**
 * Every word of a heading in order, stop words kept, numbering stripped; punctuation that
 * separates parts of a title (":", "–", ",", "/", "(", "&") becomes the SEPARATOR token and
 * "&" the word "et". For rules that look at a word's neighbours ("organisation du chantier").
 */
export function headingWords(text: string): string[] {
  return stripNumbering(foldText(text))
    .replace(/&/g, ' et ')
    .replace(/[:;,/()\[\]|–—]|\s-\s|\s-|-\s/g, ` ${SEPARATOR} `)
    .replace(/[^a-z0-9|]+/g, ' ')
    .split(' ')
    .filter((w) => w.length > 0);
}

export function normalizeHeading(text: string): string {
  return headingTokens(text).join(' ');
}

/** For enumerations such as the BTS name: folded, punctuation as spaces. */
export function normalizeValue(text: string): string {
  return foldText(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
