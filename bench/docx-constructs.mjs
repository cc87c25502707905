// `npm run bench:docx-constructs`: the Word export against the PDF export, one construct at a
// time. Each document holds one kind of block only (paragraphs, a long table, lists, code…),
// enough of it for several pages and no level-1 heading after the first, so nothing but that
// construct decides where the pages end. Each is exported by the built CLI as PDF (Typst) and
// as DOCX, the DOCX converted headless by LibreOffice (the Liberation fonts shipped with the
// extension, through a fontconfig file of its own), and both PDFs measured: pages (pdfinfo) and
// the flow length in pages (the bottom of the last text line of the last page, as a fraction of
// the text height, read with `pdftotext -bbox`), so a difference of a few lines shows.
// Writes bench/results/docx-constructs.json and docx-constructs.md (`--out NAME`: other names).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32, prose } from './generate.mjs';
import { png } from './pages-corpus.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outName = (() => {
  const i = process.argv.indexOf('--out');
  return i > 0 ? process.argv[i + 1] : 'docx-constructs';
})();
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
if (!has('soffice') || !has('pdftotext')) {
  console.log('soffice or pdftotext missing: nothing measured');
  process.exit(0);
}
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.log('dist/cli.js missing: npm run build first');
  process.exit(1);
}

const rand = mulberry32(7);
const para = (words) => prose(rand, words).join(' ');
const docs = {
  paragraphs: () => prose(rand, 3000).join('\n\n'),
  'short paragraphs': () => Array.from({ length: 120 }, () => para(12)).join('\n\n'),
  headings: () => Array.from({ length: 40 }, (_, i) => `## Partie ${i + 1}\n\n${para(40)}\n\n### Détail ${i + 1}\n\n${para(30)}`).join('\n\n'),
  'tight list': () => Array.from({ length: 160 }, (_, i) => `- ${i % 3 ? para(8) : para(30)}`).join('\n'),
  'loose list': () => Array.from({ length: 80 }, (_, i) => `${i + 1}. ${i % 3 ? para(8) : para(30)}`).join('\n\n'),
  'nested list': () => Array.from({ length: 50 }, () => `- ${para(10)}\n  - ${para(8)}\n  - ${para(14)}`).join('\n'),
  table: () => ['| Étape | Description | Durée |', '|---|---|---:|', ...Array.from({ length: 120 }, (_, i) => `| ${i + 1} | ${i % 4 ? para(6) : para(24)} | ${i + 2} h |`)].join('\n'),
  'short tables': () => Array.from({ length: 20 }, () => `${para(20)}\n\n| A | B |\n|---|---|\n| ${para(3)} | ${para(4)} |\n| ${para(3)} | ${para(4)} |\n| ${para(3)} | ${para(4)} |`).join('\n\n'),
  code: () => Array.from({ length: 20 }, (_, k) => `${para(20)}\n\n\`\`\`python\n${Array.from({ length: 12 }, (_, i) => `${'    '.repeat(i % 3)}valeur_${k}_${i} = mesure(${i}, ${k}) * 1.25  # contrôle`).join('\n')}\n\`\`\``).join('\n\n'),
  quotes: () => Array.from({ length: 40 }, () => `${para(20)}\n\n> ${para(40)}`).join('\n\n'),
  footnotes: () => Array.from({ length: 40 }, (_, i) => `${para(50)}[^n${i}]\n\n[^n${i}]: ${para(18)}`).join('\n\n'),
  figures: () => Array.from({ length: 16 }, (_, i) => `${para(40)}\n\n![Vue ${i + 1} du montage](img${i % 3}.png)`).join('\n\n'),
  'missing figures': () => Array.from({ length: 12 }, (_, i) => `${para(40)}\n\n![Vue ${i + 1} absente](absent${i}.png)`).join('\n\n'),
  'toc + headings': () => `## Sommaire\n\n[TOC]\n\n${Array.from({ length: 60 }, (_, i) => `## Partie ${i + 1}\n\n${para(20)}`).join('\n\n')}`,
};

const dir = mkdtempSync(join(os.tmpdir(), 'rapport-docx-constructs-'));
const conf = join(dir, 'fonts.conf');
writeFileSync(
  conf,
  `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>${existsSync('/etc/fonts/fonts.conf') ? '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' : ''}<dir>${join(root, 'server', 'fonts')}</dir><cachedir>${join(dir, 'fc-cache')}</cachedir></fontconfig>\n`,
);
writeFileSync(join(dir, 'img0.png'), png(640, 400));
writeFileSync(join(dir, 'img1.png'), png(500, 500));
writeFileSync(join(dir, 'img2.png'), png(800, 300));
const names = Object.keys(docs);
const files = names.map((n, i) => {
  const f = join(dir, `c${i}.md`);
  writeFileSync(f, `# ${n}\n\n${docs[n]()}\n`);
  return f;
});
const run = (args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir });
for (const format of ['pdf', 'docx']) {
  const r = run(['export', '--force', '--format', format, ...files]);
  if (r.status !== 0) throw new Error(r.stderr);
}
const t0 = performance.now();
const lo = spawnSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'pdf', '--outdir', join(dir, 'lo'), ...files.map((f) => f.replace(/\.md$/, '.docx'))], {
  encoding: 'utf8',
  env: { ...process.env, FONTCONFIG_FILE: conf },
});
if (lo.status !== 0) throw new Error(lo.stderr);
const loSeconds = (performance.now() - t0) / 1000;

