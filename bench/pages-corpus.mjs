// Deterministic corpus of BTS reports for the page-estimate calibration (bench/calibrate.mjs,
// test/unit/pages-calibration.test.ts). A seeded generator writes French prose in the structure
// each BTS expects: short and long paragraphs, lists, tables, figures (image files of many
// sizes, explicit sizes, missing files), code, footnotes, many headings, a sommaire, annexes /
// English documents. Sizes range from ~4 to ~70 pages.
//
// calibrationCorpus() → [{ name, half, bts, pageModel, markdown, images: { src: {width, height} } }];
// writeCalibrationReport(dir, report) writes it with its image files (valid PNGs).

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { png } from './png.mjs';
import { mulberry32 as rng } from './generate.mjs';

const SUBJECTS = [
  "l'équipe du bureau d'études", 'le responsable de production', 'mon tuteur', "le service qualité", "l'atelier d'usinage",
  'le technicien de maintenance', 'le client principal', "la direction technique", 'le chef de projet', "l'opérateur de la ligne",
  'le laboratoire de métrologie', 'le service informatique', "l'administrateur réseau", 'le bureau des méthodes',
];
const VERBS = [
  'a défini', 'a validé', 'a proposé', 'a analysé', 'a mesuré', 'a documenté', 'a comparé', 'a vérifié', 'a organisé',
  'a simplifié', 'a amélioré', 'a contrôlé', 'a planifié', 'a présenté', 'a mis en place',
];
const OBJECTS = [
  'le cahier des charges fonctionnel', 'la procédure de contrôle', 'les tolérances géométriques', "le plan d'action",
  'la maquette numérique du support', 'le protocole de mesure', 'la configuration du pare-feu', "l'architecture du réseau",
  "la gamme d'usinage", 'le dossier de plans', 'les résultats des essais', "l'étalonnage des capteurs", 'le schéma électrique',
  'la nomenclature des pièces', "l'analyse des risques", 'le tableau de bord de production', 'les indicateurs de qualité',
];
const COMPLEMENTS = [
  'afin de réduire les délais de livraison', 'pour respecter la norme NF EN ISO 9001', 'en tenant compte des contraintes du client',
  "avant la revue de conception de fin de mois", "grâce à une démarche structurée", 'malgré un calendrier très serré',
  'en lien avec le service achats', 'pour garantir la sécurité des opérateurs', "dans le cadre de l'amélioration continue",
  'avec un budget limité', 'selon les recommandations du fabricant', "à partir des mesures relevées sur site",
];
const CONNECT = ['Par ailleurs,', 'En outre,', 'Ainsi,', 'Cependant,', 'De plus,', 'En conséquence,', 'Dans ce contexte,', 'Enfin,'];
const EN_WORDS = [
  'The company designs measurement systems for industrial customers and provides calibration services.',
  'This technical document describes the installation procedure of the network switch.',
  'Engineers must check the configuration before the equipment is deployed on site.',
  'The article explains how small companies adapt their production to new energy costs.',
  'Safety rules require every operator to wear protective equipment in the workshop.',
  'The results show a significant reduction of the measurement uncertainty after calibration.',
];

