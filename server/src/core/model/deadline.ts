// The Électrotechnique submission deadline: "au plus tard, le vendredi de l'avant-dernière semaine
// de stage" (Référentiel du BTS Électrotechnique, docs/sources.md). Pure date arithmetic on UTC dates (no time zone drift).
//
// Definition. The stage's weeks are the calendar weeks, Monday to Sunday, that contain at least
// one day between stage.debut and stage.fin (both included). The last week is the one containing
// stage.fin; the next-to-last week is the calendar week just before it; the deadline is its
// Friday, i.e. the Monday of fin's week minus 3 days. Consequences:
//   - a stage ending on Friday 27 February 2026 → Friday 20 February 2026 (fin − 7 days);
//   - a stage ending on Monday 2 March 2026 → that Monday's week is the last week, so the
//     deadline is Friday 27 February 2026 (fin − 3 days);
//   - a stage ending on a Saturday or a Sunday → the Friday of the week before fin's week.
// When that Friday falls before stage.debut (a stage within a single calendar week, or one that
// starts on the weekend just before its last week) there is no usable next-to-last week: the
// deadline is then the Friday of the last week, or stage.fin if the stage ends before it.

import { parseIsoDate } from '../text/dates';

const DAY = 86_400_000;

export function utcDate(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d));
}

/** Monday of the calendar week containing the date. */
export function mondayOf(date: Date): Date {
  const dow = (date.getUTCDay() + 6) % 7; // Monday = 0 … Sunday = 6
  return new Date(date.getTime() - dow * DAY);
}

export function submissionDeadline(debut: Date, fin: Date): Date {
  const lastMonday = mondayOf(fin);
  const friday = new Date(lastMonday.getTime() - 3 * DAY);
  if (friday.getTime() >= debut.getTime()) return friday;
  const lastFriday = new Date(lastMonday.getTime() + 4 * DAY);
  return lastFriday.getTime() <= fin.getTime() ? lastFriday : fin;
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: Date, b: Date): number {
  return Math.round((b.getTime() - a.getTime()) / DAY);
}

const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** "vendredi 20 février 2026", "dimanche 1er mars 2026". */
export function frenchDate(date: Date): string {
  const d = date.getUTCDate();
  return `${WEEKDAYS[date.getUTCDay()]} ${d === 1 ? '1er' : d} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Today as a UTC date: the pinned setting when valid, else the local calendar date. */
export function todayFrom(setting: string | undefined, now: Date = new Date()): Date {
  const pinned = parseIsoDate(setting);
  if (pinned) return pinned;
  return utcDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}
