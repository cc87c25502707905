// Reads the profile files from a folder (host side: CLI, server, tests).

import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseProfileSource, ProfileError, PROFILES_DIR_ENV, registryFromParsed, type ParsedProfileSource } from './registry';
import type { ProfileRegistry } from '../core/types';

const profileFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();

/** The profile files of a folder, read as YAML (not yet checked: registryFromParsed does). */
export function readProfilesFrom(dir: string): ParsedProfileSource[] {
  return profileFiles(dir).map((f) => parseProfileSource({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
}

export function loadProfilesFrom(dir: string): ProfileRegistry {
  return registryFromParsed(readProfilesFrom(dir));
}

const hasProfiles = (dir: string): boolean => {
  try {
    return statSync(dir).isDirectory() && profileFiles(dir).length > 0;
  } catch {
    return false;
  }
};

/**
 * The profiles folder: the one named by RAPPORT_BTS_PROFILES when set, else the first folder
 * holding `.yaml` files next to the bundle (dist/profiles) or in the sources.
 */
export function defaultProfilesDir(baseDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const override = env[PROFILES_DIR_ENV];
  if (override) {
    if (!existsSync(override) || !hasProfiles(override)) {
      throw new ProfileError(`${PROFILES_DIR_ENV}=${override} : ce dossier n'existe pas ou ne contient aucun profil (.yaml)`);
    }
    return override;
  }
  const candidates = [join(baseDir, 'profiles'), join(baseDir, '..', 'profiles'), join(baseDir, '..', 'server', 'src', 'profiles')];
  for (const c of candidates) if (hasProfiles(c)) return c;
  throw new ProfileError(`profils introuvables depuis ${baseDir}`);
}
