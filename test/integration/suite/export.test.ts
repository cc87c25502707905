// The export command in a real VS Code: "Rapport : Exporter en PDF" writes the PDF next to the
// report; the status bar then shows the exact page count, the one of the PDF (read back from the
// file with pdfinfo), without "≈"; an edit makes it an estimate again. "Exporter en Word" writes
// the .docx, whose sommaire gives the pages of the exact count and of the PDF.

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { strFromU8, unzipSync } from 'fflate';
import * as vscode from 'vscode';
import { api, closeAllEditors, freshCopy, waitFor, waitForSummary, workspaceFolder } from './helpers';

function pdfPages(file: string): number {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const m = /^Pages:\s+(\d+)/m.exec(out);
  assert.ok(m, `pdfinfo gave no page count for ${file}: ${out}`);
  return Number(m[1]);
}

suite('Export and exact pages', () => {
  teardown(async () => {
    await closeAllEditors();
  });

  test('the export command writes the PDF; the status bar then shows its exact page count', async function () {
    this.timeout(90_000);
    const a = await api();
    const uri = await freshCopy('stage-complet.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitForSummary(uri, 'the server to analyse the report');

    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('rapportBts.exportPdf'), 'the export command is not registered');
    const reply = (await vscode.commands.executeCommand('rapportBts.exportPdf', uri, { quiet: true })) as
      | { ok: boolean; path: string; pages: number | null; message?: string }
      | undefined;
    assert.ok(reply?.ok, `export failed: ${JSON.stringify(reply)}`);
    const pdf = uri.fsPath.replace(/\.md$/, '.pdf');
    assert.equal(reply.path, pdf);
    assert.ok(existsSync(pdf), 'no PDF next to the report');
    const pages = pdfPages(pdf);
    assert.equal(reply.pages, pages);

    // The exact figures of the open text: the summary and the status bar, without "≈".
    const summary = await waitFor(
      'the exact page figures of the report',
      () => {
        const s = a.summaryOf(uri);
        return s?.pages.exact ? s : undefined;
      },
      [a.onDidUpdateSummary],
      () => `summary now: ${JSON.stringify(a.summaryOf(uri)?.pages)}`,
      30_000,
    );
    assert.equal(summary.pages.document, pages, 'the exact document count differs from the PDF');
    const annexes = summary.pages.sections.find((s) => s.id === 'annexes');
    assert.ok(annexes?.startPage, 'the annexes have no start page');
    assert.equal(summary.pages.body, annexes.startPage - 1, 'the body is not the pages before the annexes');
    const text = await waitFor(
      'the status bar to show the exact count',
      () => {
        const t = a.statusBarText();
        return t && !t.includes('≈') && t.includes(`CPI · ${summary.pages.body} / 40 p.`) ? t : undefined;
      },
      [a.onDidUpdateSummary, vscode.window.onDidChangeActiveTextEditor],
      () => `status bar text now: ${JSON.stringify(a.statusBarText())}`,
    );
    assert.doesNotMatch(text, /≈/);

    // An edit: the figures are estimates again at once (≈), then exact again after the pause.
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount - 1, 0), 'Une phrase de plus.\n'));
    await waitFor(
      'the status bar to show an estimate after the edit',
      () => (a.statusBarText()?.includes('≈') ? true : undefined),
      [a.onDidUpdateSummary],
      () => `status bar text now: ${JSON.stringify(a.statusBarText())}`,
    );
    await waitFor(
      'the exact count again after the pause',
      () => (a.summaryOf(uri)?.pages.exact && !a.statusBarText()?.includes('≈') ? true : undefined),
      [a.onDidUpdateSummary],
      () => `status bar text now: ${JSON.stringify(a.statusBarText())}`,
      30_000,
    );
  });

  test('the Word export writes the .docx; its sommaire gives the pages of the exact count and of the PDF', async function () {
    this.timeout(90_000);
    const a = await api();
    const uri = await freshCopy('stage-complet.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitForSummary(uri, 'the server to analyse the report');
    const reply = (await vscode.commands.executeCommand('rapportBts.exportDocx', uri, { quiet: true })) as
      | { ok: boolean; path: string; message?: string }
      | undefined;
    assert.ok(reply?.ok, `Word export failed: ${JSON.stringify(reply)}`);
    const docx = uri.fsPath.replace(/\.md$/, '.docx');
    assert.equal(reply.path, docx);
    assert.ok(existsSync(docx), 'no .docx next to the report');
    const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(docx)))['word/document.xml']!);
    const toc = /<w:sdtContent>([\s\S]*?)<\/w:sdtContent>/.exec(xml)?.[1] ?? '';
    const decode = (t: string) => t.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const entries = [...toc.matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].flatMap((m) => {
      const level = /w:pStyle w:val="TOC(\d)"/.exec(m[0])?.[1];
      const title = decode([...m[0].split('<w:tab/>')[0]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')).trim();
      const num = /PAGEREF[^<]*<\/w:instrText><w:fldChar w:fldCharType="separate"\/>(?:<w:t[^>]*>(\d+)<\/w:t>)?/.exec(m[0]);
      return num && title ? [{ level: Number(level), title, page: num[1] ? Number(num[1]) : null }] : [];
    });
    assert.ok(entries.length > 5, `too few sommaire entries: ${JSON.stringify(entries)}`);
    assert.deepEqual(entries.filter((e) => e.page === null), [], 'sommaire entries left blank');

    // The exact figures of the same text: the Annexes entry is their start page.
    const summary = await waitFor(
      'the exact page figures of the report',
      () => {
        const s = a.summaryOf(uri);
        return s?.pages.exact ? s : undefined;
      },
      [a.onDidUpdateSummary],
      () => `summary now: ${JSON.stringify(a.summaryOf(uri)?.pages)}`,
      30_000,
    );
    const annexes = summary.pages.sections.find((s) => s.id === 'annexes');
    assert.ok(annexes?.startPage, 'the annexes have no start page');
    assert.equal(entries.find((e) => e.title === 'Annexes')?.page, annexes.startPage, `sommaire: ${JSON.stringify(entries)}`);
    // And the PDF of the same report has each level-1 heading on the page the Word sommaire gives.
    const pdfReply = (await vscode.commands.executeCommand('rapportBts.exportPdf', uri, { quiet: true, force: true })) as { ok: boolean; path: string } | undefined;
    assert.ok(pdfReply?.ok, `PDF export failed: ${JSON.stringify(pdfReply)}`);
    for (const e of entries.filter((x) => x.level === 1)) {
      const page = execFileSync('pdftotext', ['-f', String(e.page), '-l', String(e.page), pdfReply.path, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      assert.ok(page.replace(/\s+/g, ' ').includes(e.title.replace(/\s+/g, ' ')), `« ${e.title} » is not on page ${e.page} of the PDF`);
    }
  });

  test('the Word export puts the frame, and a warning, in place of a JPEG whose data cannot be decoded', async function () {
    this.timeout(90_000);
    // A photo whose segments are all whole but whose Huffman tables count more than 256 codes:
    // its size reads, only decoding finds it (the editor's diagnostics cannot).
    const width = 120;
    const height = 80;
    const pixels = Buffer.alloc(width * height * 4, 200);
    const good = Buffer.from(jpeg.encode({ data: pixels, width, height }, 90).data);
    const bad = Buffer.from(good);
    const dht = bad.indexOf(Buffer.from([0xff, 0xc4]));
    assert.ok(dht > 0, 'no Huffman table in the JPEG');
    for (let k = 0; k < 16; k++) bad[dht + 5 + k] = 0xff;
    const dir = workspaceFolder().uri.fsPath;
    const tag = Math.random().toString(36).slice(2, 8);
    writeFileSync(join(dir, `bonne-${tag}.jpg`), good);
    writeFileSync(join(dir, `abimee-${tag}.jpg`), bad);
    const file = join(dir, `photo-abimee-${tag}.md`);
    writeFileSync(file, ['---', 'bts: sn', '---', '', '# Présentation', '', '![Bonne](bonne-' + tag + '.jpg)', '', '![Abîmée](abimee-' + tag + '.jpg)', ''].join('\n'));
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitForSummary(uri, 'the server to analyse the report');
    const reply = (await vscode.commands.executeCommand('rapportBts.exportDocx', uri, { quiet: true })) as
      | { ok: boolean; path: string; warnings?: string[]; message?: string }
      | undefined;
    assert.ok(reply?.ok, `Word export failed: ${JSON.stringify(reply)}`);
    assert.deepEqual(reply.warnings, [`image « abimee-${tag}.jpg » : image endommagée (illisible pour la mise en page) (un cadre la remplace)`]);
    const files = unzipSync(new Uint8Array(readFileSync(reply.path)));
    const paragraphs = strFromU8(files['word/document.xml']!)
      .split('</w:p>')
      .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
    // The frame: the path, then why, in the paragraph below.
    const at = paragraphs.indexOf(`Image inutilisable : abimee-${tag}.jpg`);
    assert.ok(at >= 0, paragraphs.join('\n'));
    assert.equal(paragraphs[at + 1], 'image endommagée (illisible pour la mise en page)');
    assert.equal(Object.keys(files).filter((f) => f.startsWith('word/media/')).length, 1, 'the good photo, alone, goes in');
  });
});
