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

/** Fold of one non-ASCII UTF-16 unit (a pure function of the character, cached by it). */
const charFolds = new Map<string, string>();

function foldChar(c: string): string {
  let f = charFolds.get(c);
  if (f === undefined) {
    const code = c.charCodeAt(0);
    if (c === '\u2019' || c === '\u2018' || c === '\u02bc' || c === '\u00b4') f = "'";
    else if (c === '\u00a0' || c === '\u202f' || c === '\u2009') f = ' ';
    else if ((code >= 0x2010 && code <= 0x2015) || code === 0x2212) f = '-';
    else if (LIGATURES[c] !== undefined) f = LIGATURES[c]!;
    else if (code >= 0xd800 && code <= 0xdfff) f = c;
    else f = c.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    // The alphabet of real texts is small; the bound only guards against pathological input.
    if (charFolds.size < 4096) charFolds.set(c, f);
  }
  return f;
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
