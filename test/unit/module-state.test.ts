// The analysis core and the rules keep no state of its own between calls (issue 9): at module level it holds
// only constants — functions, regular expressions, frozen or filled-at-load tables — and weak
// memos attached to objects it is given (a WeakMap, or memoByNode: an entry lives and dies with
// its key, a tree node or a profile, and never changes what a call returns). A cache shared by
// every document (an empty Map or Set filled later, a bounded cache, a `let`, a literal object
// or array written to by a function: `stats.hits++`) belongs to the
// analyzer that owns the document (core/memo.ts DocumentMemo). Read with the TypeScript parser.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers';

/** Containers that hold what is put in them later. */
const STATEFUL = new Set(['Map', 'Set', 'BoundedCache', 'DocumentMemo', 'WeakSet']);
/** A weak map: an entry lives and dies with its key (allowed, unless each value is itself a cache). */
const WEAK = new Set(['WeakMap']);
/** A weak memo's value that is a cache of its own: filled later, shared by every document using that key. */
const CACHE_VALUES = new Set(['Map', 'BoundedCache', 'DocumentMemo']);
/** Module-level calls that make no shared cache: a weak memo on nodes, a frozen memo declaration. */
const PURE_FACTORIES = new Set(['memoByNode', 'contentMemo']);
/** A call whose name says it makes a memo or a cache (`memoByContent(…)`, `createCache(…)`…). */
const CACHE_FACTORY = /memo|cache/i;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : n.endsWith('.ts') ? [p] : [];
  });
}

