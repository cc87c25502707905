// One language: everything the extension shows is French, whatever VS Code's display language
// (VS Code installs in English and students mostly leave it so). The manifest strings live in
// package.nls.json, the bundle VS Code uses for every display language that has none of its own,
// and there is no other (no package.nls.<locale>.json); the client writes its French strings
// directly (no vscode.l10n, no l10n/ bundle that an English UI would bypass).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers';

const readJson = (p: string) => JSON.parse(readFileSync(join(repoRoot, p), 'utf8')) as Record<string, unknown>;
const pkg = readJson('package.json');
const nls = readJson('package.nls.json') as Record<string, string>;

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

/** The manifest fields VS Code shows to the user, with their values (a `%key%` resolved). */
const SHOWN_FIELDS = new Set(['displayName', 'description', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'title', 'shortTitle', 'category', 'name', 'contextualTitle', 'altText', 'label', 'deprecationMessage', 'markdownDeprecationMessage']);
function shownManifestStrings(value: unknown, path: string[] = [], out: { at: string; text: string }[] = []) {
  if (typeof value === 'string') {
    const field = path.at(-1)!;
    const parent = path.at(-2);
    if (SHOWN_FIELDS.has(field) || (parent !== undefined && SHOWN_FIELDS.has(parent) && /^\d+$/.test(field))) {
      const m = /^%([\w.-]+)%$/.exec(value);
      out.push({ at: path.join('.'), text: m ? (nls[m[1]!] ?? value) : value });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => shownManifestStrings(v, [...path, String(i)], out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) shownManifestStrings(v, [...path, k], out);
  }
  return out;
}

/**
 * English words that French text does not use. Code spans (`…`), command links (command:…) and
 * the names of settings and of fonts are left out before looking: `rapport.pageModel.*` is not English.
 */
const ENGLISH = /\b(the|your|you|and|of|to|with|for|from|at|by|in|is|are|this|that|not|no|open|click|choose|insert|save|replace|create|write|check|show|go|see|missing|excluding|optional|required|expected|estimated|report|outline|new|first|last|name|school|company|tutor|folder|file|could|cannot|please|select|coming|soon|read|watch|remarks|view|severity|used|leave|empty|field|unknown|one)\b/i;
const prose = (s: string) => s.replace(/Times New Roman/g, ' ').replace(/`[^`]*`/g, ' ').replace(/\(command:[^)]*\)/g, ' ').replace(/\b[\w-]+(\.[\w*-]+)+\b/g, ' ');
const english = (s: string) => ENGLISH.exec(prose(s))?.[0];

/** A string or template literal of a TypeScript source, as `scanLiterals` finds it. */
interface Literal {
  /** Offset of the opening quote. */
  start: number;
  quote: "'" | '"' | '`';
  /** The text with escapes decoded (a template's `${…}` parts are left out). */
  value: string;
  /** A template literal with `${…}` parts. */
  interpolated: boolean;
}

/**
 * The string and template literals of a source outside comments (nested ones inside `${…}` too),
 * and the code without them. A small lexer, good enough for the client:
 * it knows comments, the three quotes, template interpolations and regular expression literals.
 */
function scanLiterals(src: string): { literals: Literal[]; code: string } {
  const literals: Literal[] = [];
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
  };

  scanCode(false);
  return { literals, code };
}


describe('manifest strings', () => {
  it('package.nls.json is the only bundle: no package.nls.<locale>.json, no l10n folder', () => {
    expect(readdirSync(repoRoot).filter((f) => /^package\.nls\..+\.json$/.test(f))).toEqual([]);
    expect(pkg.l10n).toBeUndefined();
    expect(existsSync(join(repoRoot, 'l10n'))).toBe(false);
  });

  it('every %key% used in package.json exists in package.nls.json, and every key there is used', () => {
    const used = [...manifestKeys(pkg)];
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((k) => !(k in nls))).toEqual([]);
    expect(Object.keys(nls).filter((k) => !used.includes(k))).toEqual([]);
    for (const [k, v] of Object.entries(nls)) {
      expect(typeof v, k).toBe('string');
      expect(v.trim().length, k).toBeGreaterThan(0);
    }
  });

  it('every string the manifest shows is French (no English word)', () => {
    const shown = shownManifestStrings({ displayName: pkg.displayName, description: pkg.description, contributes: pkg.contributes });
    expect(shown.length).toBeGreaterThan(40);
    expect(shown.map((s) => ({ ...s, english: english(s.text) })).filter((s) => s.english)).toEqual([]);
  });

  it('the command titles, their category and the view name are the French ones', () => {
    const c = pkg.contributes as { commands: { command: string; title: string; category: string }[]; views: Record<string, { id: string; name: string }[]> };
    const title = (id: string) => nls[c.commands.find((x) => x.command === id)!.title.slice(1, -1)];
    expect(nls[c.commands[0]!.category.slice(1, -1)]).toBe('Rapport');
    expect(title('rapportBts.newReport')).toBe('Nouveau rapport de stage…');
    expect(nls[c.views.explorer!.find((v) => v.id === 'rapportBts.plan')!.name.slice(1, -1)]).toBe('Plan du rapport');
  });
});

