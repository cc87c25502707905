// Reads the profile files from a folder (host side: CLI, server, tests).

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRegistry } from './registry';
import type { ProfileRegistry } from '../core/types';

export function loadProfilesFrom(dir: string): ProfileRegistry {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  return createRegistry(files.map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') })));
}

/** The profiles folder: next to the bundle (dist/profiles) or in the sources. */
export function defaultProfilesDir(baseDir: string): string {
  const candidates = [join(baseDir, 'profiles'), join(baseDir, '..', 'profiles'), join(baseDir, '..', 'server', 'src', 'profiles'), baseDir];
  for (const c of candidates) {
    if (existsSync(join(c, 'cpi.yaml'))) return c;
  }
  throw new Error(`profils introuvables depuis ${baseDir}`);
}
