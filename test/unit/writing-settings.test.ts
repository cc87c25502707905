// The manifest declares a severity setting, with its description (French, package.nls.json), for every
// writing rule, and the journal sensitivity setting.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers';

describe('settings of the writing rules', () => {
  const codes = [
    'journal-style', 'car-incomplete', 'mission-figure', 'norm-citation', 'brochure-style',
    'activity-incomplete', 'english-docs', 'competence-unknown', 'annex-reference', 'deadline',
  ];
  const read = (f: string) => JSON.parse(readFileSync(join(repoRoot, f), 'utf8')) as Record<string, unknown>;
  const pkg = read('package.json') as { contributes: { configuration: { properties: Record<string, { markdownDescription?: string; enum?: string[] }> } } };
  const nls = read('package.nls.json');

  it.each(codes)('rapport.rules.%s exists, with its description', (code) => {
    const p = pkg.contributes.configuration.properties[`rapport.rules.${code}`];
    expect(p?.enum).toEqual(['default', 'ignore', 'info', 'warning', 'error']);
    const key = p!.markdownDescription!.replace(/^%|%$/g, '');
    expect(typeof nls[key]).toBe('string');
  });

  it('rapport.journal.sensitivity offers low, normal, high', () => {
    expect(pkg.contributes.configuration.properties['rapport.journal.sensitivity']!.enum).toEqual(['low', 'normal', 'high']);
  });
});
