// Deterministic generator of realistic French BTS internship reports (Markdown), for the
// benchmarks and the incremental-analysis tests. Same options → same text.
//
//   generateReport({ pages: 50, seed: 1 })  →  about 50 × 480 words: front matter, the
//   sections a CPI report expects, missions written as Contexte / Action / Résultat,
//   lists, tables, figures, a few code blocks, quotes and HTML comments.

/** Words per page at 12 pt, 1.5 line spacing, A4, 2.5 cm margins (see docs/contracts.md, page model). */
export const WORDS_PER_PAGE = 480;

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = [
  "Le bureau d'études", "L'équipe méthodes", 'Le service qualité', 'Mon tuteur', "L'atelier d'usinage",
  'Le responsable de production', 'Le client', 'La cellule de conception', "L'entreprise", 'Le technicien de maintenance',
];
const VERBS = [
  'a défini', 'a validé', 'a comparé', 'a mesuré', 'a proposé', 'a simulé', 'a documenté', 'a modifié',
  'a contrôlé', 'a planifié', 'a réduit', 'a amélioré',
];
const OBJECTS = [
  'la gamme de fabrication du support', 'le cahier des charges fonctionnel', 'les tolérances géométriques des alésages',
  "le modèle numérique de l'assemblage", 'la nomenclature du sous-ensemble', 'le coût de revient de la pièce',
  'les contraintes de Von Mises dans la zone de fixation', "le temps de cycle de l'opération de fraisage",
  'la procédure de contrôle dimensionnel', 'le plan de définition du carter', "l'outillage de bridage",
  'la masse totale de la structure',
];
const COMPLEMENTS = [
  'afin de respecter la norme ISO 8015', 'pour un gain de 12 % sur la masse', 'avec un coefficient de sécurité de 2',
  'selon les exigences du client', 'en tenant compte des capacités de la machine trois axes',
  "à partir des mesures relevées sur la machine tridimensionnelle", 'sans augmenter le coût de fabrication',
  "pour la revue de conception de fin de mois", 'en collaboration avec le service méthodes',
  'conformément à la procédure interne QP-12',
];
const CONNECTORS = ['Ainsi,', 'Par conséquent,', 'En outre,', 'Cependant,', 'De plus,', 'Pour cette raison,', 'En effet,', 'Dès lors,'];
const TECH = ['CATIA V5', 'SolidWorks', 'Excel', 'la MMT', 'le logiciel de FAO', "l'ERP", 'Python'];

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function sentence(rand) {
  const parts = [pick(rand, SUBJECTS), pick(rand, VERBS), pick(rand, OBJECTS), pick(rand, COMPLEMENTS)];
  let s = parts.join(' ');
  if (rand() < 0.3) s = `${pick(rand, CONNECTORS)} ${s.charAt(0).toLowerCase()}${s.slice(1)}`;
  if (rand() < 0.15) s += ` grâce à ${pick(rand, TECH)}`;
  if (rand() < 0.08) s += ` (voir **figure ${1 + Math.floor(rand() * 9)}**)`;
  if (rand() < 0.05) s += ` et le fichier \`plan-${Math.floor(rand() * 90 + 10)}.pdf\``;
  return `${s}.`;
}

const countWords = (s) => s.split(/\s+/).filter(Boolean).length;

/** About `words` words of report prose (no diary cues), in paragraphs of 60–120 words. */
export function prose(rand, words) {
  const paragraphs = [];
  let total = 0;
  while (total < words) {
    const target = 60 + Math.floor(rand() * 60);
    let p = '';
    while (countWords(p) < target) p += (p ? ' ' : '') + sentence(rand);
    total += countWords(p);
    paragraphs.push(p);
  }
  return paragraphs;
}

