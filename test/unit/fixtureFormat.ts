// The fixture format (test/fixtures/**/*.md, described in CONTRIBUTING.md): expected findings
// marked on their lines, optional settings and comparison scope. No vitest here: the fixture
// test, the section tests and the fix loop read fixtures through it.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisSettings } from '../../server/src/core/types';

/** The Markdown files under a folder, recursively. */
export function listMarkdown(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return listMarkdown(p);
    return p.endsWith('.md') ? [p] : [];
  });
}

const EXPECT = /[ \t]*<!--\s*expect:\s*([a-z0-9 ,-]+?)\s*-->/g;
// `<!-- fixture-codes: code-a code-b; why: the reason the other codes are not compared -->`
const CODES = /^[ \t]*<!--\s*fixture-codes:\s*(.+?)\s*-->[ \t]*$/;
const SETTINGS = /^[ \t]*<!--\s*fixture-settings:\s*(\{.*\})\s*-->[ \t]*$/;

export interface ParsedFixture {
  text: string;
  expected: string[];
  scope: string[] | null;
  /** Why the comparison is narrowed to `scope` (required with it: every code is compared otherwise). */
  why: string | null;
  settings: AnalysisSettings;
}

export function parseFixture(raw: string): ParsedFixture {
  const expected: string[] = [];
  let scope: string[] | null = null;
  let why: string | null = null;
  let settings: AnalysisSettings = {};
  const lines = raw.split(/(?<=\n)/);
  const out = lines.map((line, i) => {
    const eol = /\r?\n$/.exec(line)?.[0] ?? '';
    const body = line.slice(0, line.length - eol.length);
    const codes = CODES.exec(body);
    if (codes) {
      const [list, reason] = codes[1]!.split(/;\s*why:\s*/);
      scope = list!.split(/[\s,]+/).filter(Boolean);
      why = reason?.trim() || null;
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
  return { text: out.join(''), expected: expected.sort(), scope, why, settings };
}

export function inScope(code: string, scope: string[] | null): boolean {
  if (!scope) return true;
  return scope.some((s) => (s.endsWith('*') ? code.startsWith(s.slice(0, -1)) : code === s));
}
