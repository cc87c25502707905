// Localisation: the manifest strings (package.nls.json English, package.nls.fr.json French)
// and the client strings (vscode.l10n.t with English sources, l10n/bundle.l10n.fr.json).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers';

const readJson = (p: string) => JSON.parse(readFileSync(join(repoRoot, p), 'utf8')) as Record<string, unknown>;
const pkg = readJson('package.json');
const en = readJson('package.nls.json') as Record<string, string>;
const fr = readJson('package.nls.fr.json') as Record<string, string>;

/** Every `%key%` string value in the manifest. */
function manifestKeys(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^%([\w.-]+)%$/.exec(value);
    if (m) out.add(m[1]!);
  } else if (Array.isArray(value)) {
    for (const v of value) manifestKeys(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) manifestKeys(v, out);
  }
  return out;
}

/** The string literals passed to `vscode.l10n.t(...)` in a source file. */
function l10nKeys(source: string): string[] {
  const re = /vscode\.l10n\.t\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g;
  return [...source.matchAll(re)].map((m) => (m[1] ?? m[2]!).replace(/\\(['"\\])/g, '$1'));
}

const placeholders = (s: string) => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort();

describe('manifest strings', () => {
  it('package.nls.json and package.nls.fr.json have the same keys, none empty', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of [...Object.entries(en), ...Object.entries(fr)]) {
      expect(typeof v, k).toBe('string');
      expect(v.trim().length, k).toBeGreaterThan(0);
    }
  });

  it('every %key% used in package.json exists in both files', () => {
    const used = [...manifestKeys(pkg)];
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((k) => !(k in en))).toEqual([]);
    expect(used.filter((k) => !(k in fr))).toEqual([]);
  });

  it('command links in the walkthrough point at the same commands in both languages', () => {
    const links = (s: string) => [...s.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
    for (const k of Object.keys(en).filter((k) => k.startsWith('walkthrough.'))) {
      expect(links(fr[k]!), k).toEqual(links(en[k]!));
    }
  });
});

describe('client strings', () => {
  const bundle = readJson('l10n/bundle.l10n.fr.json') as Record<string, string>;
  const clientDir = join(repoRoot, 'client', 'src');
  const sources = Object.fromEntries(
    readdirSync(clientDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [f, readFileSync(join(clientDir, f), 'utf8')]),
  );
  const allKeys = new Set(Object.values(sources).flatMap(l10nKeys));

  it('package.json points at the l10n folder', () => {
    expect(pkg.l10n).toBe('./l10n');
  });

  it('every English string of the new-report command has its French translation', () => {
    const keys = l10nKeys(sources['newReport.ts']!);
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.filter((k) => !(k in bundle))).toEqual([]);
  });

  it('the French bundle has no stale entry, and keeps the {n} placeholders', () => {
    expect(Object.keys(bundle).filter((k) => !allKeys.has(k))).toEqual([]);
    for (const [k, v] of Object.entries(bundle)) {
      expect(v.trim().length, k).toBeGreaterThan(0);
      expect(placeholders(v), k).toEqual(placeholders(k));
    }
  });
});
