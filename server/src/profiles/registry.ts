// Builds the profile registry from YAML texts. Pure: the hosts read the files.
// A profile may `extend` another: scalar fields and lists it gives replace the parent's.

import { parse } from 'yaml';
import { normalizeHeading, normalizeValue } from '../core/text/normalize';
import type { Profile, ProfileRegistry } from '../core/types';

export interface ProfileSource {
  name: string;
  text: string;
}

type RawProfile = Partial<Profile> & { id: string };

export class ProfileError extends Error {}

export function createRegistry(sources: ProfileSource[]): ProfileRegistry {
  const raw = new Map<string, RawProfile>();
  for (const src of sources) {
    let data: unknown;
    try {
      data = parse(src.text);
    } catch (e) {
      throw new ProfileError(`${src.name}: YAML invalide (${(e as Error).message})`);
    }
    if (!data || typeof data !== 'object' || typeof (data as RawProfile).id !== 'string') {
      throw new ProfileError(`${src.name}: un profil doit avoir un champ "id"`);
    }
    raw.set((data as RawProfile).id, data as RawProfile);
  }

  const resolved = new Map<string, Profile>();
  const resolving = new Set<string>();
  const resolveOne = (id: string): Profile => {
    const done = resolved.get(id);
    if (done) return done;
    const r = raw.get(id);
    if (!r) throw new ProfileError(`profil inconnu : ${id}`);
    if (resolving.has(id)) throw new ProfileError(`héritage circulaire de profils : ${id}`);
    resolving.add(id);
    const parent = r.extends ? resolveOne(r.extends) : undefined;
    const profile: Profile = {
      id: r.id,
      name: r.name ?? parent?.name ?? r.id,
      aliases: [r.id, ...(r.aliases ?? [])],
      ...(r.extends ? { extends: r.extends } : {}),
      ...((r.epreuve ?? parent?.epreuve) ? { epreuve: r.epreuve ?? parent?.epreuve } : {}),
      sections: (r.sections ?? parent?.sections ?? []).map((s) => ({
        ...s,
        synonyms: [...new Set([s.title, ...(s.synonyms ?? [])].map(normalizeHeading))],
      })),
      groups: r.groups ?? parent?.groups ?? [],
      frontmatter: r.frontmatter ?? parent?.frontmatter ?? [],
      pages: { ...(parent?.pages ?? {}), ...(r.pages ?? {}) },
      options: { ...(parent?.options ?? {}), ...(r.options ?? {}) },
    };
    resolving.delete(id);
    resolved.set(id, profile);
    return profile;
  };
  for (const id of raw.keys()) resolveOne(id);

  const byAlias = new Map<string, Profile>();
  for (const p of resolved.values()) {
    for (const a of p.aliases) byAlias.set(normalizeValue(a), p);
  }
  return {
    profiles: resolved,
    resolve: (value: string) => byAlias.get(normalizeValue(value)),
    ids: () => [...resolved.keys()].sort(),
  };
}