export function makeWriter(seed) {
  const r = rng(seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const sentence = () => {
    const s = `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(COMPLEMENTS)}`;
    const c = r() < 0.35 ? `${pick(CONNECT)} ` : '';
    const body = c ? s : s.charAt(0).toUpperCase() + s.slice(1);
    const extra = r() < 0.3 ? `, ce qui représente ${int(2, 95)} % du volume annuel de ${int(10, 900)} pièces` : '';
    return `${c}${body}${extra}.`;
  };
  const para = (lo, hi) => Array.from({ length: int(lo, hi) }, sentence).join(' ');
  const english = (lo, hi) => Array.from({ length: int(lo, hi) }, () => pick(EN_WORDS)).join(' ');
  return { r, pick, int, sentence, para, english };
}

/**
 * A report. `size` ≈ number of content units (missions / activities, paragraphs per section).
 * `opts`: short (one-sentence paragraphs), headings (many level-3 headings), code (a code block
 * in each part), footnotes, toc ('marker' | 'frontmatter' | 'handwritten'), annexes (count),
 * annexLong (paragraphs per annex), files: false (no image file on disk).
 */
export function calibrationReport(seed, bts, size, opts = {}) {
  const w = makeWriter(seed);
  const { para, int, pick, r } = w;
  const images = {};
  let fig = 0;
  const out = [];
  const push = (...lines) => out.push(...lines, '');
  let note = 0;
  const paras = (n, lo = 3, hi = 8) => {
    for (let i = 0; i < n; i++) {
      if (opts.headings && r() < 0.5) push(`### ${pick(['Constat', 'Démarche', 'Point technique', 'Bilan partiel', 'Difficulté rencontrée'])} ${i + 1}`);
      let p = opts.short ? para(1, r() < 0.3 ? 2 : 1) : r() < 0.2 ? para(1, 2) : para(lo, hi);
      if (opts.footnotes && r() < 0.3) {
        note++;
        p += `[^n${note}]`;
        push(p);
        push(`[^n${note}]: ${w.sentence()}`);
      } else push(p);
    }
  };
  const figure = () => {
    fig++;
    const kind = fig % 4;
    const alt = `Vue de ${pick(OBJECTS)} pendant le stage`;
    if (kind === 0) {
      // A photo or a screenshot on disk (most figures of a real report), or a file not there yet.
      const src = `images/figure-${fig}.png`;
      if (opts.files !== false && r() < 0.7) {
        const wpx = pick([480, 1024, 1200, 2000, 3000]);
        images[src] = { width: wpx, height: Math.round(wpx * pick([0.4, 0.6, 0.75, 1.33])) };
      }
      push(`![${alt}](${src})`);
    }
    else if (kind === 1) push(`![${alt}](images/figure-${fig}.png){height=${int(4, 9)}cm}`);
    else if (kind === 2) {
      const wpx = pick([640, 800, 1280, 1600]);
      const hpx = Math.round(wpx * pick([0.5, 0.5625, 0.75, 1]));
      const src = `captures/ecran-${fig}.png`;
      images[src] = { width: wpx, height: hpx };
      push(`![${alt}](${src})`);
    } else {
      const src = `images/schema-${fig}.png`;
      if (opts.files !== false && r() < 0.5) images[src] = { width: pick([400, 900, 1600]), height: pick([300, 600, 1200]) };
      push(`<img src="${src}" alt="${alt}" height="${int(150, 320)}">`);
    }
  };
  const list = () => {
    const n = int(3, 7);
    for (let i = 0; i < n; i++) out.push(`- ${r() < 0.5 ? w.sentence() : para(2, 3)}`);
    out.push('');
  };
  const steps = () => {
    const n = int(3, 5);
    for (let i = 1; i <= n; i++) {
      out.push(`${i}. ${w.sentence()}`);
      if (r() < 0.4) out.push(`   - ${w.sentence()}`, `   - ${pick(OBJECTS)}`);
    }
    out.push('');
  };
  const quote = () => {
    push(`> ${para(2, 4)}`);
  };
  const table = () => {
    const cols = int(3, 5);
    const rows = int(3, 9);
    out.push(`| ${Array.from({ length: cols }, (_, i) => `Colonne ${i + 1}`).join(' | ')} |`);
    out.push(`|${' --- |'.repeat(cols)}`);
    for (let i = 0; i < rows; i++) {
      out.push(`| ${Array.from({ length: cols }, () => (r() < 0.25 ? pick(OBJECTS) + ' ' + pick(COMPLEMENTS) : String(int(1, 999)) + ' mm')).join(' | ')} |`);
    }
    out.push('');
  };
  const code = () => {
    out.push('```');
    const n = int(4, 14);
    for (let i = 0; i < n; i++) out.push(`${pick(['ip', 'set', 'show', 'config'])} ${pick(['address', 'vlan', 'route', 'interface'])} ${int(1, 254)}.${int(0, 254)} ${pick(['up', 'down', 'enable'])}`);
    out.push('```', '');
  };
  const rich = (k) => {
    paras(1);
    if (opts.code) code();
    if (k % 2 === 0) list();
    if (k % 3 === 1) steps();
    if (k % 4 === 2) quote();
    paras(1);
    if (k % 3 === 0) table();
    if (k % 2 === 1 || r() < 0.4) figure();
    paras(int(1, 2));
  };

  out.push('---', `bts: ${bts}`, `titre: "Rapport de stage ${bts.toUpperCase()} ${seed}"`, 'auteur: { nom: Martin, prenom: Léa }',
    'etablissement: Lycée Jean Moulin', 'entreprise: MécaPrécis SAS', "tuteur: { nom: Durand, poste: Responsable bureau d'études }",
    'stage: { debut: 2026-01-05, fin: 2026-02-27 }', ...(bts === 'electrotechnique' ? ['unite: U52'] : []), ...(opts.toc === 'frontmatter' ? ['toc: true'] : []), '---', '');

  if (bts === 'cpi') {
    push('# Remerciements');
    push(`Je remercie M. Durand, responsable du bureau d'études, mon maître de stage, pour sa confiance. ${para(2, 4)}`);
    if (opts.toc !== 'frontmatter') {
      push('# Sommaire');
      if (opts.toc === 'handwritten') push('1. Introduction', "2. Présentation de l'entreprise", '3. Missions réalisées', '4. Conclusion');
      else push('[[_TOC_]]');
    }
    push('# 1. Introduction');
    paras(int(3, 5), 4, 7);
    push("# 2. Présentation de l'entreprise");
    for (let i = 1; i <= Math.max(2, Math.round(size / 2)); i++) {
      push(`## 2.${i} ${pick(['Activité et marchés', 'Organisation', 'Le bureau d\'études', 'Les clients', 'Les moyens de production'])}`);
      rich(i);
    }
    push('# 3. Missions réalisées');
    for (let i = 1; i <= size; i++) {
      push(`## 3.${i} Mission ${i} : ${pick(OBJECTS)}`);
      push(`**Contexte.** ${para(3, 6)}`);
      push(`**Action.** ${para(4, 9)}`);
      rich(i);
      push(`**Résultat.** ${para(2, 5)}`);
    }
    push('# 4. Analyse des compétences mobilisées');
    paras(1);
    list();
    paras(Math.max(2, Math.round(size / 2)));
    push('# 5. Conclusion');
    paras(int(4, 7), 5, 9);
    push('# Annexes');
    for (let i = 1; i <= (opts.annexes ?? 3); i++) {
      push(`## Annexe ${i} : ${pick(OBJECTS)}`);
      figure();
      paras(opts.annexLong ?? 1, 2, 4);
      if (opts.annexLong && i % 2 === 0) table();
    }
  } else if (bts === 'sn' || bts === 'ciel') {
    push("# 1. Présentation de l'entreprise");
    for (let i = 1; i <= Math.max(2, Math.round(size / 3)); i++) {
      push(`## 1.${i} ${pick(['Produits et services', 'Organisation', 'Le service informatique'])}`);
      rich(i);
    }
    push('# 2. Activités réalisées');
    for (let i = 1; i <= size; i++) {
      push(`## 2.${i} Activité ${i} : ${pick(OBJECTS)}`);
      push('### Objectifs assignés');
      paras(1);
      push('### Résultats obtenus');
      rich(i);
      if (i % 2 === 0) code();
      push('### Contraintes prises en compte');
      paras(1);
      list();
      push('### Commentaires personnels');
      paras(1, 2, 5);
    }
    push('# 3. Conclusion');
    paras(int(2, 4));
    push('# Documents en anglais');
    for (let i = 1; i <= 3; i++) {
      push(`## Document ${i}`);
      for (let j = 0; j < 4; j++) push(w.english(3, 6));
    }
  } else if (bts === 'mm') {
    push("# Présentation de l'entreprise");
    for (let i = 1; i <= Math.max(2, Math.round(size / 2)); i++) {
      push(`## ${pick(['Domaine d\'activités', 'Structure', 'Organisation du laboratoire'])} ${i}`);
      rich(i);
    }
    push('# Analyse du cadre juridique');
    paras(int(5, 8), 5, 8);
    table();
    push('# Activités réalisées');
    for (let i = 1; i <= 2; i++) {
      push(`## Activité ${i} : ${pick(OBJECTS)}`);
      for (let k = 0; k < Math.max(1, size); k++) rich(k + i);
    }
    push('# Conclusion');
    paras(int(3, 5));
    push('# Résumé en anglais');
    push(w.english(6, 9));
    push('# Démarche QSSE');
    paras(int(4, 8));
    list();
    push('# Annexes');
    for (let i = 1; i <= 2; i++) {
      push(`## Annexe ${i}`);
      figure();
      table();
    }
  } else {
    push("# Présentation de l'entreprise");
    paras(int(2, 4));
    push("## Organisation de l'entreprise");
    rich(1);
    push('# Travail réalisé');
    for (let i = 1; i <= size; i++) {
      push(`## ${pick(['Maintenance', 'Mise en service', 'Réalisation', 'Analyse et diagnostic'])} : ${pick(OBJECTS)}`);
      rich(i);
      paras(1);
    }
    push('# Documents en anglais');
    for (let i = 1; i <= 3; i++) {
      push(`## Document ${i}`);
      for (let j = 0; j < 4; j++) push(w.english(3, 6));
    }
  }
  return { markdown: out.join('\n'), images };
}

/**
 * The calibration corpus against the export (bench/calibrate.mjs): 20 reports of 3 to 60 pages
 * of varied shape — long and short paragraphs, lists, tables, figures (files on disk of many
 * sizes, explicit sizes, missing files), code, many headings, footnotes, annexes with several
 * sub-sections, English documents, a sommaire from a marker, from the front matter or written
 * by hand — under five page models. Seeded: the same reports at every run.
 * `half` alternates 'a' / 'b' (for fitting on one half and reporting on the other).
 */
export function calibrationCorpus() {
  const defs = [
    { name: 'elec-3p', bts: 'electrotechnique', seed: 60, size: 0 },
    { name: 'cpi-court', bts: 'cpi', seed: 11, size: 1 },
    { name: 'elec-court', bts: 'electrotechnique', seed: 53, size: 1 },
    { name: 'cpi-phrases-courtes', bts: 'cpi', seed: 14, size: 3, opts: { short: true } },
    { name: 'sn-code', bts: 'sn', seed: 23, size: 3, opts: { code: true } },
    { name: 'mm-moyen', bts: 'mm', seed: 42, size: 3 },
    { name: 'elec-double', bts: 'electrotechnique', seed: 52, size: 3, pageModel: { lineSpacing: 2, marginCm: 2 } },
    { name: 'sn-sans-11pt', bts: 'sn', seed: 22, size: 4, pageModel: { font: 'sans', fontSizePt: 11, lineSpacing: 1.15 } },
    { name: 'cpi-titres', bts: 'cpi', seed: 15, size: 5, opts: { headings: true, toc: 'frontmatter' } },
    { name: 'sn-moyen', bts: 'sn', seed: 21, size: 5 },
    { name: 'cpi-notes', bts: 'cpi', seed: 16, size: 5, opts: { footnotes: true, toc: 'handwritten' } },
    { name: 'elec-moyen', bts: 'electrotechnique', seed: 51, size: 6 },
    { name: 'cpi-annexes', bts: 'cpi', seed: 17, size: 6, opts: { annexes: 6, annexLong: 4 } },
    { name: 'mm-long', bts: 'mm', seed: 41, size: 7 },
    { name: 'ciel-long', bts: 'ciel', seed: 31, size: 9 },
    { name: 'cpi-letter-11pt', bts: 'cpi', seed: 18, size: 8, pageModel: { paper: 'letter', fontSizePt: 11, paragraphSpacingPt: 10 } },
    { name: 'cpi-long', bts: 'cpi', seed: 13, size: 11 },
    { name: 'mm-tres-long', bts: 'mm', seed: 43, size: 11 },
    { name: 'ciel-sans-code', bts: 'ciel', seed: 32, size: 12, opts: { code: true }, pageModel: { font: 'sans', fontSizePt: 10, lineSpacing: 1.5 } },
    { name: 'cpi-60p', bts: 'cpi', seed: 19, size: 15, opts: { headings: true, annexes: 4, annexLong: 2 } },
  ];
  return defs.map((d, i) => ({ name: d.name, bts: d.bts, half: i % 2 ? 'b' : 'a', pageModel: d.pageModel ?? {}, ...calibrationReport(d.seed, d.bts, d.size, d.opts ?? {}) }));
}

/** Writes a report of the corpus as `dir/rapport.md` with its image files; returns the file. */
export function writeCalibrationReport(dir, d) {
  mkdirSync(dir, { recursive: true });
  for (const [src, size] of Object.entries(d.images)) {
    mkdirSync(dirname(join(dir, src)), { recursive: true });
    writeFileSync(join(dir, src), png(size.width, size.height));
  }
  const file = join(dir, 'rapport.md');
  writeFileSync(file, d.markdown);
  return file;
}
