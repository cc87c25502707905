// writeExport, as the editor's export command and the CLI call it.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputExists, writeExport } from '../../server/src/export/write';

describe('writeExport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-write-'));

  it('never writes over a Markdown file, even when asked to replace', () => {
    const report = join(dir, 'rapport.md');
    writeFileSync(report, '# Mon rapport\n');
    for (const path of [report, join(dir, 'autre.MARKDOWN')]) {
      expect(() => writeExport(path, Buffer.from('%PDF-1.7'), true)).toThrow(/est un fichier Markdown \(le rapport \?\) : l'export ne l'écrase jamais/);
    }
    expect(readFileSync(report, 'utf8')).toBe('# Mon rapport\n');
    expect(existsSync(join(dir, 'autre.MARKDOWN'))).toBe(false);
  });

  it('keeps an existing file without force, replaces it with force', () => {
    const pdf = join(dir, 'rapport.pdf');
    writeFileSync(pdf, 'ancien');
    expect(() => writeExport(pdf, Buffer.from('nouveau'), false)).toThrow(OutputExists);
    expect(readFileSync(pdf, 'utf8')).toBe('ancien');
    writeExport(pdf, Buffer.from('nouveau'), true);
    expect(readFileSync(pdf, 'utf8')).toBe('nouveau');
  });

  it('says in French why a file cannot be written, naming it and not its temporary file', () => {
    const target = join(dir, 'absent', 'rapport.pdf');
    expect(() => writeExport(target, Buffer.from('x'), false)).toThrow(`impossible d'écrire « ${target} » : dossier introuvable`);
    expect(() => writeExport(dir, Buffer.from('x'), true)).toThrow("c'est un dossier : donne un nom de fichier");
  });
});