/** What in `source` (a module's text) is mutable state at module level, as "line: why". */
export function moduleState(source: string, name = 'module.ts'): string[] {
  const file = ts.createSourceFile(name, source, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const at = (n: ts.Node) => file.getLineAndCharacterOfPosition(n.getStart(file)).line + 1;
  const typeName = (t: ts.TypeNode | undefined): string | undefined =>
    t && ts.isTypeReferenceNode(t) ? t.typeName.getText(file) : t && ts.isArrayTypeNode(t) ? 'Array' : undefined;
  const isEmptyArray = (e: ts.Expression | undefined) => !!e && ts.isArrayLiteralExpression(e) && e.elements.length === 0;
  /** No entries: nothing, `[]` or `undefined` (`new Map()`, `new Map([])`, `new Map(undefined)`). */
  const noEntries = (args: readonly ts.Expression[]) => args.length === 0 || isEmptyArray(args[0]) || (ts.isIdentifier(args[0]!) && args[0].text === 'undefined');
  /**
   * A declared type nothing can be added through: `readonly T[]`, `ReadonlyMap<…>`,
   * `ReadonlySet<…>`, `ReadonlyArray<…>`, `Readonly<…>` of anything but a container
   * (`Readonly<Map<…>>` makes its properties readonly, and `set` is still there).
   */
  const readonlyType = (t: ts.TypeNode | undefined): boolean => {
    if (!t) return false;
    if (ts.isTypeOperatorNode(t) && t.operator === ts.SyntaxKind.ReadonlyKeyword) return true;
    if (!ts.isTypeReferenceNode(t)) return false;
    const name = t.typeName.getText(file);
    if (/^Readonly(Map|Set|Array)$/.test(name)) return true;
    const inner = typeName(t.typeArguments?.[0]);
    return name === 'Readonly' && !(inner && (STATEFUL.has(inner) || WEAK.has(inner)));
  };
  /** Top-level functions by name (a memo's factory passed by name). */
  const functions = new Map<string, ts.Node>();
  for (const st of file.statements) {
    if (ts.isFunctionDeclaration(st) && st.name) functions.set(st.name.text, st);
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) functions.set(d.name.text, d.initializer);
  }
  /**
   * A cache the function body `fn` makes itself (not in the functions it holds, which make one
   * per call): `new BoundedCache(…)`, `new DocumentMemo(…)`, an empty `new Map()`, and with
   * `sets` an empty `new Set()` (a "seen" set an IIFE's closure fills; a memo's factory may
   * use a Set of its own while it computes).
   */
  const cacheMadeIn = (fn: ts.Node, sets = false): string | undefined => {
    let made: string | undefined;
    const visit = (n: ts.Node): void => {
      if (made) return;
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && (CACHE_VALUES.has(n.expression.text) || (sets && n.expression.text === 'Set'))) {
        const kind = n.expression.text;
        if ((kind !== 'Map' && kind !== 'Set') || noEntries(n.arguments ?? [])) made = kind;
      }
      if (n !== fn && ts.isFunctionLike(n)) return;
      ts.forEachChild(n, visit);
    };
    visit(fn);
    return made;
  };
  /**
   * Why `e`, a module-level initializer, is state filled later; undefined for a constant.
   * `declared`: the variable's declared type (its type arguments stand for those of a bare `new WeakMap()`).
   */
  const stateful = (e: ts.Expression | undefined, declared?: ts.TypeNode): string | undefined => {
    if (!e || readonlyType(declared)) return undefined;
    if (ts.isAsExpression(e) || ts.isParenthesizedExpression(e) || ts.isSatisfiesExpression(e)) {
      // `[] as const` is a readonly tuple: nothing can fill it.
      if (ts.isAsExpression(e) && e.type.getText(file) === 'const') return undefined;
      return stateful(e.expression, declared);
    }
    if (ts.isArrayLiteralExpression(e) && e.elements.length === 0) return 'an empty array, filled later,';
    if (ts.isObjectLiteralExpression(e) && e.properties.length === 0) return 'an empty object, filled later,';
    if (ts.isNewExpression(e) && ts.isIdentifier(e.expression)) {
      const kind = e.expression.text;
      if (WEAK.has(kind)) {
        const declaredArgs = declared && ts.isTypeReferenceNode(declared) ? declared.typeArguments : undefined;
        const value = typeName(e.typeArguments?.[1] ?? declaredArgs?.[1]);
        return value && CACHE_VALUES.has(value) ? `new ${kind}<…, ${value}>, a cache per key,` : undefined;
      }
      if (!STATEFUL.has(kind)) return undefined;
      const filled = !noEntries(e.arguments ?? []) && (kind === 'Map' || kind === 'Set');
      return filled ? undefined : `new ${kind}(…)`;
    }
    if (ts.isCallExpression(e)) {
      const target = ts.isParenthesizedExpression(e.expression) ? e.expression.expression : e.expression;
      // (() => { const seen = new Map(); return (x) => … })(), or `return { get: (x) => … }`:
      // functions closing over a cache; `return seen` with nothing put in it: the cache itself.
      if (ts.isArrowFunction(target) || ts.isFunctionExpression(target)) {
        const made = cacheMadeIn(target.body, true);
        if (!made) return undefined;
        const body = target.body;
        const returned: ts.Expression[] = [];
        const collect = (n: ts.Node): void => {
          if (ts.isReturnStatement(n) && n.expression) returned.push(n.expression);
          if (!ts.isArrowFunction(n) && !ts.isFunctionExpression(n) && !ts.isFunctionDeclaration(n)) ts.forEachChild(n, collect);
        };
        if (ts.isBlock(body)) collect(body);
        else returned.push(body);
        const unwrap = (x: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isSatisfiesExpression(x) ? unwrap(x.expression) : x);
        const isFunction = (x: ts.Node) => ts.isArrowFunction(x) || ts.isFunctionExpression(x) || ts.isMethodDeclaration(x) || ts.isGetAccessorDeclaration(x);
        const closures = (x: ts.Expression) =>
          isFunction(x) || (ts.isObjectLiteralExpression(x) && x.properties.some((p) => isFunction(p) || (ts.isPropertyAssignment(p) && isFunction(unwrap(p.initializer))) || ts.isShorthandPropertyAssignment(p)));
        if (returned.map(unwrap).some(closures)) return `a function closing over a new ${made}(…)`;
        // The cache returned as it was made, nothing put in it at load (`.set(` or `.add(`).
        const names = new Set<string>();
        const local = (n: ts.Node): void => {
          if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.isNewExpression(unwrap(n.initializer))) {
            const made2 = unwrap(n.initializer) as ts.NewExpression;
            if (ts.isIdentifier(made2.expression) && STATEFUL.has(made2.expression.text) && noEntries(made2.arguments ?? [])) names.add(n.name.text);
          }
          ts.forEachChild(n, local);
        };
        local(body);
        const filled = (name: string) => {
          let yes = false;
          const visit = (n: ts.Node): void => {
            if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression) && n.expression.expression.text === name && /^(set|add)$/.test(n.expression.name.text)) yes = true;
            if (!yes) ts.forEachChild(n, visit);
          };
          visit(body);
          return yes;
        };
        const empty = returned.map(unwrap).find((x) => ts.isIdentifier(x) && names.has(x.text) && !filled(x.text));
        return empty ? `an empty new ${made}(…) returned by a function run at load` : undefined;
      }
      const callee = ts.isIdentifier(e.expression) ? e.expression.text : ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : '';
      // Object.create(null): an empty object; Object.freeze(new Map()): a Map's entries are not frozen.
      if (callee === 'create' && e.arguments.length === 1 && e.arguments[0]!.kind === ts.SyntaxKind.NullKeyword) return 'an empty object, filled later,';
      if (callee === 'freeze' && e.arguments[0] && ts.isNewExpression(e.arguments[0])) return stateful(e.arguments[0]);
      if (PURE_FACTORIES.has(callee)) {
        // memoByNode(k => new BoundedCache(…)), or memoByNode(makeCache): a weak memo whose values are caches.
        const arg = e.arguments[0];
        const fn = arg && ts.isIdentifier(arg) ? functions.get(arg.text) : arg;
        const made = fn && cacheMadeIn(fn);
        if (made) return `${callee}(… new ${made}(…)), a cache per key,`;
        return undefined;
      }
      if (CACHE_FACTORY.test(callee)) return `${callee}(…)`;
    }
    return undefined;
  };
  /** The module-level name a property write starts from (`stats.hits`, `seen[k].n`), if any. */
  const rootName = (x: ts.Expression): string | undefined =>
    ts.isIdentifier(x) ? x.text : ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x) ? rootName(x.expression) : undefined;
  /** Module-level constants holding a literal object or array, written to somewhere in the module. */
  const literals = new Map<string, ts.VariableDeclaration>();
  /** `x as T`, `x satisfies T`, `(x)`: the expression itself. */
  const bare = (x: ts.Expression): ts.Expression =>
    ts.isAsExpression(x) || ts.isSatisfiesExpression(x) || ts.isParenthesizedExpression(x) ? bare(x.expression) : x;
  for (const st of file.statements)
    if (ts.isVariableStatement(st))
      for (const d of st.declarationList.declarations) {
        const init = d.initializer && bare(d.initializer);
        if (ts.isIdentifier(d.name) && init && !readonlyType(d.type) && !(d.initializer && ts.isAsExpression(d.initializer) && d.initializer.type.getText(file) === 'const') && (ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init))) literals.set(d.name.text, d);
      }
  const written = new Map<string, string>();
  const assigns = (k: ts.SyntaxKind) => k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
  const MUTATORS = /^(push|pop|shift|unshift|splice|sort|reverse|fill|copyWithin|set|add|delete|clear)$/;
  // Writes inside a function: run later, at each call. Writes at the top level fill a table once, at load.
  const writes = (n: ts.Node, inFunction: boolean): void => {
    let target: ts.Expression | undefined;
    if (ts.isBinaryExpression(n) && assigns(n.operatorToken.kind) && !ts.isIdentifier(n.left)) target = n.left;
    else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) && !ts.isIdentifier(n.operand)) target = n.operand;
    else if (ts.isDeleteExpression(n)) target = n.expression;
    else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && MUTATORS.test(n.expression.name.text)) target = n.expression.expression;
    // Object.assign(stats, …)
    else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.getText(file) === 'Object.assign' && n.arguments[0]) target = n.arguments[0];
    const name = target && rootName(target);
    if (inFunction && name && literals.has(name) && !written.has(name)) written.set(name, target!.getText(file));
    const inside = inFunction || ts.isFunctionLike(n);
    ts.forEachChild(n, (c) => writes(c, inside));
  };
  writes(file, false);
  for (const [name, d] of literals) if (written.has(name)) out.push(`${at(d)}: ${name} = a literal written to later (${written.get(name)}) is a cache shared by every document`);
  for (const st of file.statements) {
    if (ts.isVariableStatement(st)) {
      const flags = st.declarationList.flags;
      for (const d of st.declarationList.declarations) {
        const what = d.name.getText(file);
        if (!(flags & ts.NodeFlags.Const)) out.push(`${at(d)}: ${what} is a module-level ${flags & ts.NodeFlags.Let ? 'let' : 'var'}`);
        const s = stateful(d.initializer, d.type);
        if (s) out.push(`${at(d)}: ${what} = ${s} is a cache shared by every document`);
      }
    }
    if (ts.isExportAssignment(st)) {
      const s = stateful(st.expression);
      if (s) out.push(`${at(st)}: export default ${s} is a cache shared by every document`);
    }
    if (ts.isClassDeclaration(st)) {
      for (const m of st.members) {
        const isStatic = ts.canHaveModifiers(m) && ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
        if (isStatic && ts.isPropertyDeclaration(m) && stateful(m.initializer)) out.push(`${at(m)}: static ${m.name.getText(file)} is state shared by every document`);
      }
    }
  }
  return out;
}

