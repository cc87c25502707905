// The `rapport.bts` setting of the extension manifest (package.json) offers exactly the BTS of
// the registry. VS Code reads the manifest before any code runs, so the list is written into it:
// `npm run sync-manifest` rewrites it from the profiles folder, and test/unit/manifest.test.ts
// fails, naming the BTS, while it is out of date. Pure: the callers read and write the file.

import type { ProfileRegistry } from '../core/types';

interface Manifest {
  contributes?: { configuration?: { properties?: Record<string, { enum?: unknown[] }> } };
}

const btsSetting = (pkg: Manifest) => pkg.contributes?.configuration?.properties?.['rapport.bts'];

/** The enum the manifest should have: null (no default BTS), the ids it lists already, in its order, then new ids, sorted. */
export function btsEnum(pkg: Manifest, registry: ProfileRegistry): (string | null)[] {
  const ids = registry.ids();
  const kept = (btsSetting(pkg)?.enum ?? []).filter((v): v is string => typeof v === 'string' && ids.includes(v));
  return [null, ...kept, ...ids.filter((id) => !kept.includes(id))];
}

/** What is wrong with the manifest's `rapport.bts` enum for this registry (empty when in sync). */
export function btsEnumProblems(pkg: Manifest, registry: ProfileRegistry): string[] {
  const setting = btsSetting(pkg);
  if (!setting) return ['package.json : le réglage « rapport.bts » manque'];
  const listed = (setting.enum ?? []).filter((v) => v !== null);
  const ids = registry.ids();
  const problems: string[] = [];
  if (!(setting.enum ?? []).includes(null)) problems.push('package.json : « rapport.bts » doit proposer null (aucun BTS par défaut)');
  for (const id of ids) if (!listed.includes(id)) problems.push(`package.json : « rapport.bts » ne propose pas le BTS « ${id} » (npm run sync-manifest)`);
  for (const v of listed) if (!ids.includes(v as string)) problems.push(`package.json : « rapport.bts » propose « ${String(v)} », qui n'est pas un profil (npm run sync-manifest)`);
  return problems;
}

/** The manifest with its `rapport.bts` enum in sync with the registry (a copy; the input is not changed). */
export function syncBtsEnum<T extends Manifest>(pkg: T, registry: ProfileRegistry): T {
  const copy = structuredClone(pkg);
  const setting = btsSetting(copy);
  if (setting) setting.enum = btsEnum(pkg, registry);
  return copy;
}
