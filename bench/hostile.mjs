// Hostile inputs, one generator per family: each returns a report (front matter + body) of about
// `size` characters built to hit a super-linear path (a pattern, the Markdown parser, an estimate
// spreading a list as wide as the document). Used by test/unit/hostile.test.ts at small sizes and
// by `npm run bench` (bench/run.mjs) at 100 KB, 1 MB and 5 MB.

export const HEAD = '---\nbts: cpi\nauteur: { nom: Martin, prenom: Léa }\netablissement: Lycée Jean Moulin\nentreprise: MécaPrécis SAS\n' +
  "tuteur: { nom: Durand, poste: Responsable bureau d'études }\nstage: { debut: 2026-01-05, fin: 2026-02-27 }\n---\n\n# Introduction\n\nTexte.\n\n";

const fill = (unit, size) => unit.repeat(Math.max(1, Math.ceil(size / unit.length)));

/** name → (size) → text. */
export const FAMILIES = {
  'short paragraphs': (n) => HEAD + fill('a\n\n', n),
  'table rows': (n) => `${HEAD}| a |\n|---|\n${fill('| 1 |\n', n)}`,
  'table cells': (n) => `${HEAD}${fill('| a ', n / 2)}|\n${fill('|---', n / 2)}|\n`,
  'images': (n) => HEAD + fill('![x](a.png)\n\n', n),
  'mission subheading + spaces': (n) => `${HEAD}# Missions\n\n## Contexte${' '.repeat(n)}x\n`,
  'spaces in a paragraph': (n) => `${HEAD}Texte${' '.repeat(n)}x\n`,
  'no-break spaces in a paragraph': (n) => `${HEAD}Texte${'\u00a0'.repeat(n)}x\n`,
  'spaces in an annex label': (n) => `${HEAD}# Annexes\n\nAnnexe${' '.repeat(n)}x\n`,
  'spaces in an English-document label': (n) => `${HEAD}Document${' '.repeat(n)}en anglais x\n`,
  'page comment + spaces': (n) => `${HEAD}<!-- page${' '.repeat(n)}x\n`,
  'inline comments never closed': (n) => HEAD + fill('texte <!-- ', n),
  'inline comments never closed, lines': (n) => HEAD + fill('a <!--\n', n),
  '60-level lists': (n) => HEAD + fill(`${'- '.repeat(60)}x\n`, n),
  'lists nested by indentation': (n) => {
    const lines = [];
    let size = 0;
    for (let i = 0; size < n; i++) {
      const line = `${' '.repeat((i % 200) * 2)}- x\n`;
      lines.push(line);
      size += line.length;
    }
    return HEAD + lines.join('');
  },
  'backtick runs': (n) => {
    const parts = [];
    let size = 0;
    for (let i = 1; size < n; i++) {
      const run = '`'.repeat(i % 300 || 1);
      parts.push(`${run} a `);
      size += run.length + 3;
    }
    return HEAD + parts.join('');
  },
  'consecutive headings': (n) => HEAD + fill('##\n', n),
  'emphasis markers': (n) => HEAD + fill('*a _b ', n),
  'links never closed': (n) => HEAD + fill('[a](', n),
};

/** A failing report (no conclusion, sections missing) whose annexes hold a C listing of `lines` lines. */
export function cListingReport(lines = 210) {
  const code = [];
  for (let i = 0; i < lines; i++) code.push(`  if ((reg[${i}] & (1 << ${i % 8})) && (*p)[${i}] == ${i}) { tab[${i}] = f_${i}(p, (int)(x * 2)); }`);
  return `${HEAD}Le stage s'est bien passé.\n\n# Annexes\n\n## Annexe 1 : programme\n\n\`\`\`c\n${code.join('\n')}\n\`\`\`\n`;
}