describe('the core and the rules keep no module state', () => {
  it('finds a cache, a let and a static registry, and lets constants and weak memos be', () => {
    const found = moduleState(
      [
        'const cache = new Map<string, number>();',
        'let last = 0;',
        'const seen = new Set() as Set<string>;',
        'class C { static readonly all = new Set<C>(); }',
        'const bounded = new BoundedCache(10);',
        'const emptied = new Map([]);',
        'const byName: Record<string, number> = {};',
        'const queue: string[] = [];',
        'const made = memoByContent((t: string) => t.length, { max: 10 });',
        'const perProfile = new WeakMap<object, BoundedCache<number>>();',
        'const perKey = memoByNode((p: object) => new BoundedCache(100));',
        'const seenModels = new WeakSet<object>();',
        "const WORDS = new Set(['de', 'du']);",
        "const TABLE: ReadonlyMap<string, string> = new Map([['a', 'b']]);",
        'const byNode = new WeakMap<object, number>();',
        'const nested = new WeakMap<object, WeakMap<object, number>>();',
        'const lengthOf = memoByNode((n: { v: string }) => n.v.length);',
        'const tableOf = memoByNode((n: { v: string }) => new Map([[n.v, 1]]));',
        'const SCORES = contentMemo((t: string) => t.length, { max: 10 });',
        'const NONE = [] as const;',
        'const RE = /x/g;',
        'export function f() { const local = new Map(); let n = 0; return local.size + n; }',
        'const typed: WeakMap<object, BoundedCache<number>> = new WeakMap();',
        'const bare = Object.create(null);',
        'const none = new Map(undefined);',
        'const frozen = Object.freeze(new Map<string, number>());',
        'const closed = (() => { const seen = new Map<string, number>(); return (k: string) => seen.get(k); })();',
        'function makeCache() { return new BoundedCache(100); }',
        'const byName2 = memoByNode(makeCache);',
        'const EMPTY: readonly string[] = [];',
        'const NO_SETTINGS: Readonly<Record<string, never>> = {};',
        'const TABLE2 = (() => { const m = new Map<string, number>(); m.set("a", 1); return m; })();',
        'const FROZEN = Object.freeze([]);',
        'export default new Map<string, number>();',
        'const wrapped: Readonly<Map<string, number>> = new Map();',
        'const api = (() => { const seen = new Map<string, number>(); return { get: (k: string) => seen.get(k) }; })();',
        'const handed = (() => { const seen = new Map<string, number>(); return seen; })();',
        'const FILLED: Readonly<Record<string, number>> = { a: 1 };',
        'const methods = (() => { const seen = new Map<string, number>(); return { get(k: string) { return seen.get(k); } }; })();',
        'const stats = { hits: 0, last: "" };',
        'export function hit(k: string) { stats.hits++; stats.last = k; }',
        'const recent = ["a"];',
        'export function see(k: string) { recent.push(k); }',
        'const LIMITS = { max: 3 };',
        'export function limit(n: number) { return Math.min(n, LIMITS.max); }',
        'const cast = { hits: 0 } as { hits: number };',
        'export const grow = () => { cast.hits *= 2; };',
        'const merged = { a: 1 };',
        'export function merge(x: object) { Object.assign(merged, x); }',
        'const ORDER = ["b"];',
        'ORDER.push("a");',
        'ORDER.sort();',
        'const perCall = (() => { const base = 2; return (k: string) => { const seen = new Map<string, number>(); return seen.size + base + k.length; }; })();',
        'const once = (() => { const seen = new Set<string>(); return (k: string) => (seen.has(k) ? false : (seen.add(k), true)); })();',
      ].join('\n'),
    );
    expect(found).toEqual([
      '40: stats = a literal written to later (stats.hits) is a cache shared by every document',
      '42: recent = a literal written to later (recent) is a cache shared by every document',
      '46: cast = a literal written to later (cast.hits) is a cache shared by every document',
      '48: merged = a literal written to later (merged) is a cache shared by every document',
      '1: cache = new Map(…) is a cache shared by every document',
      '2: last is a module-level let',
      '3: seen = new Set(…) is a cache shared by every document',
      '4: static all is state shared by every document',
      '5: bounded = new BoundedCache(…) is a cache shared by every document',
      '6: emptied = new Map(…) is a cache shared by every document',
      '7: byName = an empty object, filled later, is a cache shared by every document',
      '8: queue = an empty array, filled later, is a cache shared by every document',
      '9: made = memoByContent(…) is a cache shared by every document',
      '10: perProfile = new WeakMap<…, BoundedCache>, a cache per key, is a cache shared by every document',
      '11: perKey = memoByNode(… new BoundedCache(…)), a cache per key, is a cache shared by every document',
      '12: seenModels = new WeakSet(…) is a cache shared by every document',
      '23: typed = new WeakMap<…, BoundedCache>, a cache per key, is a cache shared by every document',
      '24: bare = an empty object, filled later, is a cache shared by every document',
      '25: none = new Map(…) is a cache shared by every document',
      '26: frozen = new Map(…) is a cache shared by every document',
      '27: closed = a function closing over a new Map(…) is a cache shared by every document',
      '29: byName2 = memoByNode(… new BoundedCache(…)), a cache per key, is a cache shared by every document',
      '34: export default new Map(…) is a cache shared by every document',
      '35: wrapped = new Map(…) is a cache shared by every document',
      '36: api = a function closing over a new Map(…) is a cache shared by every document',
      '37: handed = an empty new Map(…) returned by a function run at load is a cache shared by every document',
      '39: methods = a function closing over a new Map(…) is a cache shared by every document',
      '54: once = a function closing over a new Set(…) is a cache shared by every document',
    ]);
  });

  // The module-level lines of three files as they were at 4e52d56, before their caches moved
  // into each document's memo: the scan must flag each.
  it('flags the shared caches the core and the rules once had', () => {
    const headings = [
      "import { memoByContent } from '../memo';",
      'export const diaryHeadingCue: (headingText: string) => string | null = memoByContent((headingText: string) => headingCue(headingText), {',
      '  max: 2000,',
      '});',
    ].join('\n');
    const recognize = [
      "import { BoundedCache } from '../memo';",
      'const vocabCache = new WeakMap<SectionSpec, Set<string>>();',
      'const matchCache = new WeakMap<Profile, BoundedCache<HeadingMatch | undefined>>();',
    ].join('\n');
    const brochure = [
      "import { memoByContent } from '../core/memo';",
      'export const brochureCues: (text: string) => { label: string; text: string }[] = memoByContent((text: string) => findCues(text), { max: 5000 });',
    ].join('\n');
    expect(moduleState(headings)).toEqual(['2: diaryHeadingCue = memoByContent(…) is a cache shared by every document']);
    expect(moduleState(recognize)).toEqual(['3: matchCache = new WeakMap<…, BoundedCache>, a cache per key, is a cache shared by every document']);
    expect(moduleState(brochure)).toEqual(['2: brochureCues = memoByContent(…) is a cache shared by every document']);
  });

  it.each([['core'], ['rules']])('server/src/%s has none', (dir) => {
    const root = join(repoRoot, 'server', 'src', dir);
    const found = tsFiles(root).flatMap((f) => moduleState(readFileSync(f, 'utf8'), f).map((v) => `${relative(repoRoot, f)}:${v}`));
    expect(tsFiles(root).length).toBeGreaterThan(10);
    expect(found).toEqual([]);
  });
});
