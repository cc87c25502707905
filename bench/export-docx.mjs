// `npm run bench:docx` (also run by `npm run bench`): the Word export.
// 1. Time: DOCX export of generated reports of 10, 50 and 100 pages (analysis excluded: the
//    model is built first), as the CLI makes it (export/formats.ts: Typst typesets the report
//    for the sommaire's page numbers, then `docx` writes the file), cold (first export in the
//    process: the Typst engine starts) and warm (median), with real PNG files for every figure.
//    Target: 50 pages ≤ 1 s. Also once, at 50 pages, the fallback without Typst (docx/layout
//    lays the Word pages out itself).
// 2. Pages: each DOCX converted to PDF by LibreOffice headless (`soffice --convert-to pdf`,
//    Debian's libreoffice-writer-nogui, with the Liberation fonts shipped with the extension),
//    its page count read with `pdfinfo`, compared with the Typst PDF's page count (target:
//    within 10 %), and each level-1 entry of the DOCX's sommaire looked for on the page it gives
//    in LibreOffice's PDF. Skipped, and said so, when soffice or pdfinfo is missing.
//    `--pages`: only this part; `--quick`: fewer runs.
// Writes bench/results/export-docx.json and export-docx.md.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { png } from './png.mjs';
import { bundleServer } from './bundle.mjs';
import { strFromU8, unzipSync } from 'fflate';
import { generateReport } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');
const pagesOnly = process.argv.includes('--pages');
const withPdf = existsSync(join(root, 'server', 'src', 'export', 'render.ts'));

