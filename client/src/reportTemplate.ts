// Pure helpers of the "new report" command: the BTS list read from the profiles, the
// front matter filled from the student's answers, a free file name. No `vscode` here,
// so the unit tests exercise exactly what the command runs.

import { isIsoDate } from '../../server/src/core/text/dates';
import { FRONTMATTER_CLOSE, FRONTMATTER_OPEN } from '../../server/src/core/text/fence';
import { FIELDS } from '../../server/src/core/model/fields';
import { createRegistry, type ProfileSource } from '../../server/src/profiles/registry';
import type { ProfileRegistry } from '../../server/src/core/types';

/** What the student may give when creating a report (all optional). */
export interface ReportFields {
  /** The report's title (`titre`). */
  titre?: string;
  nom?: string;
  prenom?: string;
  etablissement?: string;
  entreprise?: string;
  /** The tutor's (maître de stage) name. */
  tuteur?: string;
  /** The tutor's position (poste). */
  poste?: string;
  /** Start of the internship, AAAA-MM-JJ or JJ/MM/AAAA (written to the front matter as AAAA-MM-JJ). */
  debut?: string;
  /** End of the internship, AAAA-MM-JJ or JJ/MM/AAAA. */
  fin?: string;
  /** Électrotechnique: certifying unit (U51, U52, U61, U62). */
  unite?: string;
}

/** Front matter path of each field. */
export const FIELD_PATHS: Record<keyof ReportFields, string> = {
  titre: FIELDS.titre,
  nom: FIELDS.nom,
  prenom: FIELDS.prenom,
  etablissement: FIELDS.etablissement,
  entreprise: FIELDS.entreprise,
  tuteur: FIELDS.tuteur,
  poste: FIELDS.poste,
  debut: FIELDS.debut,
  fin: FIELDS.fin,
  unite: FIELDS.unite,
};

export interface BtsChoice {
  id: string;
  name: string;
  /** Accepted values of enumerated front matter fields (e.g. `unite`), by dotted path. */
  enums: Record<string, string[]>;
  /** What each accepted value means, by dotted path then value (from the profile's `descriptions`). */
  descriptions: Record<string, Record<string, string>>;
  /** Sections in the expected order, for a template built from the profile. */
  sections: { title: string; skeleton?: string; outsideBody?: boolean; fromFrontmatter?: boolean }[];
}