/** Pages, and the flow in pages: whole pages before the last + the last page's text bottom / text height. */
function flow(pdf) {
  const html = spawnSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
  const pages = [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)];
  const last = pages.at(-1);
  const h = Number(last[2]);
  const margin = 2.5 * (72 / 2.54);
  // The page number in the footer is below the text area: only words inside it count.
  const bottoms = [...last[3].matchAll(/yMax="([\d.]+)"/g)].map((m) => Number(m[1])).filter((y) => y <= h - margin + 2);
  const bottom = bottoms.length ? Math.max(...bottoms) : margin;
  return { pages: pages.length, flow: pages.length - 1 + (bottom - margin) / (h - 2 * margin) };
}
const rows = names.map((name, i) => {
  const typst = flow(files[i].replace(/\.md$/, '.pdf'));
  const word = flow(join(dir, 'lo', `c${i}.pdf`));
  return { construct: name, typstPages: typst.pages, libreOfficePages: word.pages, typstFlow: +typst.flow.toFixed(2), libreOfficeFlow: +word.flow.toFixed(2), flowDiffPct: +((100 * (word.flow - typst.flow)) / typst.flow).toFixed(1) };
});
if (process.argv.includes("--keep")) console.log(`files kept in ${dir}`);
else rmSync(dir, { recursive: true, force: true });
const load = os.loadavg().map((x) => x.toFixed(2)).join(' / ');
const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).stdout.trim();
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', `${outName}.json`), JSON.stringify({ date: new Date().toISOString(), load, soffice, rows }, null, 2) + '\n');
const md = [
  '# Word export against the PDF export, one construct at a time',
  '',
  `Run ${new Date().toISOString()} — load average ${load}; ${soffice}. Command: \`node bench/docx-constructs.mjs\` (after \`npm run build\`).`,
  '',
  'Each document: one level-1 heading, then one kind of block only. "Flow" is the length of the text in pages (pages before the last, plus how far down the text area the last page\'s text goes), so a few lines of difference show; a positive difference means LibreOffice lays the DOCX out longer than Typst lays out the PDF.',
  '',
  '| construct | Typst pages | LibreOffice pages | Typst flow | LibreOffice flow | difference |',
  '|---|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.construct} | ${r.typstPages} | ${r.libreOfficePages} | ${r.typstFlow} | ${r.libreOfficeFlow} | ${r.flowDiffPct} % |`),
  '',
  `LibreOffice conversion: ${loSeconds.toFixed(1)} s for ${rows.length} documents.`,
  '',
].join('\n');
writeFileSync(join(root, 'bench', 'results', `${outName}.md`), md);
console.log(md);
