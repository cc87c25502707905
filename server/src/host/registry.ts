// What the two hosts (CLI, language server) share: the profiles on disk and the analysis entry.

import { defaultProfilesDir, loadProfilesFrom, readProfilesFrom } from '../profiles/load';
import { createRegistry, ProfileError, PROFILES_DIR_ENV, registryFromParsed, type ParsedProfileSource } from '../profiles/registry';
import type { ProfileRegistry } from '../core/types';

let registry: ProfileRegistry | undefined;
/** The profile files behind `registry`, as read (YAML parsed): what a worker thread is handed. */
let parsed: readonly ParsedProfileSource[] | undefined;

/** The profiles of this process; throws a ProfileError (file and key) when they are invalid: the CLI stops with it. */
export function getRegistry(): ProfileRegistry {
  if (!registry) {
    const files = readProfilesFrom(defaultProfilesDir(__dirname));
    registry = registryFromParsed(files);
    parsed = files;
  }
  return registry;
}

/**
 * The profile files of this process's registry, YAML already parsed, for a worker thread
 * (workerData): the worker builds the same registry with useProfiles, without reading the
 * folder or parsing the YAML again (about 0.1 s of a worker's start-up).
 */
export function profilesForWorkers(): readonly ParsedProfileSource[] {
  getRegistry();
  return parsed!;
}

/** In a worker thread: the registry built from the profile files the main thread read (profilesForWorkers). */
export function useProfiles(files: readonly ParsedProfileSource[]): void {
  registry = registryFromParsed(files);
  parsed = files;
}

/**
 * For the language server, which must keep serving: the profiles, or — when they are invalid —
 * the profiles shipped with the extension (none if those fail too) and the French problem to
 * show the student once (which file, which key, what to do).
 */
export function getRegistryOrFallback(): { registry: ProfileRegistry; problem?: string } {
  try {
    return { registry: getRegistry() };
  } catch (e) {
    if (!(e instanceof ProfileError)) throw e;
    const override = !!process.env[PROFILES_DIR_ENV];
    let fallback: ProfileRegistry | undefined;
    if (override) {
      try {
        fallback = loadProfilesFrom(defaultProfilesDir(__dirname, {}));
      } catch {
        // The shipped profiles are broken too: no profile, every document is "not a report".
      }
    }
    registry = fallback ?? createRegistry([]);
    const meanwhile = fallback
      ? `en attendant, les profils fournis avec l'extension sont utilisés (${PROFILES_DIR_ENV} ignoré)`
      : "en attendant, aucun rapport n'est vérifié";
    return { registry, problem: `Rapport BTS : profils invalides — ${e.message}. Corrige le fichier puis relance le serveur (ou recharge la fenêtre) ; ${meanwhile}.` };
  }
}