describe('client strings', () => {
  const clientDir = join(repoRoot, 'client', 'src');
  const sources = Object.fromEntries(
    readdirSync(clientDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [f, readFileSync(join(clientDir, f), 'utf8')]),
  );

  it.each(Object.keys(sources))('%s does not go through vscode.l10n (an English UI would show its source strings)', (file) => {
    expect(scanLiterals(sources[file]!).code).not.toMatch(/\bl10n\b/);
  });

  it.each(Object.keys(sources))('%s has no English string literal', (file) => {
    // Literals with a space are text; a single word ('markdown', 'file', 'untitled') is an identifier.
    // Exceptions, as `file: literal text`; none so far.
    const allowed = new Set<string>([]);
    const found = scanLiterals(sources[file]!)
      .literals.filter((l) => /\s/.test(l.value.trim()) && english(l.value))
      .map((l) => `${file}: ${l.value} (${english(l.value)})`)
      .filter((l) => !allowed.has(l.replace(/ \([^)]*\)$/, '')));
    expect(found).toEqual([]);
  });

  it('the files that show text to the user write it in French', () => {
    const FRENCH = /[àâçéèêëîïôûùüÿœæ«»]/i;
    for (const f of ['extension.ts', 'newReport.ts', 'statusBar.ts', 'pages.ts', 'planView.ts', 'classe.ts', 'export.ts']) {
      expect(scanLiterals(sources[f]!).literals.filter((l) => FRENCH.test(l.value)).length, f).toBeGreaterThan(0);
    }
  });
});

describe('the checks of these tests', () => {
  it('the English detector flags the old English strings, not the French ones', () => {
    for (const s of ['Report outline', 'BTS Report', 'New Internship Report…', 'Choose your BTS', 'Estimated pages per section', 'Insert', 'Export to PDF', '{0} to {1} p.', 'required, missing']) {
      expect(english(s), s).toBeDefined();
    }
    for (const s of ['Plan du rapport', 'Rapport', 'Nouveau rapport de stage…', 'Choisis ton BTS', 'Export en PDF…', 'Exporter en Word (.docx)', '1 à 2 p.', 'obligatoire, absente', 'Sévérité de `section-missing` (section obligatoire absente). `default` garde la sévérité fixée par le BTS.', 'Réglages : `rapport.pageModel.*`.', '[Ouvrir la vue Problèmes](command:workbench.actions.view.problems)']) {
      expect(english(s), s).toBeUndefined();
    }
  });

  it('the manifest walker resolves %keys% and reaches the command titles and the walkthrough', () => {
    const shown = shownManifestStrings({ contributes: pkg.contributes });
    expect(shown.find((s) => s.at === 'contributes.commands.0.title')?.text).toBe(nls['command.newReport.title']);
    expect(shown.some((s) => s.at.startsWith('contributes.walkthroughs.0.steps.0.description'))).toBe(true);
    expect(shown.some((s) => s.at.startsWith('contributes.configuration.properties.'))).toBe(true);
  });

  it('the client source scanner finds literals outside comments, also inside template interpolations', () => {
    const src = [
      "// Click here : 'the'",
      '/* « commentaire » */',
      "const re = /'[^']*'/g;",
      'const t = `${n > 1 ? `${n} pages` : \'Open the report\'} · ≈`;',
      "const u = { title: 'Aller à la section' };",
      'vscode.l10n.t("x");',
    ].join('\n');
    const { literals, code } = scanLiterals(src);
    expect(literals.map((l) => l.value)).toEqual([' · ≈', ' pages', 'Open the report', 'Aller à la section', 'x']);
    expect(code).toMatch(/\bl10n\b/);
    expect(literals.filter((l) => english(l.value)).map((l) => l.value)).toEqual(['Open the report']);
  });
});
