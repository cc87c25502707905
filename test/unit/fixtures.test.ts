// Fixture harness: every Markdown file under test/fixtures marks the findings it expects
// on their lines with <!-- expect: code -->. See CONTRIBUTING.md for the format.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisSettings } from '../../server/src/core/types';
import { analyzeText, repoRoot } from './helpers';

const fixturesDir = join(repoRoot, 'test', 'fixtures');

function listMarkdown(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return listMarkdown(p);
    return p.endsWith('.md') ? [p] : [];
  });
}

const EXPECT = /[ \t]*<!--\s*expect:\s*([a-z0-9 ,-]+?)\s*-->/g;
const CODES = /^[ \t]*<!--\s*fixture-codes:\s*(.+?)\s*-->[ \t]*$/;
const SETTINGS = /^[ \t]*<!--\s*fixture-settings:\s*(\{.*\})\s*-->[ \t]*$/;

export interface ParsedFixture {
  text: string;
  expected: string[];
  scope: string[] | null;
  settings: AnalysisSettings;
}

export function parseFixture(raw: string): ParsedFixture {
  const expected: string[] = [];
  let scope: string[] | null = null;
  let settings: AnalysisSettings = {};
  const lines = raw.split(/(?<=\n)/);
  const out = lines.map((line, i) => {
    const eol = /\r?\n$/.exec(line)?.[0] ?? '';
    const body = line.slice(0, line.length - eol.length);
    const codes = CODES.exec(body);
    if (codes) {
      scope = codes[1]!.split(/[\s,]+/).filter(Boolean);
      return eol;
    }
    const s = SETTINGS.exec(body);
    if (s) {
      settings = JSON.parse(s[1]!) as AnalysisSettings;
      return eol;
    }
    const cleaned = body.replace(EXPECT, (_m, list: string) => {
      for (const c of list.split(/[\s,]+/).filter(Boolean)) expected.push(`${i + 1}:${c}`);
      return '';
    });
    return cleaned + eol;
  });
  return { text: out.join(''), expected: expected.sort(), scope, settings };
}

export function inScope(code: string, scope: string[] | null): boolean {
  if (!scope) return true;
  return scope.some((s) => (s.endsWith('*') ? code.startsWith(s.slice(0, -1)) : code === s));
}

const files = listMarkdown(fixturesDir);

describe('fixtures', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    it(relative(fixturesDir, file), () => {
      const fx = parseFixture(readFileSync(file, 'utf8'));
      const { findings } = analyzeText(fx.text, fx.settings);
      const found = findings
        .filter((f) => inScope(f.code, fx.scope))
        .map((f) => `${f.range.start.line + 1}:${f.code}`)
        .sort();
      const messages = findings.map((f) => `${f.range.start.line + 1}:${f.code} ${f.message}`).join('\n');
      expect(found, `findings:\n${messages}`).toEqual(fx.expected);
    });
  }
});
