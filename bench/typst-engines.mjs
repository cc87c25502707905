// The two builds of typst.ts compared on the same generated documents (10, 50, 100 pages):
// cold compile (module load + engine set-up + first compile + PDF), recompile after a
// one-character edit (median and worst of 9), and the process memory. One process per run.
// The native build is a dependency; to measure the WebAssembly one too:
//   npm install --no-save @myriaddreamin/typst-ts-web-compiler@0.7.0
// Run: node bench/typst-engines.mjs   (results: bench/results/typst-engines.md, written by hand)

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fontDir = join(root, 'server', 'fonts');

const WORDS = 'le la les un une des entreprise stage mission réseau client projet équipe logiciel serveur analyse résultat objectif contrainte production qualité maintenance technicien procédure données installation configuration sécurité utilisateur matériel développement'.split(' ');
function para(n, seed) {
  const s = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s.push(WORDS[x % WORDS.length]);
  }
  const t = s.join(' ');
  return t[0].toUpperCase() + t.slice(1) + '.';
}
/** About `pages` × 4/3 pages of report-like Typst (headings, paragraphs, lists). */
export function gen(parts) {
  const out = [`#set page(paper: "a4", margin: 2.5cm, numbering: "1")
#set text(font: "Liberation Serif", size: 12pt, lang: "fr", hyphenate: true)
#set par(justify: true, leading: 0.95em, spacing: 1.2em)
#show heading.where(level: 1): it => { pagebreak(weak: true); it }
`];
  let sec = 0;
  for (let p = 0; p < parts; p++) {
    if (p % 3 === 0) out.push(`= Section ${++sec}\n`);
    out.push(`== Partie ${p}\n`);
    for (let k = 0; k < 4; k++) out.push(para(100, p * 10 + k) + '\n');
    if (p % 5 === 0) out.push(`- point un\n- point deux ${p}\n`);
  }
  out.push('#metadata("end") <endmark>\n#context [#metadata(locate(<endmark>).page()) <pages>]\n');
  return out.join('\n');
}

async function child(which, parts) {
  const fonts = readdirSync(fontDir).filter((f) => /\.ttf$/.test(f)).map((f) => readFileSync(join(fontDir, f)));
  const src = gen(parts);
  const t0 = performance.now();
  let compile;
  if (which === 'native') {
    const { NodeCompiler } = await import('@myriaddreamin/typst-ts-node-compiler');
    const c = NodeCompiler.create({ workspace: root, fontArgs: [{ fontBlobs: fonts }] });
    compile = (s) => {
      const doc = c.compile({ mainFileContent: s }).result;
      return { pages: c.query(doc, { selector: '<pages>', field: 'value' })[0], pdf: () => c.pdf(doc) };
    };
  } else {
    const m = await import('@myriaddreamin/typst-ts-web-compiler');
    await m.default();
    const b = new m.TypstCompilerBuilder();
    b.set_dummy_access_model();
    for (const f of fonts) await b.add_raw_font(new Uint8Array(f));
    const c = await b.build();
    compile = (s) => {
      c.add_source('/main.typ', s);
      c.compile('/main.typ', null, 'vector', 1);
      return { pages: JSON.parse(c.query('/main.typ', null, '<pages>', 'value'))[0], pdf: () => c.compile('/main.typ', null, 'pdf', 1).result };
    };
  }
  const init = performance.now() - t0;
  let t = performance.now();
  const first = compile(src);
  first.pdf();
  const cold = performance.now() - t + init;
  const edits = [];
  for (let i = 0; i < 9; i++) {
    const s2 = src.replace('Partie 1\n', `Partie 1${'x'.repeat(i + 1)}\n`);
    t = performance.now();
    compile(s2);
    edits.push(performance.now() - t);
  }
  edits.sort((a, b) => a - b);
  return { which, pages: first.pages, coldMs: Math.round(cold), editP50Ms: Math.round(edits[4]), editMaxMs: Math.round(edits[8]), rssMB: Math.round(process.memoryUsage().rss / 1e6) };
}

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(await child(process.argv[3], Number(process.argv[4]))));
} else {
  const engines = ['native'];
  try {
    await import('@myriaddreamin/typst-ts-web-compiler');
    engines.push('wasm');
  } catch {
    console.log('(build WebAssembly absent : npm install --no-save @myriaddreamin/typst-ts-web-compiler@0.7.0 pour la mesurer)');
  }
  for (const e of engines) {
    for (const parts of [7, 37, 75]) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', e, String(parts)], { encoding: 'utf8' });
      console.log(r.stdout.trim() || r.stderr);
    }
  }
}
