// A class folder for the class summary (`rapport-bts classe`): the benchmark, the browser test and
// the README picture use it. Reports of 20–40 pages across the five BTS, each with its own
// student, plus a few finished ones (the example CPI report grown to about 25 pages, so that
// "prêt" shows), one short draft, one file that is not a report and one that cannot be read.
// Same options → same files.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateReport, mulberry32, prose, WORDS_PER_PAGE } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIRST = ['Léa', 'Hugo', 'Inès', 'Yanis', 'Chloé', 'Adam', 'Jade', 'Lucas', 'Manon', 'Noah', 'Zoé', 'Karim', 'Lina', 'Enzo', 'Sarah'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Moreau', 'Laurent', 'Girard', 'Roux', 'Fournier', 'Benali', 'Nguyen', 'Lefèvre', 'Mercier', 'Diallo', 'Faure', 'Garcia'];
const BTS = ['cpi', 'sn', 'ciel', 'mm', 'electrotechnique'];

function student(i) {
  return { prenom: FIRST[i % FIRST.length], nom: LAST[(i * 7 + Math.floor(i / LAST.length)) % LAST.length] };
}

const withStudent = (text, s) => text.replace(/^auteur: .*$/m, `auteur: { nom: ${s.nom}, prenom: ${s.prenom} }`);

/** The example CPI report, its diary paragraph rewritten, each part grown to its budget. */
export function finishedReport(seed, s) {
  const rand = mulberry32(seed);
  let text = readFileSync(join(root, 'examples', 'rapport-cpi.md'), 'utf8');
  text = withStudent(text, s);
  const grow = (heading, pages) => {
    const at = text.indexOf(heading);
    const end = text.indexOf('\n#', at + heading.length);
    const add = prose(rand, Math.round(pages * WORDS_PER_PAGE)).join('\n\n');
    text = `${text.slice(0, end)}\n${add}\n${text.slice(end)}`;
  };
  // The diary paragraph of the example, as an analysis.
  text = text.replace(/^(Le lundi|Lundi)[^\n]*$/m, 'La mise à jour du dossier a porté sur quarante plans : chaque plan a été comparé à la maquette numérique, puis corrigé et validé par le bureau d\u2019études.');
  grow('# 1. Introduction', 1.2);
  grow('## 2.2', 4);
  grow('## 3.1', 6);
  grow('## 3.2', 6);
  grow('# 4. Analyse', 3);
  grow('# 5. Conclusion', 2);
  return text;
}

/**
 * Writes `count` reports into `dir` (created), plus the extras unless `extras` is false.
 * Returns the report paths (the extras are not included).
 */
export function writeClass(dir, { count = 30, seed = 1, extras = true, finished = 3 } = {}) {
  mkdirSync(dir, { recursive: true });
  const files = [];
  for (let i = 0; i < count; i++) {
    const s = student(i + seed);
    const name = `${s.nom}-${s.prenom}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    let text;
    if (i < finished) text = finishedReport(seed * 100 + i, s);
    else if (i === finished && count > finished + 1) text = withStudent(generateReport({ pages: 6, seed: seed * 100 + i, bts: 'sn' }), s);
    else text = withStudent(generateReport({ pages: 20 + ((i * 7) % 21), seed: seed * 100 + i, bts: BTS[i % BTS.length] }), s);
    const file = join(dir, `${String(i + 1).padStart(2, '0')}-${name}.md`);
    writeFileSync(file, text);
    files.push(file);
  }
  if (extras) {
    writeFileSync(join(dir, 'consignes.md'), '# Consignes\n\nRendre le rapport en PDF avant le vendredi 13 février.\n');
    writeFileSync(join(dir, 'scan-rapport.md'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0x01, 0x02, 0x03]));
  }
  return files;
}
