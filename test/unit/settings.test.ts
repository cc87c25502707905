import { describe, expect, it } from 'vitest';
import { sanitizeSettings } from '../../server/src/core/model/settings';

describe('settings from editors', () => {
  it('accepts well-formed settings', () => {
    const { settings, problems } = sanitizeSettings({ bts: 'cpi', rules: { 'section-order': 'ignore', 'section-empty': 'default' }, journal: { sensitivity: 'high' } });
    expect(problems).toEqual([]);
    expect(settings).toEqual({ bts: 'cpi', rules: { 'section-order': 'ignore' }, journal: { sensitivity: 'high' } });
  });

  it('falls back to defaults with one French message per wrong value', () => {
    const { settings, problems } = sanitizeSettings({ bts: 3, rules: { 'section-order': 'loud' }, journal: { sensitivity: 7 }, pageModel: 'A4' });
    expect(settings).toEqual({ rules: {} });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/rapport\.bts.*rapport\.rules\.section-order.*rapport\.pageModel.*rapport\.journal\.sensitivity/s);
  });

  it('a non-object is ignored with a message', () => {
    expect(sanitizeSettings('oops').problems).toHaveLength(1);
    expect(sanitizeSettings(null)).toEqual({ settings: {}, problems: [] });
  });
});
