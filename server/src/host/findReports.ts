// The Markdown files under the folders a teacher names (`rapport-bts classe DIR|FILE...`):
// folders are searched recursively for `.md` files, skipping `node_modules`, hidden folders and
// hidden files (`._rapport.md`, the macOS copy of a file's attributes, is no report); a named file
// is taken as it is (reading it later says why it cannot be read, if so). A file named twice
// (`rapports` and `./rapports/alice.md`) is one row.
// Symbolic links to folders are not followed (no loops); links to files are.

import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';

export interface FoundReports {
  files: string[];
  /** Folders that could not be listed, with the French reason. */
  unreadable: { file: string; reason: string }[];
}

const byName = (a: Dirent, b: Dirent) => a.name.localeCompare(b.name, 'fr', { numeric: true });

export function isMarkdownName(name: string): boolean {
  return /\.md$/i.test(name);
}

/** Whether `path` is a folder (false when it cannot be looked at). */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function findReports(inputs: readonly string[]): FoundReports {
  const out: FoundReports = { files: [], unreadable: [] };
  const seen = new Set<string>();
  const add = (f: string) => {
    const key = resolve(f);
    if (!seen.has(key)) {
      seen.add(key);
      out.files.push(f);
    }
  };
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      out.unreadable.push({ file: dir, reason: `dossier illisible (${code === 'EACCES' || code === 'EPERM' ? 'lecture refusée' : (e as Error).message})` });
      return;
    }
    for (const e of entries.sort(byName)) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
        walk(path);
      } else if (isMarkdownName(e.name) && !e.name.startsWith('.')) {
        if (e.isFile()) add(path);
        else if (e.isSymbolicLink()) {
          try {
            if (statSync(path).isFile()) add(path);
          } catch {
            add(path); // a dangling link: reading it says "fichier introuvable"
          }
        }
      }
    }
  };
  for (const input of inputs) {
    if (isFolder(input)) walk(input);
    else add(input);
  }
  return out;
}
