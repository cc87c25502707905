// Which profile a document is analysed with: the front matter's `bts` (an id, an alias or the
// full name), else the `rapport.bts` setting; the front matter problems found on the way (YAML
// not closed or invalid, unknown BTS with the nearest ids as quick fixes) are model findings.

import { FIELDS } from './fields';
import { getField } from './frontmatter';
import { normalizeValue } from '../text/normalize';
import { lineRange } from '../text/text';
import { FRONTMATTER_CLOSE_ANY_LINE, FRONTMATTER_OPEN } from '../text/fence';
import type { AnalysisSettings, FrontmatterInfo, ModelFinding, Profile, ProfileRegistry, Range, ReportModel } from '../types';

const BTS_LINE = /^bts\s*:/m;

export function decideProfile(
  text: string,
  lineStarts: number[],
  fm: FrontmatterInfo | null,
  settings: AnalysisSettings,
  registry: ProfileRegistry,
  /** Where the front matter findings go, their `data` checked against the contract. */
  out: Pick<ModelFinding<'frontmatter'>[], 'push'>,
): { profile: Profile | null; btsSource: ReportModel['btsSource'] } {
  const fallback = settings.bts ? registry.resolve(settings.bts) ?? null : null;
  const accepted = registry.ids().join(', ');

  if (!fm) {
    const unclosed = unclosedFrontmatter(text);
    if (unclosed !== null || fallback) {
      if (unclosed !== null) {
        out.push({
          code: 'frontmatter',
          severity: 'error',
          range: lineRange(text, lineStarts, 0),
          message:
            "L'en-tête YAML n'est pas fermé : ajoute une ligne « --- » après le dernier champ (par exemple après « " +
            unclosed +
            " »).",
          data: { field: 'frontmatter' },
        });
      }
      return fallback ? { profile: fallback, btsSource: 'setting' } : { profile: null, btsSource: 'none' };
    }
    return { profile: null, btsSource: 'none' };
  }

  const looksLikeReport = BTS_LINE.test(text.slice(0, offsetOfRangeEnd(fm.range, lineStarts, text.length)));
  if (fm.errors.length > 0) {
    if (!looksLikeReport && !fallback) return { profile: null, btsSource: 'none' };
    for (const e of fm.errors) {
      out.push({
        code: 'frontmatter',
        severity: 'error',
        range: e.range,
        message: `En-tête YAML invalide. ${e.message.charAt(0).toUpperCase()}${e.message.slice(1)} Corrige la syntaxe (une ligne « champ: valeur » par champ, deux espaces pour les sous-champs).`,
        data: { field: 'yaml' },
      });
    }
    return fallback ? { profile: fallback, btsSource: 'setting' } : { profile: null, btsSource: 'none' };
  }

  const bts = getField(fm.data, FIELDS.bts);
  if (bts === undefined || bts === null || bts === '') {
    return fallback ? { profile: fallback, btsSource: 'setting' } : { profile: null, btsSource: 'none' };
  }
  const range = fm.keyLines.get('bts') ?? fm.range;
  if (typeof bts !== 'string') {
    out.push({
      code: 'frontmatter',
      severity: 'error',
      range,
      message: `Le champ « bts » doit être un texte. Valeurs acceptées : ${accepted}.`,
      data: { field: 'bts' },
    });
    return fallback ? { profile: fallback, btsSource: 'setting' } : { profile: null, btsSource: 'none' };
  }
  const profile = registry.resolve(bts);
  if (!profile) {
    out.push({
      code: 'frontmatter',
      severity: 'error',
      range,
      message: `BTS inconnu : « ${bts} ». Valeurs acceptées : ${accepted} (ou le nom complet du BTS).`,
      data: { field: 'bts', value: bts, accepted: registry.ids() },
      fixes: suggestBts(bts, registry).map((id) => ({
        title: `Remplacer par « bts: ${id} »`,
        edits: [{ range, newText: `bts: ${id}` }],
      })),
    });
    return fallback ? { profile: fallback, btsSource: 'setting' } : { profile: null, btsSource: 'none' };
  }
  return { profile, btsSource: 'frontmatter' };
}

function offsetOfRangeEnd(r: Range, lineStarts: number[], len: number): number {
  return Math.min((lineStarts[r.end.line] ?? len) + r.end.character, len);
}

/** A document that opens with `---` and a `bts:` line but never closes its front matter. */
function unclosedFrontmatter(text: string): string | null {
  const m = FRONTMATTER_OPEN.exec(text);
  if (!m) return null;
  const head = text.slice(m[0].length, m[0].length + 4000);
  if (FRONTMATTER_CLOSE_ANY_LINE.test(head)) return null;
  const lines = head.split(/\r?\n/);
  if (!lines.some((l) => BTS_LINE.test(l))) return null;
  let last = 'bts';
  for (const l of lines) {
    const k = /^([A-Za-z_][\w-]*)\s*:/.exec(l);
    if (k) last = k[1]!;
    else if (l.trim() === '' || l.startsWith('#')) break;
  }
  return last;
}

function suggestBts(value: string, registry: ProfileRegistry): string[] {
  const v = normalizeValue(value);
  const hits = registry.ids().filter((id) => {
    const p = registry.profiles.get(id)!;
    return p.aliases.some((a) => {
      const n = normalizeValue(a);
      return n.length > 1 && (n.includes(v) || v.includes(n) || editDistance(n, v) <= 2);
    });
  });
  return hits.slice(0, 3);
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
