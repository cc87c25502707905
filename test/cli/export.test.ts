// `rapport-bts export` and `check --exact`, run as a person runs them, with the PDF read back
// from the file itself (pdfinfo, pdffonts, pdftotext from poppler-utils).

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { png } from '../../bench/png.mjs';
import jpeg from 'jpeg-js';
import { unzipSync } from 'fflate';
import { crc32, createDeflate } from 'node:zlib';
import { frNumber } from '../../server/src/core/text/numbers';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');

function run(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function pdfPages(file: string): number {
  const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  const m = /^Pages:\s+(\d+)/m.exec(r.stdout);
  if (!m) throw new Error(`pdfinfo cannot read ${file}: ${r.stderr}`);
  return Number(m[1]);
}

const pdftext = (file: string, first?: number, last?: number) =>
  spawnSync('pdftotext', [...(first ? ['-f', String(first), '-l', String(last ?? first)] : []), '-layout', file, '-'], { encoding: 'utf8' }).stdout;

/** The PDF's text as the student reads it, white space made single spaces. */
const shownIn = (pdf: string) => pdftext(pdf).replace(/\s+/g, ' ');

/** A .docx's body text (the runs of each paragraph joined, one line a paragraph) and its embedded media files. */
function wordOf(file: string): { text: string; media: string[] } {
  const files = unzipSync(readFileSync(file));
  const text = Buffer.from(files['word/document.xml']!)
    .toString('utf8')
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n');
  return { text, media: Object.keys(files).filter((f) => f.startsWith('word/media/')) };
}

const tmp = mkdtempSync(join(tmpdir(), 'rapport-export-'));
const example = join(root, 'examples', 'rapport-cpi.md');

describe('rapport-bts export', () => {
  const dir = join(tmp, 'one');
  mkdirSync(dir);
  const report = join(dir, 'rapport-cpi.md');
  copyFileSync(example, report);
  const pdf = join(dir, 'rapport-cpi.pdf');

  it('writes the PDF next to the report, with the pages it says', () => {
    const r = run(['export', report]);
    expect(r.stderr).toMatch(/image « images\/support-von-mises\.png » : fichier introuvable/);
    expect(r.status).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const n = pdfPages(pdf);
    expect(r.stdout).toContain(`rapport-cpi.md → ${pdf} (${n} pages)`);
    // The cover, without a page number; the sommaire with dot leaders and page numbers.
    const cover = pdftext(pdf, 1);
    expect(cover).toMatch(/Conception d'un support moteur allégé/);
    expect(cover).toMatch(/Léa MARTIN/);
    expect(cover).toMatch(/BTS Conception des Produits Industriels/);
    expect(cover).toMatch(/du 5 janvier au 27 février 2026/);
    expect(cover).not.toMatch(/^\s*1\s*$/m);
    const all = pdftext(pdf);
    expect(all).toMatch(/Sommaire[\s\S]*1\. Introduction[\s.\u2060]{10,}4\n/);
    expect(all).toMatch(/Image introuvable : images\/support-von-mises\.png/);
    expect(all).not.toMatch(/<!--|-->/);
  });

  it('keeps an existing file: exit 2 with a French message, the file untouched', () => {
    const before = readFileSync(pdf);
    const mtime = statSync(pdf).mtimeMs;
    const r = run(['export', report]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/existe déjà : il est conservé \(--force pour le remplacer\)/);
    expect(readFileSync(pdf).equals(before)).toBe(true);
    expect(statSync(pdf).mtimeMs).toBe(mtime);
  });

  it('replaces it with --force, and writes to --output', () => {
    writeFileSync(pdf, 'ancien');
    expect(run(['export', report, '--force']).status).toBe(0);
    expect(pdfPages(pdf)).toBeGreaterThan(5);
    const other = join(dir, 'copie.pdf');
    expect(run(['export', report, '--output', other]).status).toBe(0);
    expect(pdfPages(other)).toBe(pdfPages(pdf));
  });

  it('fails with exit 1 and leaves no partial file when the file cannot be written', () => {
    const target = join(dir, 'absent', 'x.pdf');
    const r = run(['export', report, '--output', target]);
    expect(r.status).toBe(1);
    // In French, naming the file asked for, not the temporary one.
    expect(r.stderr).toContain(`export impossible : impossible d'écrire « ${target} » : dossier introuvable`);
    expect(r.stderr).not.toMatch(/ENOENT|\.tmp/);
    expect(existsSync(join(dir, 'absent'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const folder = join(dir, 'un-dossier.pdf');
    mkdirSync(folder, { recursive: true });
    const onFolder = run(['export', report, '--output', folder, '--force']);
    expect(onFolder.status).toBe(1);
    expect(onFolder.stderr).toContain("c'est un dossier");
  });

  it('--output - writes the file on standard output, and no file named « - »', () => {
    const r = spawnSync(process.execPath, [cli, 'export', report, '--output', '-'], { cwd: dir, maxBuffer: 1 << 28 });
    expect(r.status).toBe(0);
    expect(r.stdout.subarray(0, 5).toString()).toBe('%PDF-');
    const w = spawnSync(process.execPath, [cli, 'export', report, '--output', '-', '--format', 'docx'], { cwd: dir, maxBuffer: 1 << 28 });
    expect(w.stdout.subarray(0, 2).toString()).toBe('PK');
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('never writes over the report, even with --force, and never a PDF into a .docx', () => {
    const copy = join(dir, 'meme.md');
    copyFileSync(report, copy);
    const before = readFileSync(copy, 'utf8');
    for (const format of [[], ['--format', 'pdf'], ['--format', 'docx']]) {
      const r = run(['export', copy, '--output', copy, '--force', ...format]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--output « .*meme\.md » ne finit pas par \.(pdf|docx)/);
    }
    expect(readFileSync(copy, 'utf8')).toBe(before);
    // The extension chooses the format when --format is not given; the two never disagree.
    const word = join(dir, 'choisi.docx');
    expect(run(['export', report, '--output', word]).status).toBe(0);
    expect(readFileSync(word).subarray(0, 2).toString()).toBe('PK');
    const mismatch = run(['export', report, '--output', join(dir, 'faux.docx'), '--format', 'pdf']);
    expect(mismatch.status).toBe(2);
    expect(mismatch.stderr).toContain('ne finit pas par .pdf : nomme-le « faux.pdf »');
    expect(existsSync(join(dir, 'faux.docx'))).toBe(false);
  });

  it('rejects bad usage with exit 2', () => {
    expect(run(['export']).status).toBe(2);
    expect(run(['export', report, example, '--output', join(dir, 'y.pdf')]).status).toBe(2);
    expect(run(['export', report, '--format', 'odt']).status).toBe(2);
    expect(run(['export', '--help']).status).toBe(0);
  });
});

describe('check --exact equals the exported PDF', () => {
  // Every report of test/ and every template, exported and counted.
  const sources = [
    ...readdirSync(join(root, 'templates')).map((f) => join(root, 'templates', f)),
    ...readdirSync(join(root, 'test', 'fixtures'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.md'))
      .map((f) => join(root, 'test', 'fixtures', f)),
    example,
  ];
  const dir = join(tmp, 'all');
  mkdirSync(dir);
  const copies = sources.map((s, i) => {
    const to = join(dir, `${i}-${basename(s)}`);
    copyFileSync(s, to);
    return to;
  });

  it('for each report, document = pdfinfo pages and each section starts on the page the PDF shows', () => {
    const checked = run(['check', '--exact', '--format', 'json', ...copies]);
    expect(checked.stderr).not.toMatch(/mise en page impossible/);
    const files = JSON.parse(checked.stdout).files as {
      file: string;
      bts: string | null;
      pages: { exact: boolean; document: number; body: number; sections: { title: string; startPage: number; pages: number }[] };
    }[];
    const reports = files.filter((f) => f.bts !== null);
    expect(reports.length).toBeGreaterThanOrEqual(30);
    const exported = run(['export', ...reports.map((f) => f.file)]);
    expect(exported.status).toBe(0);
    let sectionsChecked = 0;
    for (const f of reports) {
      const pdf = f.file.replace(/\.md$/, '.pdf');
      expect(f.pages.exact, f.file).toBe(true);
      expect(f.pages.document, f.file).toBe(pdfPages(pdf));
      expect(Number.isInteger(f.pages.body)).toBe(true);
      expect(f.pages.body).toBeLessThanOrEqual(f.pages.document);
      for (const s of f.pages.sections) {
        expect(s.startPage, `${f.file} ${s.title}`).toBeGreaterThanOrEqual(1);
        // A heading of a section written in the report is on its start page.
        const title = s.title.replace(/<!--[\s\S]*?-->/g, '').replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();
        if (s.title !== 'Page de couverture' && title.length > 3) {
          const page = pdftext(pdf, s.startPage).replace(/\s+/g, ' ');
          expect(page, `${f.file}: « ${title} » p. ${s.startPage}`).toContain(title.slice(0, 25));
          sectionsChecked++;
        }
      }
    }
    expect(sectionsChecked).toBeGreaterThan(50);
  }, 240_000);
});

describe('\\newpage and \\pagebreak', () => {
  it('are page breaks in the PDF, and check --exact counts the pages the PDF has', () => {
    const dir = join(tmp, 'newpage');
    mkdirSync(dir);
    const report = join(dir, 'r.md');
    writeFileSync(
      report,
      ['---', 'bts: sn', '---', '', '# Introduction', '', 'Avant.', '', '\\newpage', '', '## Contexte', '', 'Milieu.', '', '\\pagebreak', '', '## Suite', '', 'Après.', ''].join('\n'),
    );
    const checked = JSON.parse(run(['check', '--exact', '--format', 'json', report]).stdout).files[0].pages as {
      exact: boolean;
      document: number;
      sections: { title: string; pages: number }[];
      extras: { title: string; pages: number }[];
    };
    expect(run(['export', report]).status).toBe(0);
    const pdf = join(dir, 'r.pdf');
    expect(checked.exact).toBe(true);
    // The cover, then Introduction, Contexte and Suite each on their own page.
    expect(pdfPages(pdf)).toBe(4);
    expect(checked.document).toBe(4);
    expect(pdftext(pdf)).not.toMatch(/newpage|pagebreak/);
    // Introduction (not a section of the SN profile) spans its three pages.
    expect([...checked.sections, ...checked.extras].find((s) => s.title === 'Introduction')?.pages).toBe(3);
    expect(pdftext(pdf, 3)).toMatch(/Contexte[\s\S]*Milieu\./);
    expect(pdftext(pdf, 4)).toMatch(/Suite[\s\S]*Après\./);
  });
});

describe('no system fonts', () => {
  // Hides every system font folder in a private mount namespace (root, util-linux unshare).
  const probe = spawnSync('unshare', ['--mount', 'true']);
  const canHide = probe.status === 0;
  it.skipIf(!canHide)('exports with the shipped fonts only', () => {
    const dir = join(tmp, 'nofonts');
    mkdirSync(dir);
    const report = join(dir, 'r.md');
    copyFileSync(example, report);
    const hide = ['/usr/share/fonts', '/usr/local/share/fonts', '/root/.fonts', '/root/.local/share/fonts']
      .filter((d) => existsSync(d))
      .map((d) => `mount -t tmpfs none ${d}`)
      .join(' && ');
    const script = `${hide} && ls -A /usr/share/fonts | wc -l && "${process.execPath}" "${cli}" export "${report}"`;
    const r = spawnSync('unshare', ['--mount', 'sh', '-c', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]!.trim()).toBe('0');
    const fonts = spawnSync('pdffonts', [join(dir, 'r.pdf')], { encoding: 'utf8' }).stdout;
    const names = fonts.split('\n').slice(2).filter(Boolean).map((l) => l.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => /^Liberation(Serif|Sans|Mono)/.test(n)), names.join(', ')).toBe(true);
    expect(names.some((n) => n.startsWith('LiberationSerif'))).toBe(true);
  });
});

describe('image-missing', () => {
  it('warns where an image cannot be exported: absent, outside the folder, not an image; not for a real one', () => {
    const dir = join(tmp, 'images');
    mkdirSync(join(dir, 'img'), { recursive: true });
    copyFileSync(join(root, 'media', 'icon.png'), join(dir, 'img', 'ok.png'));
    writeFileSync(join(dir, 'img', 'faux.png'), 'pas une image');
    const report = join(dir, 'r.md');
    writeFileSync(
      report,
      ['---', 'bts: sn', '---', '', '# Présentation', '', '![Bon](img/ok.png)', '', '![Absent](img/absent.png)', '', '![Faux](img/faux.png)', '', '![Dehors](../x.png)', '', '<img src="https://exemple.fr/a.png">', ''].join('\n'),
    );
    const r = run(['check', '--format', 'json', report]);
    const diags = (JSON.parse(r.stdout).files[0].diagnostics as { code: string; data: { src: string; reason: string }; range: { start: { line: number } } }[]).filter((d) => d.code === 'image-missing');
    expect(diags.map((d) => [d.data.src, d.range.start.line])).toEqual([
      ['img/absent.png', 8],
      ['img/faux.png', 10],
      ['../x.png', 12],
      ['https://exemple.fr/a.png', 14],
    ]);
    expect(diags[0]!.data.reason).toBe('fichier introuvable');
    expect(diags[1]!.data.reason).toMatch(/format non pris en charge/);
  });
});

describe('images in a table cell, a link or bold', () => {
  it('are figures after their block in the PDF and the Word document, never dropped', () => {
    const dir = join(tmp, 'images-imbriquees');
    mkdirSync(dir, { recursive: true });
    ['cellule', 'lien', 'gras'].forEach((name, i) => writeFileSync(join(dir, `${name}.png`), png(60 + i, 40, { gradient: true })));
    const report = join(dir, 'r.md');
    writeFileSync(
      report,
      // With the sizes pandoc writes after them: the figure's size, never text.
      ['---', 'bts: sn', '---', '', '# Présentation', '', '| Pièce | Photo |', '|---|---|', '| Support | ![Photo de la cellule](cellule.png){width=3cm} |', '',
        '[![Schéma cliquable](lien.png){width="2in" height="1.3in"}](https://exemple.fr)', '', '**Voir ![Image en gras](gras.png)**', ''].join('\n'),
    );
    expect(run(['export', report]).status).toBe(0);
    const shown = shownIn(join(dir, 'r.pdf'));
    for (const caption of ['Figure 1 : Photo de la cellule', 'Figure 2 : Schéma cliquable', 'Figure 3 : Image en gras']) expect(shown).toContain(caption);
    expect(shown).not.toMatch(/\{width|height=/);
    const images = spawnSync('pdfimages', ['-list', join(dir, 'r.pdf')], { encoding: 'utf8' }).stdout.trim().split('\n').slice(2);
    expect(images).toHaveLength(3);
    expect(run(['export', report, '--format', 'docx']).status).toBe(0);
    expect(wordOf(join(dir, 'r.docx')).media).toHaveLength(3);
    expect(wordOf(join(dir, 'r.docx')).text).not.toMatch(/\{width|height=/);
  });
});

describe('an en-tête that cannot be read', () => {
  it('a tab in the YAML: both exports are made and say why the cover is missing', () => {
    const dir = join(tmp, 'entete-illisible');
    mkdirSync(dir, { recursive: true });
    const report = join(dir, 'r.md');
    writeFileSync(report, ['---', 'bts: sn', 'auteur:', '\tnom: Martin', '---', '', '# Présentation', '', 'Le texte.', ''].join('\n'));
    for (const format of ['pdf', 'docx']) {
      const out = run(['export', report, '--format', format]);
      expect(out.status).toBe(0);
      expect(out.stderr).toMatch(/en-tête illisible \(ligne \d+\) : le document est exporté sans page de garde ni les réglages de l'en-tête/);
    }
    expect(shownIn(join(dir, 'r.pdf'))).toContain('Le texte.');
  });
});

describe('reports the analysis cannot read in full', () => {
  it('a signature line of 3,100 underscores is read in full and exported; a passage the parser would take seconds on refuses the export, in French, and writes no file', () => {
    const dir = join(tmp, 'lecture-partielle');
    mkdirSync(dir, { recursive: true });
    const base = ['---', 'bts: sn', '---', '', '# Présentation', '', 'Le texte de la présentation.', ''];
    const signature = join(dir, 'signature.md');
    writeFileSync(signature, [...base, `Signature du tuteur : ${'_'.repeat(3100)}`, '', '# Conclusion', '', 'Le texte de la conclusion.', ''].join('\n'));
    const checked = run(['check', '--format', 'json', signature]);
    expect((JSON.parse(checked.stdout).files[0].diagnostics as { code: string }[]).map((d) => d.code)).not.toContain('document-size');
    expect(run(['export', signature]).status).toBe(0);
    const text = shownIn(join(dir, 'signature.pdf'));
    expect(text).toContain('Le texte de la présentation.');
    expect(text).toContain('Le texte de la conclusion.');
    // 4,000 `*a`: micromark takes seconds on such a block, the analysis reads headings only.
    const odd = join(dir, 'etoiles.md');
    writeFileSync(odd, [...base, '*a'.repeat(4000), '', '# Conclusion', '', 'Le texte de la conclusion.', ''].join('\n'));
    for (const format of ['pdf', 'docx']) {
      const out = run(['export', odd, '--format', format]);
      expect(out.status).toBe(1);
      expect(out.stderr).toContain("export impossible : le rapport n'a pas pu être lu en entier (ligne 9), le document exporté n'en contiendrait que les titres.");
      expect(existsSync(join(dir, `etoiles.${format}`))).toBe(false);
    }
    // check --exact does not typeset it either: its findings stand, on the estimate.
    const exact = run(['check', '--exact', '--format', 'json', odd]);
    expect(exact.stderr).toBe('');
    const file = JSON.parse(exact.stdout).files[0];
    expect(file.pages.exact).toBe(false);
    expect(file.diagnostics.map((d: { code: string }) => d.code)).toContain('document-size');
    const classe = run(['classe', dir, '--exact', '--format', 'json']);
    expect(JSON.parse(classe.stdout).rows.map((r: { file: string }) => basename(r.file)).sort()).toEqual(['etoiles.md', 'signature.md']);
  });
});

describe('damaged images', () => {
  it('an SVG nested 5,000 deep, or linking to another image: check warns, and both exports put the frame in its place (the first crashed the process)', () => {
    const dir = join(tmp, 'svg-profond');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'profond.svg'), `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">${'<g>'.repeat(5000)}<rect width="10" height="10"/>${'</g>'.repeat(5000)}</svg>`);
    // Inkscape's linked image: the drawing names a file beside it instead of holding it.
    writeFileSync(join(dir, 'lie.svg'), '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="400" height="300"><image xlink:href="photo.jpg" width="200" height="150"/></svg>');
    const report = join(dir, 'r.md');
    writeFileSync(report, ['---', 'bts: sn', '---', '', '# Présentation', '', '![Profond](profond.svg)', '', '![Lié](lie.svg)', ''].join('\n'));
    const deep = `SVG trop complexe (${frNumber(5001)} niveaux d'éléments imbriqués, 500 au plus)`;
    const linked = 'SVG qui renvoie à une autre image (« photo.jpg ») : intègre-la au dessin (Inkscape : Incorporer) ou exporte le schéma en PNG';
    const r = run(['check', '--format', 'json', report]);
    const found = (JSON.parse(r.stdout).files[0].diagnostics as { code: string; data: { src: string; reason: string } }[]).filter((d) => d.code === 'image-missing');
    expect(found.map((d) => [d.data.src, d.data.reason])).toEqual([
      ['profond.svg', deep],
      ['lie.svg', linked],
    ]);
    for (const format of ['pdf', 'docx']) {
      const out = run(['export', report, '--format', format]);
      expect(out.status, out.stderr).toBe(0);
      expect(out.stderr).toContain(`image « profond.svg » : ${deep} (un cadre la remplace)`);
      expect(out.stderr).toContain(`image « lie.svg » : ${linked} (un cadre la remplace)`);
    }
    expect(shownIn(join(dir, 'r.pdf'))).toContain('Image inutilisable : profond.svg SVG trop complexe');
  });

  it('a PNG of a few hundred KB that says 225 million pixels: check warns, the PDF and Word exports put the frame in its place', async () => {
    // 15,000 × 15,000 grey pixels of one colour: 225 million pixels (more than a 200-megapixel
    // photo, the most the export decodes), a few hundred KB of file. At 40,000 × 40,000 RGB
    // (4.6 MB of file) the typesetting took 4.8 GB and aborted the process.
    const dir = join(tmp, 'trop-grande');
    mkdirSync(dir, { recursive: true });
    const side = 15_000;
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const out = Buffer.alloc(body.length + 8);
      out.writeUInt32BE(data.length, 0);
      body.copy(out, 4);
      out.writeUInt32BE(crc32(body) >>> 0, body.length + 4);
      return out;
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(side, 0);
    ihdr.writeUInt32BE(side, 4);
    ihdr[8] = 8; // 8 bits, grey (colour type 0)
    // The image data compressed row by row (a filter byte and the row's zeros), never whole in memory.
    const deflate = createDeflate({ level: 1 });
    const parts: Buffer[] = [];
    deflate.on('data', (d: Buffer) => parts.push(d));
    const done = new Promise((resolve) => deflate.on('end', resolve));
    const row = Buffer.alloc(side + 1);
    for (let y = 0; y < side; y++) if (!deflate.write(row)) await new Promise((r) => deflate.once('drain', r));
    deflate.end();
    await done;
    const big = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.concat(parts)), chunk('IEND', Buffer.alloc(0))]);
    expect(big.length).toBeLessThan(1_000_000);
    writeFileSync(join(dir, 'plan.png'), big);
    const report = join(dir, 'r.md');
    writeFileSync(report, ['---', 'bts: sn', '---', '', '# Présentation', '', '![Plan](plan.png)', ''].join('\n'));
    const reason = 'image trop grande (225 millions de pixels, 210 millions au plus) : réduis-la';
    const r = run(['check', '--format', 'json', report]);
    const found = (JSON.parse(r.stdout).files[0].diagnostics as { code: string; data: { src: string; reason: string } }[]).filter((d) => d.code === 'image-missing');
    expect(found.map((d) => [d.data.src, d.data.reason])).toEqual([['plan.png', reason]]);
    const pdf = run(['export', report, '--format', 'pdf']);
    expect(pdf.status).toBe(0);
    expect(pdf.stderr).toContain(`image « plan.png » : ${reason} (un cadre la remplace)`);
    expect(shownIn(join(dir, 'r.pdf'))).toContain('Image inutilisable : plan.png image trop grande');
    const word = run(['export', report, '--format', 'docx']);
    expect(word.status).toBe(0);
    expect(word.stderr).toContain(`image « plan.png » : ${reason} (un cadre la remplace)`);
    const docx = wordOf(join(dir, 'r.docx'));
    expect(docx.text).toContain(`Image inutilisable : plan.png\n${reason}`);
    expect(docx.media).toHaveLength(0);
  });

  it('an SVG cut short: the PDF and the Word document are made, with the frame and a French warning in its place', () => {
    const dir = join(tmp, 'svg-coupe');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'schema.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="50" height="50"');
    const report = join(dir, 'r.md');
    writeFileSync(report, ['---', 'bts: sn', '---', '', '# Présentation', '', '![Schéma](schema.svg)', ''].join('\n'));
    const warning = 'image « schema.svg » : image endommagée (illisible pour la mise en page) (un cadre la remplace)';
    const pdf = run(['export', report, '--format', 'pdf']);
    expect(pdf.stderr).not.toMatch(/export impossible|failed|parse/i);
    expect(pdf.status).toBe(0);
    expect(pdf.stderr).toContain(warning);
    expect(shownIn(join(dir, 'r.pdf'))).toContain('Image inutilisable : schema.svg image endommagée (illisible pour la mise en page)');
    const exact = run(['check', '--exact', report]);
    expect(exact.stdout).toMatch(/comptées sur le document exporté/);
    const word = run(['export', report, '--format', 'docx']);
    expect(word.status).toBe(0);
    expect(word.stderr).toContain(warning);
    expect(wordOf(join(dir, 'r.docx')).media).toHaveLength(0);
  });

  it('a PNG with altered data or cut short: image-missing says so, and check --exact and export put the frame in its place', () => {
    const dir = join(tmp, 'abimees');
    mkdirSync(dir, { recursive: true });
    const good = png(120, 80, { gradient: true });
    // A byte of the image data changed (its chunk's CRC no longer matches), and a copy cut short.
    const altered = Buffer.from(good);
    const idat = altered.indexOf('IDAT');
    altered[idat + 10] = altered[idat + 10]! ^ 0xff;
    writeFileSync(join(dir, 'bonne.png'), good);
    writeFileSync(join(dir, 'alteree.png'), altered);
    writeFileSync(join(dir, 'coupee.png'), good.subarray(0, good.length - 20));
    const report = join(dir, 'r.md');
    writeFileSync(report, ['---', 'bts: sn', '---', '', '# Présentation', '', '![Bonne](bonne.png)', '', '![Altérée](alteree.png)', '', '![Coupée](coupee.png)', ''].join('\n'));
    const r = run(['check', '--format', 'json', report]);
    const reasons = (JSON.parse(r.stdout).files[0].diagnostics as { code: string; data: { src: string; reason: string } }[])
      .filter((d) => d.code === 'image-missing')
      .map((d) => [d.data.src, d.data.reason]);
    expect(reasons).toEqual([
      ['alteree.png', 'image endommagée (données du PNG altérées)'],
      ['coupee.png', 'image endommagée (fichier PNG tronqué)'],
    ]);
    const exact = run(['check', '--exact', report]);
    expect(exact.status).toBe(1); // the frontmatter and section errors of this stub, not a failure (2)
    expect(exact.stdout).toMatch(/comptées sur le document exporté/);
    expect(exact.stderr).not.toMatch(/decode|failed|CRC/i);
    const out = run(['export', report, '--format', 'pdf']);
    expect(out.status).toBe(0);
    expect(out.stderr).toContain('image « alteree.png » : image endommagée');
    expect(existsSync(join(dir, 'r.pdf'))).toBe(true);
    // What the student reads in the PDF: the file is there, the frame says it is damaged.
    const shown = shownIn(join(dir, 'r.pdf'));
    expect(shown).toContain('Image inutilisable : alteree.png image endommagée (données du PNG altérées)');
    expect(shown).toContain('Image inutilisable : coupee.png image endommagée (fichier PNG tronqué)');
    expect(shown).not.toContain('Image introuvable');
    // And in the Word document.
    const word = run(['export', report, '--format', 'docx']);
    expect(word.status).toBe(0);
    const wordText = wordOf(join(dir, 'r.docx')).text;
    expect(wordText).toContain('Image inutilisable : coupee.png\nimage endommagée (fichier PNG tronqué)');
    expect(wordText).not.toContain('Image introuvable');
  });

  it('a JPEG cut short is image-missing; one whole but whose tables do not decode gets the frame and a French warning, no English error', () => {
    const dir = join(tmp, 'jpeg-coupe');
    mkdirSync(dir, { recursive: true });
    const width = 300;
    const height = 200;
    const pixels = Buffer.alloc(width * height * 4);
    for (let i = 0; i < width * height; i++) pixels.set([(i % width) & 0xff, (i / width) & 0xff, 128, 255], i * 4);
    const whole = jpeg.encode({ data: pixels, width, height }, 90).data;
    writeFileSync(join(dir, 'entiere.jpg'), whole);
    // A copy cut in its scan data: the size reads, the picture would come out grey from the cut down.
    writeFileSync(join(dir, 'coupee.jpg'), whole.subarray(0, Math.floor(whole.length * 0.7)));
    // Every segment whole, but Huffman tables counting more than 256 codes: only decoding finds it.
    const dht = whole.indexOf(Buffer.from([0xff, 0xc4]));
    expect(dht).toBeGreaterThan(0);
    const tables = Buffer.from(whole);
    for (let k = 0; k < 16; k++) tables[dht + 5 + k] = 0xff;
    writeFileSync(join(dir, 'tables.jpg'), tables);
    const report = join(dir, 'r.md');
    writeFileSync(report, ['---', 'bts: sn', '---', '', '# Présentation', '', '![Entière](entiere.jpg)', '', '![Coupée](coupee.jpg)', '', '![Tables](tables.jpg)', ''].join('\n'));
    const r = run(['check', '--format', 'json', report]);
    const reasons = (JSON.parse(r.stdout).files[0].diagnostics as { code: string; data: { src: string; reason: string } }[])
      .filter((d) => d.code === 'image-missing')
      .map((d) => [d.data.src, d.data.reason]);
    expect(reasons).toEqual([['coupee.jpg', 'image endommagée (fichier JPEG tronqué)']]);
    const exact = run(['check', '--exact', report]);
    expect(exact.status).toBe(1);
    expect(exact.stdout).toMatch(/comptées sur le document exporté/);
    expect(exact.stderr).not.toMatch(/decode|failed|Marker/i);
    const out = run(['export', report, '--format', 'pdf']);
    expect(out.status).toBe(0);
    expect(out.stderr).toContain('image « coupee.jpg » : image endommagée (fichier JPEG tronqué)');
    expect(out.stderr).toContain('image « tables.jpg » : image endommagée (illisible pour la mise en page) (un cadre la remplace)');
    expect(out.stderr).not.toContain('entiere.jpg');
    expect(out.stderr).not.toMatch(/decode|failed|Marker/i);
    const shown = shownIn(join(dir, 'r.pdf'));
    expect(shown).toContain('Image inutilisable : coupee.jpg image endommagée (fichier JPEG tronqué)');
    expect(shown).toContain('Image inutilisable : tables.jpg image endommagée (illisible pour la mise en page)');
    expect(shown).not.toContain('Image introuvable');
    // The Word document, made without typesetting the report (no sommaire): the undecodable JPEG
    // gets the frame too instead of going in as a broken picture; the good one goes in.
    const word = run(['export', report, '--format', 'docx']);
    expect(word.status).toBe(0);
    expect(word.stderr).toContain('image « tables.jpg » : image endommagée (illisible pour la mise en page) (un cadre la remplace)');
    const docx = wordOf(join(dir, 'r.docx'));
    expect(docx.text).toContain('Image inutilisable : tables.jpg\nimage endommagée (illisible pour la mise en page)');
    expect(docx.text).toContain('Image inutilisable : coupee.jpg\nimage endommagée (fichier JPEG tronqué)');
    expect(docx.media).toHaveLength(1);
  });
});
