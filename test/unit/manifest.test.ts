// The settings a user sees are the settings that exist: one `rapport.rules.<code>` per diagnostic
// code, each documented, and the server's severity values are the manifest's.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { btsEnum, btsEnumProblems } from '../../server/src/profiles/manifest';
import { allCodes, registry, repoRoot } from './helpers';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const props = pkg.contributes.configuration.properties as Record<string, { enum?: unknown[]; default?: unknown }>;

describe('manifest settings', () => {
  it('one rapport.rules.<code> per diagnostic code, and no other', () => {
    const settings = Object.keys(props)
      .filter((k) => k.startsWith('rapport.rules.'))
      .map((k) => k.slice('rapport.rules.'.length))
      .sort();
    expect(settings).toEqual(allCodes);
  });

  it('each rule setting offers default and the four severities', () => {
    for (const code of allCodes) {
      expect(props[`rapport.rules.${code}`]!.enum, code).toEqual(['default', 'ignore', 'info', 'warning', 'error']);
      expect(props[`rapport.rules.${code}`]!.default, code).toBe('default');
    }
  });

  it('rapport.bts offers exactly the profiles (npm run sync-manifest writes them)', () => {
    expect(btsEnumProblems(pkg, registry)).toEqual([]);
    expect(props['rapport.bts']!.enum).toEqual(btsEnum(pkg, registry));
  });

  it('works in Restricted Mode: the extension executes nothing from the workspace', () => {
    expect(pkg.capabilities?.untrustedWorkspaces?.supported).toBe(true);
  });
});
