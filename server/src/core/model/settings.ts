// Settings arrive from editors and command lines as untrusted JSON: anything of the wrong
// type falls back to its default, with one French message per problem.

import { readPageModel } from '../pages/pageModel';
import { shownValue } from '../text/shown';
import type { AnalysisSettings, SeveritySetting } from '../types';

const SEVERITIES: SeveritySetting[] = ['ignore', 'info', 'warning', 'error'];
const SENSITIVITIES = ['low', 'normal', 'high'] as const;

export interface SanitizedSettings {
  settings: AnalysisSettings;
  problems: string[];
}

/** `btsIds`: the registry's BTS, listed in the message about a `rapport.bts` of the wrong type. */
export function sanitizeSettings(raw: unknown, btsIds?: readonly string[]): SanitizedSettings {
  const problems: string[] = [];
  const settings: AnalysisSettings = {};
  if (raw === undefined || raw === null) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings, problems: ['Les réglages « rapport » doivent être un objet : valeurs par défaut utilisées.'] };
  }
  const r = raw as Record<string, unknown>;

  if (r.bts !== undefined && r.bts !== null && r.bts !== '') {
    if (typeof r.bts === 'string') settings.bts = r.bts;
    else problems.push(`« rapport.bts » doit être un texte${btsIds?.length ? ` (${btsIds.join(', ')})` : ", l'identifiant d'un BTS"} : réglage ignoré.`);
  }

  if (r.rules !== undefined && r.rules !== null) {
    if (typeof r.rules !== 'object' || Array.isArray(r.rules)) {
      problems.push('« rapport.rules » doit être un objet { code: sévérité } : réglage ignoré.');
    } else {
      const rules: Record<string, SeveritySetting> = {};
      for (const [code, v] of Object.entries(r.rules as Record<string, unknown>)) {
        if (v === undefined || v === null || v === 'default') continue;
        if (typeof v === 'string' && (SEVERITIES as string[]).includes(v)) rules[code] = v as SeveritySetting;
        else problems.push(`« rapport.rules.${code} » vaut « ${shownValue(v)} » : valeurs possibles ${SEVERITIES.join(', ')}. Sévérité par défaut utilisée.`);
      }
      settings.rules = rules;
    }
  }

  if (r.pageModel !== undefined && r.pageModel !== null) {
    // Each field is checked (analysis/pageModel.ts): a wrong one falls back to its default.
    const page = readPageModel(r.pageModel);
    if (typeof r.pageModel === 'object' && !Array.isArray(r.pageModel)) settings.pageModel = { ...page.model };
    problems.push(...page.problems);
  }

  if (r.journal !== undefined && r.journal !== null) {
    const s = (r.journal as Record<string, unknown>).sensitivity;
    if (typeof r.journal !== 'object' || Array.isArray(r.journal)) {
      problems.push('« rapport.journal » doit être un objet : valeurs par défaut utilisées.');
    } else if (s !== undefined && s !== null) {
      if (typeof s === 'string' && (SENSITIVITIES as readonly string[]).includes(s)) {
        settings.journal = { sensitivity: s as (typeof SENSITIVITIES)[number] };
      } else {
        problems.push(`« rapport.journal.sensitivity » vaut « ${shownValue(s)} » : valeurs possibles low, normal, high. « normal » utilisé.`);
      }
    }
  }
  return { settings, problems };
}
