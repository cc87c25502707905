// The one text fold of the project: lower case, accents removed, ligatures expanded (œ → oe,
// æ → ae), typographic apostrophes, dashes and non-breaking spaces unified. Pure, and shared with
// the client (no Node or VS Code import).
//
// `foldText` is the fold for matching names and phrases. `foldSameLength` is the same fold
// written one character for one, for the detectors that report offsets in the folded text
// (diary cues, brochure cues): a ligature keeps its first letter there (œ → o), so never match
// names or labels on it — use `foldText` (a part titled "Mise en œuvre" must read "mise en oeuvre").

/** Characters that fold to two letters. */
const LIGATURES: Record<string, string> = { 'œ': 'oe', 'Œ': 'oe', 'æ': 'ae', 'Æ': 'ae' };

/** Fold of one non-ASCII UTF-16 unit: a pure function of the character. */
function computeFold(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\u2019' || c === '\u2018' || c === '\u02bc' || c === '\u00b4') return "'";
  if (c === '\u00a0' || c === '\u202f' || c === '\u2009') return ' ';
  if ((code >= 0x2010 && code <= 0x2015) || code === 0x2212) return '-';
  if (LIGATURES[c] !== undefined) return LIGATURES[c]!;
  if (code >= 0xd800 && code <= 0xdfff) return c;
  return c.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/**
 * The folds of the characters French texts are written with, computed once at load (a constant
 * table): U+0080 to U+024F (Latin-1 and the Latin extensions) and the general punctuation
 * U+2000 to U+206F. Any other character is folded when met.
 */
const TABLE_RANGES: readonly [number, number][] = [
  [0x80, 0x24f],
  [0x2000, 0x206f],
];
const FOLDS: ReadonlyMap<string, string> = new Map(
  TABLE_RANGES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i))).map((c) => [c, computeFold(c)]),
);

function foldChar(c: string): string {
  return FOLDS.get(c) ?? computeFold(c);
}

const NON_ASCII = /[^\x00-\x7f]/g;

/** Lower case, no accents, ligatures expanded, apostrophes, dashes and spaces unified. */
export function foldText(s: string): string {
  return s.toLowerCase().replace(NON_ASCII, foldChar);
}

/** `foldText` one character for one (ligatures keep their first letter), so that offsets stay valid. */
export function foldSameLength(s: string): string {
  const lower = s.toLowerCase();
  if (lower.length === s.length) return lower.replace(NON_ASCII, oneChar);
  // A few characters lower-case to two (e.g. "İ"): fold character by character.
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    out += c.charCodeAt(0) < 128 ? c.toLowerCase() : oneChar(c);
  }
  return out;
}

function oneChar(c: string): string {
  const f = foldChar(c);
  return f.length === 1 ? f : (f[0] ?? c);
}
