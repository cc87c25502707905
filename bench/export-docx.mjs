// `npm run bench:docx` (also run by `npm run bench`): the Word export.
// 1. Time: DOCX export of generated reports of 10, 50 and 100 pages (analysis excluded: the
//    model is built first), cold (first export in the process) and warm (median), with real PNG
//    files for every figure. Target: 50 pages ≤ 1 s.
// 2. Pages: each DOCX converted to PDF by LibreOffice headless (`soffice --convert-to pdf`,
//    Debian's libreoffice-writer-nogui), its page count read with `pdfinfo`, compared with the
//    last page of the DOCX's own sommaire numbers (docx/layout) and, when the PDF export is
//    there (server/src/export/render.ts), with the Typst PDF's page count (target: within 10 %).
//    Skipped, and said so, when soffice or pdfinfo is missing.
// Writes bench/results/export-docx.json and export-docx.md.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { generateReport } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');
const withPdf = existsSync(join(root, 'server', 'src', 'export', 'render.ts'));

const buildDir = join(root, 'out', 'bench');
mkdirSync(buildDir, { recursive: true });
await esbuild.build({
  stdin: {
    contents: [
      "export { analyze } from './server/src/core/analyze';",
      "export { loadProfilesFrom } from './server/src/profiles/load';",
      "export { buildExportDocument } from './server/src/export/document';",
      "export { toDocx } from './server/src/export/docx';",
      "export { pageModelOf } from './server/src/core/pages/pages';",
      ...(withPdf ? ["export { renderReport } from './server/src/export/render';", "export { loadImage } from './server/src/export/images';"] : []),
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  outfile: join(buildDir, 'export-docx.cjs'),
  logLevel: 'warning',
  external: ['@myriaddreamin/*'],
  define: { VERSION: '"bench"' },
});
const core = require(join(buildDir, 'export-docx.cjs'));
const registry = core.loadProfilesFrom(join(root, 'server', 'src', 'profiles'));
const SETTINGS = { today: '2026-01-15' };

const now = () => performance.now();
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** A greyscale PNG of w × h pixels (with a gradient, so it does not compress to nothing). */
function png(w, h) {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b) => {
    let c = 0xffffffff;
    for (const x of b) c = table[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  const raw = Buffer.alloc((w + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = (x * 7 + y * 3) & 0xff;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const FIGURE = png(640, 400);
const image = () => ({ ok: true, kind: 'png', bytes: FIGURE, widthPx: 640, heightPx: 400 });

const tmp = join(os.tmpdir(), `rapport-bench-docx-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });
mkdirSync(join(tmp, 'images'), { recursive: true });
for (let n = 1; n <= 300; n++) writeFileSync(join(tmp, 'images', `figure-${n}.png`), FIGURE);

function modelOf(text) {
  return core.analyze(text, SETTINGS, registry, []).model; // the model only: no rule needed
}
async function exportDocx(model) {
  const pm = core.pageModelOf(SETTINGS);
  const doc = core.buildExportDocument(model, { level1NewPage: pm.level1NewPage, coverPage: pm.coverPage });
  return core.toDocx(doc, pm, image);
}

// --- 1. time ------------------------------------------------------------------------------------
const timing = [];
let first = true;
for (const pages of [10, 50, 100]) {
  const text = generateReport({ pages, seed: 1 });
  const model = modelOf(text);
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const t0 = now();
  const c0 = cpu();
  const out = await exportDocx(model);
  const cold = now() - t0;
  const coldCpu = cpu() - c0;
  const runs = [];
  const cpus = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    const t = now();
    const c = cpu();
    await exportDocx(model);
    runs.push(now() - t);
    cpus.push(cpu() - c);
  }
  runs.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  // CPU time of this process (user + system) besides the wall time: the machine may be shared.
  const row = { pages, chars: text.length, bytes: out.bytes.length, coldMs: round(cold), warmMs: round(runs[runs.length >> 1]), coldCpuMs: round(coldCpu), warmCpuMs: round(cpus[cpus.length >> 1]), firstInProcess: first };
  first = false;
  timing.push(row);
  console.log(`DOCX ${pages} p. : ${row.coldMs} ms (première ; CPU ${row.coldCpuMs} ms), ${row.warmMs} ms (médiane ; CPU ${row.warmCpuMs} ms), ${round(row.bytes / 1024, 0)} Kio`);
}

// --- 2. pages: LibreOffice against the sommaire numbers and the PDF export ------------------------
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const lo = has('soffice') && has('pdfinfo');
const pdfPages = (file) => Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout)?.[1] ?? NaN);
/** The largest page number the DOCX's sommaire gives (docx/layout's figures). */
function tocLastPage(bytes) {
  const p = join(tmp, 'toc.docx');
  writeFileSync(p, bytes);
  const xml = spawnSync('unzip', ['-p', p, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
  const sdt = /<w:sdtContent>([\s\S]*?)<\/w:sdtContent>/.exec(xml)?.[1] ?? '';
  const nums = [...sdt.matchAll(/PAGEREF[^<]*<\/w:instrText><w:fldChar w:fldCharType="separate"\/><w:t[^>]*>(\d+)<\/w:t>/g)].map((m) => Number(m[1]));
  return nums.length ? Math.max(...nums) : null;
}
const comparisons = [];
let loNote = '';
if (!lo) {
  loNote = 'LibreOffice (soffice) ou pdfinfo absent : comparaison non faite (apt-get install libreoffice-writer-nogui poppler-utils).';
  console.log(loNote);
} else {
  const inputs = [
    ...[10, 30, 50].map((pages) => ({ name: `généré ${pages} p.`, text: generateReport({ pages, seed: 3 }) })),
    ...readdirSync(join(root, 'templates'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => ({ name: `templates/${f}`, text: readFileSync(join(root, 'templates', f), 'utf8') })),
    { name: 'examples/rapport-cpi.md', text: readFileSync(join(root, 'examples', 'rapport-cpi.md'), 'utf8') },
  ];
  const loStart = now();
  for (const [i, input] of inputs.entries()) {
    const model = modelOf(input.text);
    const file = join(tmp, `r${i}.md`);
    writeFileSync(file, input.text);
    // The same image files for both exports (the generated reports' figures are written to disk).
    const fromDisk = withPdf ? (src) => core.loadImage(file, src) : image;
    const pm = core.pageModelOf(SETTINGS);
    const out = await core.toDocx(core.buildExportDocument(model, { level1NewPage: pm.level1NewPage, coverPage: pm.coverPage }), pm, fromDisk);
    const docx = join(tmp, `r${i}.docx`);
    writeFileSync(docx, out.bytes);
    const t = now();
    const r = spawnSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${join(tmp, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', tmp, docx], { encoding: 'utf8', timeout: 180_000 });
    const convertMs = now() - t;
    const loPages = r.status === 0 ? pdfPages(join(tmp, `r${i}.pdf`)) : NaN;
    let typst = null;
    if (withPdf) {
      try {
        typst = core.renderReport(model, SETTINGS, file, { pdf: false }).exact.document;
      } catch (e) {
        typst = null;
        console.log(`PDF (Typst) impossible pour ${input.name} : ${e.message}`);
      }
    }
    const row = { name: input.name, libreOffice: loPages, tocLastPage: tocLastPage(out.bytes), typst, convertMs: round(convertMs, 0) };
    row.diffVsTypstPct = typst ? round(((loPages - typst) / typst) * 100) : null;
    comparisons.push(row);
    console.log(`${input.name} : LibreOffice ${loPages} p., sommaire jusqu'à p. ${row.tocLastPage ?? '—'}, Typst ${typst ?? '—'} p.${row.diffVsTypstPct !== null ? ` (${row.diffVsTypstPct} %)` : ''}`);
  }
  loNote = `Conversions LibreOffice : ${round((now() - loStart) / 1000, 0)} s pour ${inputs.length} documents.`;
}
rmSync(tmp, { recursive: true, force: true });

// --- results ----------------------------------------------------------------------------------
const p50 = timing.find((t) => t.pages === 50);
const worstPct = comparisons.filter((c) => c.diffVsTypstPct !== null).reduce((m, c) => Math.max(m, Math.abs(c.diffVsTypstPct)), 0);
const targets = [{ id: 'docx-50p', description: 'DOCX export of a 50-page report ≤ 1 s (cold)', value: p50.coldMs, limit: 1000, met: p50.coldMs <= 1000 }];
if (comparisons.some((c) => c.diffVsTypstPct !== null)) targets.push({ id: 'docx-vs-pdf-pages', description: 'LibreOffice page count of the DOCX within 10 % of the PDF export', value: worstPct, limit: 10, met: worstPct <= 10 });
const load = os.loadavg().map((x) => round(x, 2));
const result = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, load, timing, comparisons, loNote, withPdf, targets };
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'export-docx.json'), JSON.stringify(result, null, 2) + '\n');
const md = [
  '# Word export (DOCX)',
  '',
  `Run ${result.date} — ${result.cpus} cores, Node ${result.node}, load average ${load.join(' / ')}.`,
  'Generated reports (`bench/generate.mjs`, seed 1), every figure a real 640 × 400 PNG (also on disk for the page comparison, read by both exports). The time is `buildExportDocument` + `toDocx` (the docx/layout pass that fills the sommaire included), the analysis excluded.',
  '',
  'Wall time and, in brackets, the CPU time of the process (user + system; it includes the garbage collector\'s threads), which a busy machine inflates less.',
  '',
  '| pages | chars | DOCX size | first export (ms) | median (ms) |',
  '|---:|---:|---:|---:|---:|',
  ...timing.map((t) => `| ${t.pages} | ${t.chars} | ${round(t.bytes / 1024, 0)} KiB | ${t.coldMs} (CPU ${t.coldCpuMs}) | ${t.warmMs} (CPU ${t.warmCpuMs}) |`),
  '',
  '## Pages: LibreOffice against the PDF export',
  '',
  comparisons.length
    ? 'Each DOCX converted headless by LibreOffice (`soffice --convert-to pdf`), pages read with `pdfinfo`; "sommaire" is the last page number the DOCX\'s own table of contents gives (docx/layout); "Typst" is the page count of the PDF export of the same report.'
    : loNote,
  '',
  ...(comparisons.length
    ? ['| report | LibreOffice | sommaire (last page) | Typst PDF | LibreOffice vs PDF |', '|---|---:|---:|---:|---:|', ...comparisons.map((c) => `| ${c.name} | ${c.libreOffice} | ${c.tocLastPage ?? '—'} | ${c.typst ?? '—'} | ${c.diffVsTypstPct !== null ? `${c.diffVsTypstPct} %` : '—'} |`), '', loNote]
    : []),
  '',
  '## Targets',
  '',
  ...targets.map((t) => `- ${t.met ? 'met' : 'MISSED'}: ${t.description} — ${t.value}`),
  '',
].join('\n');
writeFileSync(join(root, 'bench', 'results', 'export-docx.md'), md);
console.log(targets.map((t) => `${t.met ? 'met' : 'MISSED'} ${t.id}: ${t.value}`).join('\n'));
