// Showing an untrusted value (a setting, a front matter field) inside a French message.
//
// `String(v)` is not safe on such values: an object with its own `toString` (`{"toString": 1}`)
// throws, a deeply nested array overflows the stack, a huge string floods the message.

const MAX_SHOWN = 60;

/** A short, printable description of any value; never throws. */
export function shownValue(v: unknown): string {
  let s: string;
  if (v === null) s = 'null';
  else if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') s = `${v}`;
  else if (v === undefined) s = 'rien';
  else if (Array.isArray(v)) s = 'une liste';
  else if (v instanceof Date) s = Number.isNaN(v.getTime()) ? 'une date invalide' : v.toISOString().slice(0, 10);
  else if (typeof v === 'object') s = 'un objet';
  else s = typeof v;
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s;
}