/** The BTS list of a profile registry (the server's own, built by createRegistry), sorted by name. */
export function btsChoices(registry: ProfileRegistry): BtsChoice[] {
  const out: BtsChoice[] = [];
  for (const p of registry.profiles.values()) {
    const enums: Record<string, string[]> = {};
    const descriptions: Record<string, Record<string, string>> = {};
    for (const f of p.frontmatter) {
      if (f.values) enums[f.field] = f.values.map(String);
      if (f.descriptions) descriptions[f.field] = Object.fromEntries(f.descriptions.map((d) => [d.value, d.text]));
    }
    const sections = p.sections.map((s) => ({
      title: s.title,
      ...(s.skeleton !== undefined ? { skeleton: s.skeleton } : {}),
      ...(s.outsideBody ? { outsideBody: true } : {}),
      ...(s.fromFrontmatter ? { fromFrontmatter: true } : {}),
    }));
    out.push({ id: p.id, name: p.name, enums, descriptions, sections });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/**
 * Reads the BTS list from the profile files, with the server's registry code (schema, inheritance).
 * Throws a ProfileError naming the file and the key when a profile is invalid.
 */
export function btsChoicesFromProfiles(sources: ProfileSource[]): BtsChoice[] {
  return btsChoices(createRegistry(sources));
}

/** A minimal template for a BTS that has a profile but no file in templates/. */
export function templateFromProfile(choice: BtsChoice): string {
  const lines = [
    '---',
    `bts: ${choice.id}`,
    'titre:',
    'auteur:',
    '  nom:',
    '  prenom:',
    'etablissement:',
    'entreprise:',
    'tuteur:',
    '  nom:',
    '  poste:',
    'stage:',
    '  debut:              # date au format AAAA-MM-JJ',
    '  fin:                # date au format AAAA-MM-JJ',
    ...Object.entries(choice.enums)
      .filter(([path]) => !path.includes('.'))
      .map(([path, values]) => `${path}:${' '.repeat(Math.max(1, 20 - path.length))}# ${values.join(', ')}`),
    '---',
    '',
  ];
  for (const s of choice.sections) {
    if (s.fromFrontmatter) continue; // the cover page is the front matter
    lines.push(`# ${s.title}`, '');
    if (s.skeleton) lines.push(s.skeleton, '');
  }
  return lines.join('\n');
}

// --- dates -------------------------------------------------------------------------------

export { isIsoDate };

const FRENCH_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/**
 * A date as a student types it — `2026-01-05`, or the French `05/01/2026` (also `5/1/2026`,
 * `05.01.2026`, `05-01-2026`) — as `AAAA-MM-JJ`; undefined when it is not a real calendar date.
 */
export function toIsoDate(value: string): string | undefined {
  const v = value.trim();
  if (isIsoDate(v)) return v;
  const m = FRENCH_DATE.exec(v);
  if (!m) return undefined;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

export type FieldProblem =
  | { field: keyof ReportFields; kind: 'date'; value: string }
  | { field: 'fin'; kind: 'order'; value: string }
  | { field: keyof ReportFields; kind: 'value'; value: string; accepted: string[] }
  | { field: string; kind: 'unknown'; value: string };

/** Checks the fields given to the command (dates, enumerations); empty list = all good. */
export function checkFields(fields: Record<string, unknown>, choice?: BtsChoice): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [key, raw] of Object.entries(fields)) {
    if (raw === undefined || raw === null) continue;
    const value = String(raw).trim();
    if (!(key in FIELD_PATHS)) {
      problems.push({ field: key, kind: 'unknown', value });
      continue;
    }
    const field = key as keyof ReportFields;
    if ((field === 'debut' || field === 'fin') && value !== '' && !toIsoDate(value)) {
      problems.push({ field, kind: 'date', value });
    }
    const accepted = choice?.enums[FIELD_PATHS[field]];
    if (accepted && value !== '' && !accepted.some((a) => a.toLowerCase() === value.toLowerCase())) {
      problems.push({ field, kind: 'value', value, accepted });
    }
  }
  const debut = typeof fields.debut === 'string' ? toIsoDate(fields.debut) : undefined;
  const fin = typeof fields.fin === 'string' ? toIsoDate(fields.fin) : undefined;
  if (debut && fin && fin < debut) problems.push({ field: 'fin', kind: 'order', value: String(fields.fin).trim() });
  return problems;
}

/**
 * Trims the values, writes dates as `AAAA-MM-JJ` (`05/01/2026` → `2026-01-05`) and enumerated
 * values (e.g. `u52`) as the profile spells them (`U52`).
 */
export function normalizeFields(fields: ReportFields, choice?: BtsChoice): ReportFields {
  const out: ReportFields = {};
  for (const [key, raw] of Object.entries(fields) as [keyof ReportFields, unknown][]) {
    if (raw === undefined || raw === null || !(key in FIELD_PATHS)) continue;
    const value = String(raw).trim();
    if (value === '') continue;
    if (key === 'debut' || key === 'fin') {
      out[key] = toIsoDate(value) ?? value;
      continue;
    }
    const accepted = choice?.enums[FIELD_PATHS[key]];
    out[key] = accepted?.find((a) => a.toLowerCase() === value.toLowerCase()) ?? value;
  }
  return out;
}

// --- front matter ------------------------------------------------------------------------

/** A YAML scalar for a value the student typed: plain when safe, double-quoted otherwise. */
export function yamlScalar(value: string): string {
  const v = value.trim();
  if (isIsoDate(v)) return v;
  const plainSafe =
    /^[\p{L}\p{N}][\p{L}\p{N} .,'’()/&+-]*$/u.test(v) &&
    !/^(true|false|yes|no|on|off|null|~|[-+]?[\d.]+(e[-+]?\d+)?|0x[\da-f]+|0o[0-7]+|\.inf|\.nan)$/i.test(v) &&
    !/\s$/.test(v);
  return plainSafe ? v : JSON.stringify(v);
}

/**
 * Writes the given fields into the template's front matter, in place: a key is filled only
 * where the template leaves it empty (`nom:`), keeping its comment and the rest of the text
 * byte for byte. Fields the template does not have are added at the end of the front matter.
 */
export function fillFrontmatter(template: string, fields: ReportFields): string {
  const eol = template.includes('\r\n') ? '\r\n' : '\n';
  const lines = template.split(/\r?\n/);
  if (!FRONTMATTER_OPEN.test(`${lines[0] ?? ''}\n`)) return template;
  const close = lines.findIndex((l, i) => i > 0 && FRONTMATTER_CLOSE.test(l));
  if (close < 0) return template;

  const wanted = new Map<string, string>();
  for (const [key, value] of Object.entries(fields) as [keyof ReportFields, string | undefined][]) {
    if (typeof value === 'string' && value.trim() !== '' && FIELD_PATHS[key]) wanted.set(FIELD_PATHS[key], value);
  }
  const filled = new Set<string>();
  const stack: { indent: number; key: string }[] = [];
  for (let i = 1; i < close; i++) {
    const m = /^(\s*)([A-Za-z_][\w-]*)(\s*):([ \t]*)(.*)$/.exec(lines[i]!);
    if (!m) continue;
    const indent = m[1]!.length;
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const path = [...stack.map((s) => s.key), m[2]!].join('.');
    stack.push({ indent, key: m[2]! });
    const value = wanted.get(path);
    const rest = m[5]!;
    const empty = rest === '' || rest.startsWith('#');
    if (value === undefined || !empty) continue;
    // Keep a trailing comment aligned where it was when there is room for the value.
    const scalar = yamlScalar(value);
    const head = `${m[1]}${m[2]}${m[3]}: ${scalar}`;
    let line = head;
    if (rest.startsWith('#')) {
      const column = lines[i]!.length - rest.length;
      line = head.length + 1 < column ? head.padEnd(column) + rest : `${head} ${rest}`;
    }
    lines[i] = line;
    filled.add(path);
  }
  // Fields the template does not have (an unusual template): nested under their parent block
  // when it exists and is empty of a value, otherwise as a new top-level key. A key that
  // already exists with a value is never written twice.
  let end = close;
  for (const path of [...wanted.keys()].filter((p) => !filled.has(p))) {
    const [head, sub] = path.split('.') as [string, string | undefined];
    const scalar = yamlScalar(wanted.get(path)!);
    const at = lines.findIndex((l, i) => i > 0 && i < end && new RegExp(`^${head}\\s*:`).test(l));
    if (at < 0) {
      lines.splice(end, 0, sub ? `${head}:` : `${head}: ${scalar}`, ...(sub ? [`  ${sub}: ${scalar}`] : []));
      end += sub ? 2 : 1;
      continue;
    }
    const parentValue = lines[at]!.replace(/^[^:]*:\s*/, '');
    if (!sub || !(parentValue === '' || parentValue.startsWith('#'))) continue;
    let last = at;
    while (last + 1 < end && /^\s+\S/.test(lines[last + 1]!)) last++;
    if (lines.slice(at + 1, last + 1).some((l) => new RegExp(`^\\s+${sub}\\s*:`).test(l))) continue;
    lines.splice(last + 1, 0, `  ${sub}: ${scalar}`);
    end += 1;
  }
  return lines.join(eol);
}

// --- file names --------------------------------------------------------------------------

/** `rapport-cpi.md`, then `rapport-cpi-2.md`, `rapport-cpi-3.md`… the first name `exists` rejects not. */
export async function freeFileName(
  bts: string,
  exists: (name: string) => Promise<boolean>,
  maxTries = 1000,
): Promise<string> {
  const base = `rapport-${bts.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
  for (let n = 1; n <= maxTries; n++) {
    const name = n === 1 ? `${base}.md` : `${base}-${n}.md`;
    if (!(await exists(name))) return name;
  }
  throw new Error(`aucun nom de fichier libre pour ${base}`);
}
