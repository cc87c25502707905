// The one ISO date parser (AAAA-MM-JJ, a real calendar date), shared with the client.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The UTC date written `AAAA-MM-JJ` (surrounding spaces ignored), or null when the text is not
 * a real calendar date. A `Date` (YAML reads unquoted dates as dates) is returned as it is when valid.
 */
export function parseIsoDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string') return null;
  const m = ISO_DATE.exec(value.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null;
}

/** True for a real calendar date written AAAA-MM-JJ. */
export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== null;
}
