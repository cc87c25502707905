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

/** A string or template literal of a TypeScript source, as `scanLiterals` finds it. */
interface Literal {
  /** Offset of the opening quote. */
  start: number;
  quote: "'" | '"' | '`';
  /** The text with escapes decoded (a template's `${…}` parts are left out). */
  value: string;
  /** A template literal with `${…}` parts. */
  interpolated: boolean;
  /** First argument of a `vscode.l10n.t(` call, i.e. a key of the bundle. */
  isL10nKey: boolean;
  /** The key is the whole argument: followed by `,` or `)` (not `'a' + b`). */
  wholeArgument: boolean;
}

const L10N_CALL = /vscode\.l10n\.t\(\s*$/;

/**
 * The string and template literals of a source outside comments (nested ones inside `${…}` too),
 * and the number of `vscode.l10n.t(` calls in the code. A small lexer, good enough for the client:
 * it knows comments, the three quotes, template interpolations and regular expression literals.
 */
function scanLiterals(src: string): { literals: Literal[]; l10nCalls: number } {
  const literals: Literal[] = [];
  const pending: { lit: Literal; codeAt: number }[] = [];
  /** The code with comments dropped and each literal replaced by `""`. */
  let code = '';
  let i = 0;

  const decodeEscape = (): string => {
    // src[i] is the backslash.
    const c = src[i + 1]!;
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
    if (c === 'u' && src[i + 2] === '{') {
      const end = src.indexOf('}', i);
      const cp = parseInt(src.slice(i + 3, end), 16);
      i = end + 1;
      return String.fromCodePoint(cp);
    }
    if (c === 'u' || c === 'x') {
      const len = c === 'u' ? 4 : 2;
      const cp = parseInt(src.slice(i + 2, i + 2 + len), 16);
      i += 2 + len;
      return String.fromCharCode(cp);
    }
    i += 2;
    if (c === '\r' && src[i] === '\n') i++;
    if (c === '\n' || c === '\r') return ''; // line continuation
    return simple[c] ?? c;
  };

  const regexAllowed = () => {
    const before = code.trimEnd();
    return before === '' || /[(,=:[!&|?{};+\-*%<>~^]$/.test(before) || /\b(return|typeof|case|of|in)$/.test(before);
  };

  /** Scans code until the end of the source, or the `}` closing a template interpolation. */
  const scanCode = (inInterpolation: boolean): void => {
    let depth = 0;
    while (i < src.length) {
      const c = src[i]!;
      const next = src[i + 1];
      if (c === '/' && next === '/') {
        const end = src.indexOf('\n', i);
        i = end < 0 ? src.length : end;
      } else if (c === '/' && next === '*') {
        const end = src.indexOf('*/', i + 2);
        i = end < 0 ? src.length : end + 2;
        code += ' ';
      } else if (c === '/' && regexAllowed()) {
        let inClass = false;
        code += c;
        i++;
        while (i < src.length && src[i] !== '\n') {
          const r = src[i]!;
          code += r;
          i++;
          if (r === '\\') {
            code += src[i] ?? '';
            i++;
          } else if (r === '[') inClass = true;
          else if (r === ']') inClass = false;
          else if (r === '/' && !inClass) break;
        }
      } else if (c === "'" || c === '"' || c === '`') {
        scanLiteral(c);
      } else if (c === '{') {
        depth++;
        code += c;
        i++;
      } else if (c === '}') {
        if (inInterpolation && depth === 0) return;
        depth--;
        code += c;
        i++;
      } else {
        code += c;
        i++;
      }
    }
  };

  const scanLiteral = (quote: "'" | '"' | '`'): void => {
    const lit: Literal = {
      start: i,
      quote,
      value: '',
      interpolated: false,
      isL10nKey: L10N_CALL.test(code.slice(-200)),
      wholeArgument: false,
    };
    literals.push(lit);
    code += '""';
    i++;
    while (i < src.length && src[i] !== quote) {
      if (src[i] === '\\') lit.value += decodeEscape();
      else if (quote === '`' && src[i] === '$' && src[i + 1] === '{') {
        lit.interpolated = true;
        i += 2;
        code += '(';
        scanCode(true);
        code += ')';
        i++; // the closing brace
      } else lit.value += src[i++];
    }
    i++; // the closing quote
    pending.push({ lit, codeAt: code.length });
  };

  scanCode(false);
  for (const { lit, codeAt } of pending) lit.wholeArgument = /^\s*[,)]/.test(code.slice(codeAt));
  return { literals, l10nCalls: (code.match(/vscode\.l10n\.t\(/g) ?? []).length };
}

/** The string literals passed as first argument to `vscode.l10n.t(...)` in a source file. */
function l10nKeys(source: string): string[] {
  return scanLiterals(source)
    .literals.filter((l) => l.isL10nKey)
    .map((l) => l.value);
}

/** French letters and quotes: a literal with one of them, outside `vscode.l10n.t(`, is untranslated French. */
const FRENCH = /[àâçéèêëîïôûùüÿœæ«»]/i;

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

  it.each(Object.keys(sources))('every vscode.l10n.t key of %s has its French translation', (file) => {
    const keys = l10nKeys(sources[file]!);
    expect(keys.filter((k) => !(k in bundle))).toEqual([]);
  });

  it('the files that show text to the user do it through vscode.l10n.t', () => {
    const counts = Object.fromEntries(Object.entries(sources).map(([f, src]) => [f, l10nKeys(src).length]));
    expect(counts['newReport.ts']).toBeGreaterThan(10);
    for (const f of ['extension.ts', 'statusBar.ts', 'pages.ts', 'planView.ts']) expect(counts[f], f).toBeGreaterThan(0);
  });

  it.each(Object.keys(sources))('every vscode.l10n.t call of %s has a plain string literal as its message', (file) => {
    const { literals, l10nCalls } = scanLiterals(sources[file]!);
    const keys = literals.filter((l) => l.isL10nKey);
    // A message built at run time (a variable, a template with `${…}`, a concatenation) cannot be
    // checked against the bundle: pass the variable parts as {0}, {1}… arguments.
    expect(keys.length).toBe(l10nCalls);
    expect(keys.filter((l) => l.interpolated || !l.wholeArgument).map((l) => l.value)).toEqual([]);
  });

  it.each(Object.keys(sources))('%s has no untranslated French string literal', (file) => {
    // Exceptions, as `file: literal text`; none so far. Comments are not scanned, and '≈' or '·'
    // are not letters.
    const allowed = new Set<string>([]);
    const french = scanLiterals(sources[file]!)
      .literals.filter((l) => !l.isL10nKey && FRENCH.test(l.value))
      .map((l) => `${file}: ${l.value}`)
      .filter((l) => !allowed.has(l));
    expect(french).toEqual([]);
  });

  it('the French bundle has no stale entry, and keeps the {n} placeholders', () => {
    expect(Object.keys(bundle).filter((k) => !allKeys.has(k))).toEqual([]);
    for (const [k, v] of Object.entries(bundle)) {
      expect(v.trim().length, k).toBeGreaterThan(0);
      expect(placeholders(v), k).toEqual(placeholders(k));
    }
  });
});

describe('the client source scanner of these tests', () => {
  it('reads the key of a vscode.l10n.t call written on several lines, with comments', () => {
    const src = [
      'const a = vscode.l10n.t(',
      "  // the student's view",
      "  'First {0}',",
      '  x,',
      ');',
      'const b = vscode.l10n.t(/* c */ "Second \\"quoted\\"");',
      "const c = vscode.l10n.t(`Third`, 'é');",
      "const d = vscode.l10n.t('It\\'s');",
    ].join('\n');
    expect(l10nKeys(src)).toEqual(['First {0}', 'Second "quoted"', 'Third', "It's"]);
  });

  it('finds French literals outside l10n calls, also inside template interpolations, not in comments', () => {
    const src = [
      "// Clique ici : 'é'",
      '/* « commentaire » */',
      "const re = /'[^']*'/g;",
      "const a = vscode.l10n.t('Click', 'à côté');",
      'const t = `${n > 1 ? `${n} pages` : \'présente\'} · ≈`;',
      "const u = { title: 'Aller à la section' };",
    ].join('\n');
    const { literals, l10nCalls } = scanLiterals(src);
    expect(l10nCalls).toBe(1);
    expect(literals.filter((l) => !l.isL10nKey && FRENCH.test(l.value)).map((l) => l.value)).toEqual([
      'à côté',
      'présente',
      'Aller à la section',
    ]);
  });

  it('flags a message that is not a plain literal', () => {
    const { literals, l10nCalls } = scanLiterals("vscode.l10n.t(`a ${b}`); vscode.l10n.t('a' + b); vscode.l10n.t(msg);");
    expect(l10nCalls).toBe(3);
    const keys = literals.filter((l) => l.isL10nKey);
    expect(keys.map((l) => [l.interpolated, l.wholeArgument])).toEqual([
      [true, true],
      [false, false],
    ]);
  });
});
