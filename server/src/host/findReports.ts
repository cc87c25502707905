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
  /**
   * Documents of another kind found in the folders (a report handed in as Word or PDF), with
   * what they are: listed among the others, so a student who did not write in Markdown is seen.
   * Only in folders that hold no Markdown file: beside a report, a PDF or a Word file is its
   * export, an annex or a datasheet.
   */
  documents: { file: string; reason: string }[];
}

/** Documents a report may have been handed in as instead of Markdown, by extension. */
const DOCUMENT_KINDS: Record<string, string> = {
  docx: 'document Word (.docx)',
  doc: 'document Word (.doc)',
  odt: 'document LibreOffice (.odt)',
  pdf: 'document PDF',
  rtf: 'document RTF',
  pages: 'document Pages',
};

/** "document Word (.docx), pas un rapport en Markdown" for a document's name, or undefined. */
export function documentKind(name: string): string | undefined {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  const kind = ext ? DOCUMENT_KINDS[ext] : undefined;
  return kind ? `${kind}, pas un rapport en Markdown` : undefined;
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
  const out: FoundReports = { files: [], unreadable: [], documents: [] };
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
    const hasMarkdown = entries.some((x) => isMarkdownName(x.name) && !x.name.startsWith('.'));
    for (const e of entries.sort(byName)) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
        walk(path);
      } else if (!e.name.startsWith('.') && !isMarkdownName(e.name) && documentKind(e.name) && e.isFile()) {
        // Only in a folder with no Markdown file: beside a report, a PDF or a Word file is its
        // export, an annex or a datasheet, not a report handed in another way.
        if (!hasMarkdown) out.documents.push({ file: path, reason: documentKind(e.name)! });
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
