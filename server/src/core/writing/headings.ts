// Diary-style headings: a section titled by a day or a week ("Semaine 2", "Lundi 4 mars") is a
// diary cue by itself (`journal-style` reports it on the heading).

import { contentMemo, memoized, type DocumentMemo } from '../memo';
import { foldSameLength } from '../text/fold';
import { DAYNUM, MONTH, ORDINAL, WEEKDAY } from './cues';

// ---------------------------------------------------------------------------
// Headings such as "Semaine 2", "Jour 3", "Lundi 4 mars", "La première semaine", "Du 5 au 9 février".

const DIARY_HEADING = new RegExp(
  `^(?:(?:semaine|jour)\\s*(?:n°\\s*)?\\d{1,2}\\b|(?:la\\s+|ma\\s+)?${ORDINAL}\\s+(?:semaine|jour|journee)\\b|${WEEKDAY}\\s+${DAYNUM}(?:\\s+${MONTH})?\\b|${WEEKDAY}\\b|(?:le\\s+)?${DAYNUM}\\s+${MONTH}\\b|(?:semaine\\s+)?du\\s+${DAYNUM}(?:\\s+${MONTH})?\\s+au\\s+${DAYNUM}(?:\\s+${MONTH})?\\b|(?:semaine|jour)\\s+(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\\b)`,
);

const HEADING_CUES = contentMemo((headingText: string) => headingCue(headingText));

/** The diary cue a heading opens with ("Semaine 2"), or null. Expects the heading's plain text; kept in the document's `memo` when given. */
export function diaryHeadingCue(headingText: string, memo?: DocumentMemo): string | null {
  return memoized(memo, HEADING_CUES, headingText);
}

function headingCue(headingText: string): string | null {
  const folded = foldSameLength(headingText);
  // Skip numbering such as "2.1", "II -", "a)" without changing offsets.
  const lead = /^\s*(?:(?:\d+(?:\.\d+)*|[ivx]+|[a-z])\s*[.):–-]?\s+)?/.exec(folded)?.[0].length ?? 0;
  const m = DIARY_HEADING.exec(folded.slice(lead));
  if (!m) return null;
  return headingText.slice(lead, lead + m[0].length).trim();
}
