// The analysis core keeps no state of its own between calls (issue 9): at module level it holds
// only constants — functions, regular expressions, frozen or filled-at-load tables — and weak
// memos attached to objects it is given (a WeakMap, or memoByNode: an entry lives and dies with
// its key, a tree node or a profile, and never changes what a call returns). A cache shared by
// every document (an empty Map or Set filled later, a bounded cache, a `let`) belongs to the
// analyzer that owns the document (core/memo.ts DocumentMemo). Read with the TypeScript parser.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers';

const STATEFUL = new Set(['Map', 'Set', 'BoundedCache', 'DocumentMemo', 'WeakSet']);

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
  /** A `new X(...)` that makes a container filled later: a Map or Set made empty, a cache. */
  const stateful = (e: ts.Expression | undefined): string | undefined => {
    if (!e) return undefined;
    if (ts.isAsExpression(e) || ts.isParenthesizedExpression(e) || ts.isSatisfiesExpression(e)) return stateful(e.expression);
    if (!ts.isNewExpression(e) || !ts.isIdentifier(e.expression) || !STATEFUL.has(e.expression.text)) return undefined;
    const filled = (e.arguments?.length ?? 0) > 0 && (e.expression.text === 'Map' || e.expression.text === 'Set');
    return filled ? undefined : `new ${e.expression.text}`;
  };
  for (const st of file.statements) {
    if (ts.isVariableStatement(st)) {
      const flags = st.declarationList.flags;
      for (const d of st.declarationList.declarations) {
        const what = d.name.getText(file);
        if (!(flags & ts.NodeFlags.Const)) out.push(`${at(d)}: ${what} is a module-level ${flags & ts.NodeFlags.Let ? 'let' : 'var'}`);
        const s = stateful(d.initializer);
        if (s) out.push(`${at(d)}: ${what} = ${s}(…) is a cache shared by every document`);
      }
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

describe('the core keeps no module state', () => {
  it('finds a cache, a let and a static registry, and lets constants and weak memos be', () => {
    const found = moduleState(
      [
        'const cache = new Map<string, number>();',
        'let last = 0;',
        'const seen = new Set() as Set<string>;',
        'class C { static readonly all = new Set<C>(); }',
        'const bounded = new BoundedCache(10);',
        "const WORDS = new Set(['de', 'du']);",
        "const TABLE: ReadonlyMap<string, string> = new Map([['a', 'b']]);",
        'const byNode = new WeakMap<object, number>();',
        'const RE = /x/g;',
        'export function f() { const local = new Map(); let n = 0; return local.size + n; }',
      ].join('\n'),
    );
    expect(found).toEqual([
      '1: cache = new Map(…) is a cache shared by every document',
      '2: last is a module-level let',
      '3: seen = new Set(…) is a cache shared by every document',
      '4: static all is state shared by every document',
      '5: bounded = new BoundedCache(…) is a cache shared by every document',
    ]);
  });

  it('server/src/core has none', () => {
    const core = join(repoRoot, 'server', 'src', 'core');
    const found = tsFiles(core).flatMap((f) => moduleState(readFileSync(f, 'utf8'), f).map((v) => `${relative(repoRoot, f)}:${v}`));
    expect(found).toEqual([]);
  });
});