/** Builds one report; `pages` counts body pages at WORDS_PER_PAGE words each. */
export function generateReport({ pages = 10, seed = 1, bts = 'cpi', eol = '\n' } = {}) {
  const rand = mulberry32(seed * 7919 + pages);
  const target = Math.round(pages * WORDS_PER_PAGE);
  const out = [];
  let words = 0;
  let figure = 0;
  let table = 0;
  const push = (block) => {
    out.push(block, '');
    words += countWords(block);
  };
  const paragraph = (n = 3 + Math.floor(rand() * 4)) => {
    const ss = [];
    for (let i = 0; i < n; i++) ss.push(sentence(rand));
    // Some paragraphs are wrapped at about 100 characters, as many editors do.
    if (rand() < 0.4) {
      const text = ss.join(' ');
      const lines = [];
      let line = '';
      for (const w of text.split(' ')) {
        if (line.length + w.length > 100) {
          lines.push(line);
          line = w;
        } else line = line ? `${line} ${w}` : w;
      }
      lines.push(line);
      return lines.join('\n');
    }
    return ss.join(' ');
  };
  const list = () => {
    const ordered = rand() < 0.3;
    const n = 3 + Math.floor(rand() * 4);
    const items = [];
    for (let i = 0; i < n; i++) {
      const marker = ordered ? `${i + 1}.` : '-';
      items.push(`${marker} ${sentence(rand)}`);
      if (rand() < 0.15) items.push(`   ${ordered ? ' ' : ''}- ${pick(rand, OBJECTS)} ;`);
    }
    return items.join('\n');
  };
  const tableBlock = () => {
    table++;
    const rows = 3 + Math.floor(rand() * 5);
    const lines = [`Tableau ${table} : comparaison des variantes étudiées`, '', '| Variante | Masse (kg) | Contrainte max (MPa) | Coût (€) |', '|---|---:|---:|---:|'];
    for (let i = 0; i < rows; i++) {
      lines.push(`| ${String.fromCharCode(65 + i)} | ${(1 + rand()).toFixed(2)} | ${Math.round(60 + rand() * 80)} | ${Math.round(20 + rand() * 60)} |`);
    }
    return lines.join('\n');
  };
  const figureBlock = () => {
    figure++;
    return `![Figure ${figure} : ${pick(rand, OBJECTS)}](images/figure-${figure}.png)`;
  };
  const extra = () => {
    const r = rand();
    if (r < 0.25) return list();
    if (r < 0.4) return tableBlock();
    if (r < 0.6) return figureBlock();
    if (r < 0.67) return '```python\n' + `masse = ${(1 + rand()).toFixed(3)}  # kg\nprint(f"gain : {1.18 - masse:.3f} kg")` + '\n```';
    if (r < 0.73) return `> ${sentence(rand)}`;
    if (r < 0.78) return '<!-- Relire ce passage avec le tuteur. -->';
    return paragraph();
  };

  out.push(
    '---',
    `bts: ${bts}`,
    `titre: "Rapport de stage ${seed}"`,
    'auteur: { nom: Martin, prenom: Léa }',
    'etablissement: Lycée Jean Moulin',
    'entreprise: MécaPrécis SAS',
    "tuteur: { nom: Durand, poste: Responsable bureau d'études }",
    'stage: { debut: 2026-01-05, fin: 2026-02-27 }',
    '---',
    '',
  );
  push('# Remerciements');
  push(paragraph(3));
  push('# Sommaire');
  push('[[_TOC_]]');
  push('# 1. Introduction');
  push(paragraph());
  push(paragraph());

  const share = (f) => Math.max(60, Math.round(target * f));
  const fill = (budget, numbering) => {
    const stop = words + budget;
    let sub = 0;
    while (words < stop) {
      if (rand() < 0.12) push(`## ${numbering}.${++sub} ${pick(rand, OBJECTS).replace(/^./, (c) => c.toUpperCase())}`);
      push(paragraph());
      if (rand() < 0.55) push(extra());
    }
  };
  push("# 2. Présentation de l'entreprise");
  fill(share(0.15), 2);
  push('# 3. Missions réalisées');
  let mission = 0;
  const missionsEnd = words + share(0.6);
  while (words < missionsEnd) {
    mission++;
    push(`## 3.${mission} Mission ${mission} : ${pick(rand, OBJECTS)}`);
    push(`**Contexte.** ${paragraph(3)}`);
    push(`**Action.** ${paragraph(4)}`);
    if (rand() < 0.7) push(extra());
    push(paragraph());
    if (rand() < 0.5) push(extra());
    push(`**Résultat.** ${paragraph(3)}`);
  }
  push('# 4. Analyse des compétences mobilisées');
  fill(share(0.1), 4);
  push('# 5. Conclusion');
  while (words < target) push(paragraph());
  push('# Annexes');
  push('Annexe 1 : plan de définition du support moteur (format A3).');
  push("Annexe 2 : fiche technique de l'alliage EN AW-6082.");
  return out.join('\n').replace(/\n/g, eol);
}
