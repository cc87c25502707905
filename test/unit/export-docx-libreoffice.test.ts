// The Word export opened by a real word processor: LibreOffice headless (Debian's
// libreoffice-writer-nogui) converts the DOCX to PDF; the PDF's pages are read back with
// pdftotext. Runs when soffice and pdftotext are installed (the bench, bench/export-docx.mjs,
// compares the page counts with the PDF export); otherwise the suite says it is skipped.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { renderDocx } from '../../server/src/export/docx';
import { analyzeText, repoRoot } from './helpers';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const available = has('soffice') && has('pdftotext') && has('pdfinfo');
if (!available) console.warn('LibreOffice (soffice) ou poppler-utils absent : test de conversion DOCX → PDF ignoré.');

describe.skipIf(!available)('DOCX opened by LibreOffice', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'rapport-docx-lo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('converts the example report; the sommaire numbers are the pages LibreOffice lays the headings on', async () => {
    const text = readFileSync(join(repoRoot, 'examples', 'rapport-cpi.md'), 'utf8');
    const { model } = analyzeText(text);
    const out = await renderDocx(model, {}, () => ({ ok: false, reason: 'fichier introuvable' }));
    const docx = join(dir, 'rapport.docx');
    writeFileSync(docx, out.bytes);
    const r = spawnSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'pdf', '--outdir', dir, docx], {
      encoding: 'utf8',
      timeout: 170_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const pdf = join(dir, 'rapport.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)![1]);
    const xml = strFromU8(unzipSync(new Uint8Array(out.bytes))['word/document.xml']!);
    const sdt = /<w:sdtContent>([\s\S]*?)<\/w:sdtContent>/.exec(xml)![1]!;
    const entries = [...sdt.matchAll(/<w:t xml:space="preserve">([^<]+)<\/w:t><\/w:r><w:r><w:tab\/>[\s\S]*?PAGEREF[\s\S]*?<w:t xml:space="preserve">(\d+)<\/w:t>/g)].map((m) => ({
      title: m[1]!.replace(/&apos;/g, "'").replace(/&amp;/g, '&'),
      page: Number(m[2]),
    }));
    expect(entries.length).toBeGreaterThan(5);
    expect(Math.max(...entries.map((e) => e.page))).toBeLessThanOrEqual(pages);
    // Each level-1 entry's heading is at the top of the page the sommaire gives, in LibreOffice's layout.
    const pageText = (n: number) => spawnSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    for (const e of entries.filter((x) => /^(\d+\. )?[A-ZÉ]/.test(x.title)).slice(0, 6)) {
      expect(pageText(e.page).replace(/\s+/g, ' ')).toContain(e.title.replace(/\s+/g, ' '));
    }
    // The cover has no page number; the next page shows "2" in its footer.
    expect(pageText(1)).not.toMatch(/^\s*1\s*$/m);
    expect(pageText(2)).toMatch(/^\s*2\s*$/m);
  }, 180_000);
});
