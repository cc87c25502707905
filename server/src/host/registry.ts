// What the two hosts (CLI, language server) share: the profiles on disk and the analysis entry.

import { defaultProfilesDir, loadProfilesFrom } from '../profiles/load';
import type { ProfileRegistry } from '../core/types';

let registry: ProfileRegistry | undefined;

export function getRegistry(): ProfileRegistry {
  registry ??= loadProfilesFrom(defaultProfilesDir(__dirname));
  return registry;
}
