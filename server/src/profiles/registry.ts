// Builds the profile registry from YAML texts. Pure: the hosts read the files (the language
// server, the CLI and the editor client's new-report command all build it here).
// Each file is checked against the schema (schema.ts); a profile may `extend` another: scalar
// fields and lists it gives replace the parent's; then the cross references are checked
// (group members, parents, one section per role).

import { parse } from 'yaml';
import { normalizeHeading, normalizeValue } from '../core/text/normalize';
import type { Profile, ProfileRegistry } from '../core/types';
import { ProfileError, validateProfile } from './schema';

export { ProfileError } from './schema';

export interface ProfileSource {
  name: string;
  text: string;
}

/**
 * Environment variable naming a folder of profiles to use instead of the bundled ones (CLI,
 * language server, new-report command): for tests, and for a teacher trying a new BTS.
 */
export const PROFILES_DIR_ENV = 'RAPPORT_BTS_PROFILES';

type RawProfile = Partial<Profile> & { id: string };

/** A profile file read as YAML, not yet checked: what a worker thread is given (structured-cloneable). */
export interface ParsedProfileSource {
  name: string;
  data: unknown;
}

/** Reads one profile file's YAML; throws a ProfileError naming the file when it is not YAML. */
export function parseProfileSource(src: ProfileSource): ParsedProfileSource {
  try {
    return { name: src.name, data: parse(src.text) };
  } catch (e) {
    throw new ProfileError(`${src.name} : YAML invalide (${(e as Error).message})`);
  }
}

export function createRegistry(sources: ProfileSource[]): ProfileRegistry {
  return registryFromParsed(sources.map(parseProfileSource));
}

/**
 * The registry of profile files already read as YAML (parseProfileSource): each is checked
 * against the schema and resolved here, as by createRegistry. The worker threads of the CLI
 * build theirs from the data the main thread parsed, instead of parsing the files again.
 */
export function registryFromParsed(sources: readonly ParsedProfileSource[]): ProfileRegistry {
  const raw = new Map<string, RawProfile>();
  const files = new Map<string, string>();
  for (const src of sources) {
    const { data } = src;
    validateProfile(src.name, data);
    const id = (data as RawProfile).id;
    const twin = files.get(id);
    if (twin) throw new ProfileError(`${src.name} : l'identifiant « ${id} » est déjà celui de ${twin}`);
    files.set(id, src.name);
    raw.set(id, data as RawProfile);
  }

  const resolved = new Map<string, Profile>();
  const resolving = new Set<string>();
  const resolveOne = (id: string): Profile => {
    const done = resolved.get(id);
    if (done) return done;
    const r = raw.get(id);
    if (!r) throw new ProfileError(`profil inconnu : ${id}`);
    if (r.extends && !raw.has(r.extends)) {
      throw new ProfileError(`${files.get(id)} : « extends » nomme un profil inconnu « ${r.extends} » (profils : ${[...raw.keys()].sort().join(', ')})`);
    }
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
      // YAML reads `values: [1, 2]` as numbers: accepted values are compared as text.
      frontmatter: (r.frontmatter ?? parent?.frontmatter ?? []).map((f) => ({
        ...f,
        ...(f.values ? { values: f.values.map(String) } : {}),
        ...(f.descriptions ? { descriptions: f.descriptions.map((d) => ({ value: String(d.value), text: d.text })) } : {}),
      })),
      pages: { ...(parent?.pages ?? {}), ...(r.pages ?? {}) },
      options: { ...(parent?.options ?? {}), ...(r.options ?? {}) },
    };
    resolving.delete(id);
    checkReferences(files.get(id)!, profile);
    resolved.set(id, profile);
    return profile;
  };
  for (const id of raw.keys()) resolveOne(id);

  const byAlias = new Map<string, Profile>();
  for (const p of resolved.values()) {
    for (const a of p.aliases) {
      const other = byAlias.get(normalizeValue(a));
      if (other && other !== p) {
        throw new ProfileError(`${files.get(p.id)} : l'alias « ${a} » désigne déjà le profil « ${other.id} »`);
      }
      byAlias.set(normalizeValue(a), p);
    }
  }
  return {
    profiles: resolved,
    resolve: (value: string) => byAlias.get(normalizeValue(value)),
    ids: () => [...resolved.keys()].sort(),
  };
}

/** Cross references of a resolved profile: ids unique, one section per role, known members. */
function checkReferences(file: string, p: Profile): void {
  const problems: string[] = [];
  const ids = new Set<string>();
  const roles = new Map<string, string>();
  for (const s of p.sections) {
    if (ids.has(s.id)) problems.push(`deux sections ont l'identifiant « ${s.id} »`);
    ids.add(s.id);
    if (s.role) {
      const other = roles.get(s.role);
      if (other) problems.push(`le rôle « ${s.role} » est donné à « ${other} » et à « ${s.id} » : une section par rôle`);
      roles.set(s.role, s.id);
    }
  }
  for (const s of p.sections) {
    for (const parent of s.parents ?? []) {
      if (!ids.has(parent)) problems.push(`section « ${s.id} » : « parents » nomme une section inconnue « ${parent} »`);
    }
  }
  for (const g of p.groups) {
    for (const member of g.sections) {
      if (!ids.has(member)) problems.push(`groupe « ${g.id} » : « sections » nomme une section inconnue « ${member} »`);
    }
  }
  if (problems.length > 0) throw new ProfileError(`${file} (profil « ${p.id} ») : ${problems.join(' ; ')}`);
}