// The built CLI (the fresh-process run below).
if (!pagesOnly && spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
const core = await bundleServer(
  'export-docx',
  [
    "export { analyze } from './server/src/core/analyze';",
    "export { loadProfilesFrom } from './server/src/profiles/load';",
    "export { buildExportDocument } from './server/src/export/document';",
    "export { toDocx } from './server/src/export/docx';",
    "export { EXPORTERS } from './server/src/export/formats';",
    "export { pageModelOf } from './server/src/core/pages/pages';",
    ...(withPdf ? ["export { renderReport } from './server/src/export/render';", "export { loadImage } from './server/src/export/images';"] : []),
  ],
  { external: ['@myriaddreamin/*'] },
);
const registry = core.loadProfilesFrom(join(root, 'server', 'src', 'profiles'));
const SETTINGS = { today: '2026-01-15' };

const now = () => performance.now();
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

const FIGURE = png(640, 400, { gradient: true });
const image = () => ({ ok: true, kind: 'png', bytes: FIGURE, widthPx: 640, heightPx: 400 });

const tmp = join(os.tmpdir(), `rapport-bench-docx-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });
mkdirSync(join(tmp, 'images'), { recursive: true });
for (let n = 1; n <= 300; n++) writeFileSync(join(tmp, 'images', `figure-${n}.png`), FIGURE);

function modelOf(text) {
  return core.analyze(text, SETTINGS, registry, []).model; // the model only: no rule needed
}
/** The export as the CLI makes it: Typst for the sommaire's numbers, then the DOCX. */
async function exportDocx(model, file) {
  return core.EXPORTERS.docx(model, SETTINGS, file);
}
/** The fallback without Typst: docx/layout lays the pages out for the sommaire. */
async function exportDocxLayout(model) {
  const pm = core.pageModelOf(SETTINGS);
  const doc = core.buildExportDocument(model, { level1NewPage: pm.level1NewPage, coverPage: pm.coverPage });
  return core.toDocx(doc, pm, image);
}
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// --- 1. time ------------------------------------------------------------------------------------
const timing = [];
let layoutFallback = null;
let first = true;
for (const pages of pagesOnly ? [] : [10, 50, 100]) {
  const text = generateReport({ pages, seed: 1 });
  const file = join(tmp, `time-${pages}.md`);
  writeFileSync(file, text);
  const model = modelOf(text);
  const t0 = now();
  const c0 = cpu();
  const out = await exportDocx(model, file);
  const cold = now() - t0;
  const coldCpu = cpu() - c0;
  const runs = [];
  const cpus = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    const t = now();
    const c = cpu();
    await exportDocx(model, file);
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
  if (pages === 50) {
    const t = now();
    const c = cpu();
    await exportDocxLayout(model);
    layoutFallback = { pages, ms: round(now() - t), cpuMs: round(cpu() - c) };
    console.log(`DOCX ${pages} p. sans Typst (docx/layout) : ${layoutFallback.ms} ms (CPU ${layoutFallback.cpuMs} ms)`);
  }
}

// A fresh process, as the student runs it: `rapport-bts export rapport.md --format docx` (built
// CLI; reading, analysis, Typst engine start, typesetting and the DOCX), median of 3.
let cliRun = null;
if (!pagesOnly && existsSync(join(root, 'dist', 'cli.js'))) {
  const file = join(tmp, 'cli-50.md');
  writeFileSync(file, generateReport({ pages: 50, seed: 1 }));
  const walls = [];
  const cpus = [];
  // bash's `times` gives the CPU time of the child (user + system) besides the wall time.
  const secs = (x) => Number(/(\d+)m([\d.]+)s/.exec(x)[1]) * 60 + Number(/(\d+)m([\d.]+)s/.exec(x)[2]);
  for (let i = 0; i < 3; i++) {
    const t = now();
    const r = spawnSync('bash', ['-c', '"$0" "$1" export "$2" --format docx --force >/dev/null && times', process.execPath, join(root, 'dist', 'cli.js'), file], { encoding: 'utf8' });
    walls.push(now() - t);
    if (r.status !== 0) throw new Error(`rapport-bts export : ${r.stderr}`);
    const child = r.stdout.trim().split('\n').pop().split(/\s+/);
    cpus.push((secs(child[0]) + secs(child[1])) * 1000);
  }
  walls.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  cliRun = { pages: 50, medianMs: round(walls[1]), runsMs: walls.map((w) => round(w)), cpuMedianMs: round(cpus[1]) };
  console.log(`rapport-bts export --format docx, 50 p., nouveau processus : ${cliRun.medianMs} ms (médiane de 3 ; CPU ${cliRun.cpuMedianMs} ms)`);
}

// --- 2. pages: LibreOffice against the PDF export and the sommaire numbers ------------------------
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const lo = has('soffice') && has('pdfinfo');
const pdfPages = (file) => Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout)?.[1] ?? NaN);
/** The sommaire's entries of a DOCX: [title, page] (page null when left blank). */
function tocEntries(bytes) {
  const xml = strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']);
  const sdt = /<w:sdtContent>([\s\S]*?)<\/w:sdtContent>/.exec(xml)?.[1] ?? '';
  const decode = (t) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return [...sdt.matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].flatMap((m) => {
    const style = /w:pStyle w:val="TOC(\d)"/.exec(m[0])?.[1];
    const title = decode([...m[0].split('<w:tab/>')[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')).trim();
    const num = /PAGEREF[^<]*<\/w:instrText><w:fldChar w:fldCharType="separate"\/>(?:<w:t[^>]*>(\d+)<\/w:t>)?/.exec(m[0]);
    return num && title ? [{ level: Number(style ?? 1), title, page: num[1] ? Number(num[1]) : null }] : [];
  });
}
/** A fontconfig file: the system's configuration plus the fonts shipped with the extension. */
function fontconfig() {
  const conf = join(tmp, 'fonts.conf');
  writeFileSync(conf, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${join(root, 'server', 'fonts')}</dir><cachedir>${join(tmp, 'fc-cache')}</cachedir></fontconfig>\n`);
  return conf;
}
const comparisons = [];
let loNote = '';
if (!lo) {
  loNote = 'LibreOffice (soffice) ou pdfinfo absent : comparaison non faite (apt-get install libreoffice-writer-nogui poppler-utils).';
  console.log(loNote);
} else {
  const realistic = join(root, 'test', 'fixtures', 'realistic');
  const inputs = [
    ...[10, 30, 50].map((pages) => ({ name: `généré ${pages} p.`, text: generateReport({ pages, seed: 3 }) })),
    ...readdirSync(join(root, 'templates'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => ({ name: `templates/${f}`, text: readFileSync(join(root, 'templates', f), 'utf8') })),
    ...readdirSync(realistic)
      .filter((f) => f.endsWith('.md'))
      .map((f) => ({ name: `realistic/${f}`, text: readFileSync(join(realistic, f), 'utf8') })),
    { name: 'examples/rapport-cpi.md', text: readFileSync(join(root, 'examples', 'rapport-cpi.md'), 'utf8') },
  ];
  const docs = [];
  for (const [i, input] of inputs.entries()) {
    const model = modelOf(input.text);
    const file = join(tmp, `r${i}.md`);
    writeFileSync(file, input.text);
    // The same image files for both exports (the generated reports' figures are on disk).
    const out = await exportDocx(model, file);
    const docx = join(tmp, `r${i}.docx`);
    writeFileSync(docx, out.bytes);
    let typst = null;
    try {
      typst = core.renderReport(model, SETTINGS, file, { pdf: false }).exact.document;
    } catch (e) {
      console.log(`PDF (Typst) impossible pour ${input.name} : ${e.message}`);
    }
    docs.push({ input, docx, toc: tocEntries(out.bytes), typst, i });
  }
  // One LibreOffice run converts them all (its start-up is most of a small document's time).
  const loStart = now();
  const outdir = join(tmp, 'lo');
  mkdirSync(outdir, { recursive: true });
  const r = spawnSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${join(tmp, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', outdir, ...docs.map((d) => d.docx)], {
    encoding: 'utf8',
    timeout: 900_000,
    env: { ...process.env, FONTCONFIG_FILE: fontconfig() },
  });
  const convertMs = now() - loStart;
  if (r.status !== 0) console.log(`LibreOffice : échec (${r.status}) ${r.stderr}`);
  const norm = (t) => t.replace(/[\s\u00ad]+/g, ' ').replace(/[\u2010-\u2011]/g, '-');
  for (const d of docs) {
    const pdf = join(outdir, `r${d.i}.pdf`);
    const loPages = existsSync(pdf) ? pdfPages(pdf) : NaN;
    // Level-1 entries: is the heading on the page the sommaire gives, in LibreOffice's layout?
    const level1 = d.toc.filter((e) => e.level === 1);
    let onPage = 0;
    for (const e of level1) {
      if (e.page === null || !existsSync(pdf)) continue;
      const text = spawnSync('pdftotext', ['-f', String(e.page), '-l', String(e.page), pdf, '-'], { encoding: 'utf8' }).stdout;
      if (norm(text).includes(norm(e.title).slice(0, 40))) onPage++;
    }
    const row = { name: d.input.name, libreOffice: loPages, tocLastPage: d.toc.reduce((m, e) => Math.max(m, e.page ?? 0), 0) || null, typst: d.typst, level1Entries: level1.length, level1OnPage: onPage };
    row.diffVsTypstPct = d.typst ? round(((loPages - d.typst) / d.typst) * 100) : null;
    comparisons.push(row);
    console.log(`${row.name} : LibreOffice ${loPages} p., Typst ${d.typst ?? '—'} p.${row.diffVsTypstPct !== null ? ` (${row.diffVsTypstPct} %)` : ''}, sommaire jusqu'à p. ${row.tocLastPage ?? '—'}, titres de niveau 1 à leur page : ${onPage}/${level1.length}`);
  }
  loNote = `Conversion LibreOffice : ${round(convertMs / 1000, 0)} s pour ${docs.length} documents (un seul processus).`;
}
rmSync(tmp, { recursive: true, force: true });

// --- results ----------------------------------------------------------------------------------
const p50 = timing.find((t) => t.pages === 50);
const withTypst = comparisons.filter((c) => c.diffVsTypstPct !== null);
const worstPct = withTypst.reduce((m, c) => Math.max(m, Math.abs(c.diffVsTypstPct)), 0);
const within = withTypst.filter((c) => Math.abs(c.libreOffice - c.typst) <= 0.1 * c.typst).length;
const targets = [];
if (p50) targets.push({ id: 'docx-50p', description: 'DOCX export of a 50-page report ≤ 1 s (cold, first export in the process)', value: p50.coldMs, limit: 1000, met: p50.coldMs <= 1000 });
if (withTypst.length) targets.push({ id: 'docx-vs-pdf-pages', description: `LibreOffice page count of the DOCX within 10 % of the PDF export: ${within}/${withTypst.length} reports; worst`, value: `${worstPct} %`, limit: 10, met: within === withTypst.length });
const load = os.loadavg().map((x) => round(x, 2));
const result = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, load, timing, layoutFallback, cliRun, comparisons, loNote, withPdf, targets };
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
// --pages keeps the timing of the last full run.
const jsonPath = join(root, 'bench', 'results', 'export-docx.json');
if (pagesOnly && existsSync(jsonPath)) {
  try {
    const prev = JSON.parse(readFileSync(jsonPath, 'utf8'));
    if (prev.timing?.length && prev.timing[0].coldMs !== undefined && prev.layoutFallback !== undefined) {
      result.timing = prev.timing;
      result.layoutFallback = prev.layoutFallback;
      result.cliRun = prev.cliRun ?? null;
      result.timingDate = prev.timingDate ?? prev.date;
      result.timingLoad = prev.timingLoad ?? prev.load;
      const t50 = prev.timing.find((t) => t.pages === 50);
      if (t50) result.targets.unshift({ id: 'docx-50p', description: 'DOCX export of a 50-page report ≤ 1 s (cold, first export in the process)', value: t50.coldMs, limit: 1000, met: t50.coldMs <= 1000 });
    }
  } catch {
    /* a fresh file */
  }
}
writeFileSync(jsonPath, JSON.stringify(result, null, 2) + '\n');
const t = result.timing;
const md = [
  '# Word export (DOCX)',
  '',
  `Run ${result.date} — ${result.cpus} cores, Node ${result.node}, load average ${load.join(' / ')}${result.timingDate ? ` (timing from ${result.timingDate}, load ${result.timingLoad.join(' / ')})` : ''}. Command: \`npm run bench:docx\` (\`-- --pages\`: the page comparison only).`,
  '',
  '## Time',
  '',
  'Generated reports (`bench/generate.mjs`, seed 1), every figure a real 640 × 400 PNG on disk. The time is the export as the CLI makes it (`EXPORTERS.docx`: Typst typesets the report for the sommaire\'s page numbers, without making the PDF, then `docx` writes the file), the analysis excluded. "First" is the first export of that report in the process (the Typst engine and its fonts load with the very first, the 10-page one); "median" exports the same model again (Typst reuses its memoized layout).',
  '',
  'Wall time and, in brackets, the CPU time of the process (user + system; it includes the garbage collector\'s threads), which a busy machine inflates less.',
  '',
  '| pages asked | chars | DOCX size | first export (ms) | median (ms) |',
  '|---:|---:|---:|---:|---:|',
  ...t.map((x) => `| ${x.pages} | ${x.chars} | ${round(x.bytes / 1024, 0)} KiB | ${x.coldMs} (CPU ${x.coldCpuMs}) | ${x.warmMs} (CPU ${x.warmCpuMs}) |`),
  '',
  result.cliRun ? `A fresh process, as a student runs it (\`rapport-bts export rapport.md --format docx\`, built CLI: reading, analysis, engine start, typesetting, DOCX), ${result.cliRun.pages} pages: median ${result.cliRun.medianMs} ms (${result.cliRun.runsMs.join(', ')}; CPU of the process ${result.cliRun.cpuMedianMs ?? '—'} ms).` : '',
  '',
  result.layoutFallback ? `Without Typst (the fallback when the engine cannot run: docx/layout lays the Word pages out for the sommaire), ${result.layoutFallback.pages} pages: ${result.layoutFallback.ms} ms (CPU ${result.layoutFallback.cpuMs} ms).` : '',
  '',
  '## Pages: LibreOffice against the PDF export',
  '',
  comparisons.length
    ? 'Each DOCX (made as above) converted headless by LibreOffice 7.4 (`soffice --convert-to pdf`, the Liberation fonts shipped with the extension), pages read with `pdfinfo`; "Typst" is the page count of the PDF export of the same report; "sommaire" is the last page number of the DOCX\'s table of contents (the typesetting\'s); "level-1 at their page" counts the level-1 entries of the sommaire whose title is on the page it gives in LibreOffice\'s PDF.'
    : loNote,
  '',
  ...(comparisons.length
    ? [
        '| report | LibreOffice | Typst PDF | LibreOffice vs PDF | sommaire (last page) | level-1 at their page |',
        '|---|---:|---:|---:|---:|---:|',
        ...comparisons.map((c) => `| ${c.name} | ${c.libreOffice} | ${c.typst ?? '—'} | ${c.diffVsTypstPct !== null ? `${c.diffVsTypstPct} %` : '—'} | ${c.tocLastPage ?? '—'} | ${c.level1Entries ? `${c.level1OnPage}/${c.level1Entries}` : '—'} |`),
        '',
        loNote,
      ]
    : []),
  '',
  '## Targets',
  '',
  ...result.targets.map((x) => `- ${x.met ? 'met' : 'MISSED'}: ${x.description} — ${x.value}`),
  '',
].join('\n');
writeFileSync(join(root, 'bench', 'results', 'export-docx.md'), md);
console.log(result.targets.map((x) => `${x.met ? 'met' : 'MISSED'} ${x.id}: ${x.value}`).join('\n'));
