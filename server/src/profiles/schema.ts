// The schema of a profile file (one YAML file per BTS). Every key is checked: an unknown key
// or a value of the wrong type is an error naming the file and the key, so a typo in a profile
// (`synonym:` for `synonyms:`) is never silently ignored. Pure: no file access.

import { SECTION_ROLES, type Severity } from '../core/types';

export class ProfileError extends Error {}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** A checker: pushes a French description of what is wrong with `value` at the key path `at`. */
type Check = (value: unknown, at: string, problems: string[]) => void;

const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'une liste' : typeof v === 'object' ? 'un objet' : JSON.stringify(v);

const scalar =
  (test: (v: unknown) => boolean, expected: string): Check =>
  (v, at, problems) => {
    if (!test(v)) problems.push(`« ${at} » doit être ${expected} (trouvé : ${describe(v)})`);
  };

const str = scalar((v) => typeof v === 'string' && v.trim() !== '', 'un texte non vide');
const bool = scalar((v) => typeof v === 'boolean', 'true ou false');
const num = scalar((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'un nombre positif ou nul');
const int = scalar((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0, 'un entier positif ou nul');
const severity = scalar((v) => SEVERITIES.includes(v as Severity), `une sévérité (${SEVERITIES.join(', ')})`);
const role = scalar(
  (v) => (SECTION_ROLES as readonly unknown[]).includes(v),
  `un rôle de section (${SECTION_ROLES.join(', ')})`,
);
const strOrNum = scalar((v) => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number', 'un texte ou un nombre');

const list =
  (item: Check): Check =>
  (v, at, problems) => {
    if (!Array.isArray(v)) {
      problems.push(`« ${at} » doit être une liste (trouvé : ${describe(v)})`);
      return;
    }
    v.forEach((x, i) => item(x, `${at}[${i}]`, problems));
  };

interface Field {
  check: Check;
  required?: boolean;
}

const object =
  (fields: Record<string, Field | Check>): Check =>
  (v, at, problems) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      problems.push(`« ${at} » doit être un objet (trouvé : ${describe(v)})`);
      return;
    }
    const rec = v as Record<string, unknown>;
    const known = Object.keys(fields);
    for (const [key, value] of Object.entries(rec)) {
      const path = at ? `${at}.${key}` : key;
      const field = fields[key];
      if (!field) {
        problems.push(`clé inconnue « ${path} » (clés possibles${at ? ` dans « ${at} »` : ''} : ${known.join(', ')})`);
        continue;
      }
      const check = typeof field === 'function' ? field : field.check;
      if (value === null || value === undefined) {
        problems.push(`« ${path} » est vide : donne une valeur ou retire la clé`);
        continue;
      }
      check(value, path, problems);
    }
    for (const [key, field] of Object.entries(fields)) {
      if (typeof field !== 'function' && field.required && !(key in rec)) {
        problems.push(`« ${at ? `${at}.${key}` : key} » manque`);
      }
    }
  };

const req = (check: Check): Field => ({ check, required: true });

const sectionPages = object({ min: num, max: num, severity });

const section = object({
  id: req(str),
  title: req(str),
  role,
  synonyms: list(str),
  missing: severity,
  parents: list(str),
  fromFrontmatter: bool,
  pages: sectionPages,
  outsideBody: bool,
  skeleton: str,
});

const group = object({
  id: req(str),
  title: req(str),
  sections: req(list(str)),
  min: num,
  max: num,
  severity,
});

const frontmatterField = object({
  field: req(str),
  label: req(str),
  severity: req(severity),
  values: list(strOrNum),
  /** What each value means, shown where the student picks one (the new-report wizard). */
  descriptions: list(object({ value: req(strOrNum), text: req(str) })),
});

/** The options read by the rules (see `ProfileOptions` in core/types.ts). */
const options = object({
  carRequired: bool,
  thanksNameTutor: bool,
  englishDocuments: int,
  maxActivities: int,
  competences: bool,
  competenceList: list(object({ code: req(str), title: req(str) })),
  deadline: bool,
});

const profile = object({
  id: req(str),
  name: str,
  aliases: list(str),
  extends: str,
  epreuve: str,
  pages: object({ limit: num, severity, warnAbove: num, infoBelow: num, expected: num }),
  frontmatter: list(frontmatterField),
  sections: list(section),
  groups: list(group),
  options,
});

/** Problems of one parsed profile file against the schema (empty = valid). */
export function profileProblems(data: unknown): string[] {
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return [`le fichier doit décrire un profil : des clés id, name, sections… (trouvé : ${describe(data)})`];
  }
  const problems: string[] = [];
  profile(data, '', problems);
  return problems;
}

/** Throws a ProfileError naming the file and every key at fault. */
export function validateProfile(name: string, data: unknown): void {
  const problems = profileProblems(data);
  if (problems.length > 0) throw new ProfileError(`${name} : ${problems.join(' ; ')}`);
}
