// The architecture rules of .dependency-cruiser.cjs (core imports no layer above it and reads no
// files, rules reach no host, the client imports only pure server modules, no import cycles),
// checked with dependency-cruiser over server/src and client/src.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers';

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

/**
 * Violations that exist on main today, each with why it is still there. The list only shrinks:
 * the test fails on a new violation, and on a listed one that is gone (delete its line then).
 */
// Today's known violations: none. Any new one fails the test (the list may only shrink).
const KNOWN: Record<string, string> = {};

function cruise(cwd: string) {
  const r = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
      '--config',
      join(repoRoot, '.dependency-cruiser.cjs'),
      '--output-type',
      'json',
      'server/src',
      'client/src',
    ],
    { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  expect(r.stdout, r.stderr).not.toBe('');
  return JSON.parse(r.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
}

describe('architecture (dependency-cruiser)', () => {
  it('the rules fire: a core module importing a rule, a client importing the LSP layer, a cycle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-arch-'));
    const files: Record<string, string> = {
      'tsconfig.json': '{ "compilerOptions": { "module": "commonjs" } }',
      'server/src/core/a.ts': "import { b } from '../rules/b';\nexport const a = b;\n",
      'server/src/rules/b.ts': 'export const b = 1;\n',
      'server/src/lsp/l.ts': 'export const l = 1;\n',
      'server/src/core/x.ts': "import { y } from './y';\nexport const x = () => y;\n",
      'server/src/core/y.ts': "import { x } from './x';\nexport const y = () => x;\n",
      'client/src/c.ts': "import { l } from '../../server/src/lsp/l';\nexport const c = l;\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const names = new Set(cruise(dir).summary.violations.map((v) => v.rule.name));
    expect([...names].sort()).toEqual(['client-imports-pure-server-modules', 'core-imports-no-layer-above', 'no-circular']);
  }, 120_000);

  it('no import breaks the layering, and no module imports itself through a cycle', () => {
    const out = cruise(repoRoot);
    // Not vacuous: the whole server and client were read.
    expect(out.summary.totalCruised).toBeGreaterThan(60);
    const found = [...new Set(out.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`))].sort();
    expect(found).toEqual(Object.keys(KNOWN).sort());
  }, 120_000);
});
