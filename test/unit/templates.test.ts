// The report templates (templates/<bts>.md) analysed with the real analysis, and the pure
// helpers of the "new report" command that fill them (client/src/reportTemplate.ts).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  btsChoicesFromProfiles,
  checkFields,
  fillFrontmatter,
  freeFileName,
  normalizeFields,
  templateFromProfile,
  toIsoDate,
  yamlScalar,
  type ReportFields,
} from '../../client/src/reportTemplate';
import { stripNumbering } from '../../server/src/core/text/normalize';
import { estimatePages } from '../../server/src/core/pages/pages';
import { analyzeText, registry, repoRoot } from './helpers';

const profilesDir = join(repoRoot, 'server', 'src', 'profiles');
const profileSources = readdirSync(profilesDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((name) => ({ name, text: readFileSync(join(profilesDir, name), 'utf8') }));
const templatePath = (id: string) => join(repoRoot, 'templates', `${id}.md`);
const readTemplate = (id: string) => readFileSync(templatePath(id), 'utf8');
const stripComments = (text: string) => text.replace(/<!--[\s\S]*?-->/g, '');

const FULL: ReportFields = {
  nom: 'Martin',
  prenom: 'Léa',
  etablissement: 'Lycée Jean Moulin',
  entreprise: 'MécaPrécis SAS',
  tuteur: 'Paul Durand',
  poste: "Responsable du bureau d'études",
  debut: '2026-01-05',
  fin: '2026-02-27',
};

// The BTS that ship a template (a BTS added as a profile only gets one built from its profile).
const ids = registry.ids().filter((id) => existsSync(templatePath(id)));

describe('templates', () => {
  it('each template is for a BTS of the registry, and the five official BTS have one', () => {
    const files = readdirSync(join(repoRoot, 'templates')).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3));
    for (const f of files) expect(ids, `templates/${f}.md`).toContain(f);
    for (const id of ['ciel', 'cpi', 'electrotechnique', 'mm', 'sn']) expect(existsSync(templatePath(id)), `templates/${id}.md`).toBe(true);
  });

  describe.each(ids)('%s', (id) => {
    const text = readTemplate(id);
    const result = analyzeText(text);
    const profile = registry.profiles.get(id)!;

    it('is a report of this BTS, with a valid front matter', () => {
      expect(result.model.btsSource).toBe('frontmatter');
      expect(result.model.profile?.id).toBe(id);
      expect(result.model.frontmatter?.errors).toEqual([]);
      const errors = result.findings.filter((f) => f.code === 'frontmatter' && f.severity === 'error');
      expect(errors).toEqual([]);
    });

    it('has every mandatory section, once, in the expected order, under its canonical title', () => {
      const bad = result.findings.filter((f) => ['section-missing', 'section-order', 'section-duplicate'].includes(f.code));
      expect(bad).toEqual([]);
      const expected = profile.sections.filter((s) => !s.fromFrontmatter).map((s) => s.id);
      expect(result.model.recognized.map((r) => r.id)).toEqual(expected);
      for (const r of result.model.recognized) {
        const spec = profile.sections.find((s) => s.id === r.id)!;
        expect(stripNumbering(r.section.heading.text)).toBe(spec.title);
      }
    });

    it('gives guidance in comments in every recognised section', () => {
      for (const r of result.model.recognized) {
        if (r.id === 'sommaire') continue;
        const body = text.slice(r.section.heading.endOffset, r.section.endOffset);
        expect(body, r.id).toMatch(/<!--[\s\S]+?-->/);
      }
    });

    it('does not count its guidance comments as text', () => {
      // Sections holding only comments (and empty subheadings) are empty, exactly as without the comments.
      const empty = (t: string) =>
        analyzeText(t).findings.filter((f) => f.code === 'section-empty').map((f) => f.data.section);
      const withComments = empty(text);
      expect(withComments).toEqual(empty(stripComments(text)));
      expect(withComments.length).toBeGreaterThan(0);
      expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    });

    it('its guidance comments count as zero pages', () => {
      const pages = (t: string) => {
        const model = analyzeText(t).model;
        const e = estimatePages(model);
        const spans = model.root.children
          .map((b, i) => ({ type: b.type, span: e.blocks[i]! }))
          .filter((b) => b.type !== 'html')
          .map((b) => [b.span.start, b.span.end]);
        return { body: e.body, document: e.document, spans, sections: model.recognized.map((r) => e.sectionPages(r.section)) };
      };
      const withComments = pages(text);
      const without = pages(stripComments(text));
      // Every heading and text block sits exactly where it would without the comments.
      expect(withComments.spans).toEqual(without.spans);
      // Totals: a comment ending a section is placed after the heading's space below, which can
      // add up to that space (~0.01 page) to the section and document ends; nothing more.
      expect(Math.abs(withComments.body - without.body)).toBeLessThanOrEqual(0.02);
      expect(Math.abs(withComments.document - without.document)).toBeLessThanOrEqual(0.02);
      withComments.sections.forEach((p, i) => expect(Math.abs(p - without.sections[i]!)).toBeLessThanOrEqual(0.02));
      // The same guidance written as text would weigh: the comparison above is not vacuous.
      expect(pages(text.replace(/<!--|-->/g, '')).body).toBeGreaterThan(withComments.body + 0.5);
    });

    it('once each guidance comment is replaced by text, its structure satisfies the rules', () => {
      const written = text.replace(/<!--[\s\S]*?-->/g, 'Paragraphe rédigé par l\'étudiant sur ce point précis.');
      const r = analyzeText(written);
      const structural = ['section-missing', 'section-order', 'section-empty', 'car-incomplete', 'activity-incomplete', 'english-docs'];
      expect(r.findings.filter((f) => structural.includes(f.code))).toEqual([]);
    });

    it('once filled by the command, has a complete front matter', () => {
      const choice = btsChoicesFromProfiles(profileSources).find((c) => c.id === id)!;
      const fields: ReportFields = { ...FULL, ...(choice.enums['unite'] ? { unite: 'U52' } : {}) };
      const filled = fillFrontmatter(text, fields);
      const r = analyzeText(filled);
      expect(r.findings.filter((f) => f.code === 'frontmatter')).toEqual([]);
      const data = r.model.frontmatter!.data!;
      expect(data).toMatchObject({
        bts: id,
        auteur: { nom: 'Martin', prenom: 'Léa' },
        etablissement: 'Lycée Jean Moulin',
        entreprise: 'MécaPrécis SAS',
        tuteur: { nom: 'Paul Durand', poste: "Responsable du bureau d'études" },
        stage: { debut: '2026-01-05', fin: '2026-02-27' },
      });
      // Only the front matter changed.
      const body = (t: string) => t.slice(t.indexOf('\n---', 3));
      expect(body(filled)).toBe(body(text));
    });
  });

  it('CPI: generated sommaire marker and a mission in Contexte / Action / Résultat', () => {
    const text = readTemplate('cpi');
    expect(text).toMatch(/^\[\[_TOC_\]\]$/m);
    const missions = analyzeText(text).model.recognized.find((r) => r.id === 'missions')!.section;
    const mission = missions.children[0]!;
    expect(mission.heading.text).toMatch(/Mission 1/);
    expect(mission.children.map((c) => c.heading.text)).toEqual(['Contexte', 'Action', 'Résultat']);
  });

  it.each(['sn', 'ciel', 'mm'])('%s: an activity with its four elements', (id) => {
    const r = analyzeText(readTemplate(id));
    const activity = r.model.recognized.find((x) => x.id === 'activites')!.section.children[0]!;
    expect(activity.children.map((c) => c.heading.text)).toEqual([
      'Objectifs assignés',
      'Résultats obtenus',
      'Contraintes prises en compte',
      'Commentaires personnels',
    ]);
  });

  it.each(['sn', 'ciel', 'electrotechnique'])('%s: three English documents, one technical', (id) => {
    const r = analyzeText(readTemplate(id));
    const docs = r.model.recognized.find((x) => x.id === 'documents-anglais')!.section.children;
    expect(docs.map((d) => d.heading.text)).toEqual([
      'Document 1 (technique) : titre du document',
      'Document 2 (presse / web) : titre de l\'article',
      'Document 3 (presse / web) : titre de l\'article',
    ]);
  });

  it('électrotechnique: the unite field lists U51, U52, U61 and U62', () => {
    expect(readTemplate('electrotechnique')).toMatch(/^unite:\s*#.*U51.*U52.*U61.*U62/m);
  });
});

describe('BTS list read from the profiles', () => {
  const choices = btsChoicesFromProfiles(profileSources);

  it('lists the five BTS with their full names, inheriting from the parent profile', () => {
    expect(Object.fromEntries(choices.map((c) => [c.id, c.name]))).toMatchObject({
      cpi: 'BTS Conception des Produits Industriels',
      sn: 'BTS Systèmes Numériques',
      ciel: 'BTS Cybersécurité, Informatique et réseaux, Électronique',
      mm: 'BTS Métiers de la Mesure',
      electrotechnique: 'BTS Électrotechnique',
    });
    const ciel = choices.find((c) => c.id === 'ciel')!;
    expect(ciel.sections.map((s) => s.title)).toEqual(choices.find((c) => c.id === 'sn')!.sections.map((s) => s.title));
    expect(choices.find((c) => c.id === 'electrotechnique')!.enums['unite']).toEqual(['U51', 'U52', 'U61', 'U62']);
  });

  it('a sixth BTS with a profile but no template gets a template built from its profile', () => {
    const sixth = [
      'id: sixieme',
      'extends: sn',
      'name: BTS Sixième',
      'frontmatter:',
      '  - { field: unite, label: unité, severity: warning, values: [A, B] }',
    ].join('\n');
    const choice = btsChoicesFromProfiles([...profileSources, { name: 'sixieme.yaml', text: sixth }]).find((c) => c.id === 'sixieme')!;
    expect(choice.name).toBe('BTS Sixième');
    const text = templateFromProfile(choice);
    expect(text).toMatch(/^unite:\s+# A, B$/m);
    // Analysed as SN (the registry does not know "sixieme"): all SN sections are there.
    const r = analyzeText(text.replace('bts: sixieme', 'bts: sn'));
    expect(r.findings.filter((f) => f.code === 'section-missing' || f.code === 'frontmatter')).toEqual([]);
    for (const c of choices) {
      const own = analyzeText(templateFromProfile(c));
      expect(own.findings.filter((f) => f.code === 'section-missing'), c.id).toEqual([]);
    }
  });

  it('names the file and the key of a broken profile (the server reads the same files)', () => {
    expect(() => btsChoicesFromProfiles([{ name: 'casse.yaml', text: 'id: [' }, ...profileSources])).toThrow(/casse\.yaml/);
    expect(() => btsChoicesFromProfiles([...profileSources, { name: 'faute.yaml', text: 'id: faute\nsection: []' }])).toThrow(
      /faute\.yaml.*« section »/,
    );
  });
});

describe('fillFrontmatter', () => {
  const tpl = ['---', 'bts: cpi', 'auteur:', '  nom:', '  prenom:   # ton prénom', 'entreprise: Déjà là', 'stage:', '  debut:', '---', '', 'nom: pas dans l\'en-tête', ''].join('\n');

  it('fills empty keys in place, keeps comments, never replaces an existing value or touches the body', () => {
    const out = fillFrontmatter(tpl, { nom: 'Martin', prenom: 'Léa', entreprise: 'Autre', debut: '2026-01-05' });
    expect(out.split('\n')).toEqual([
      '---', 'bts: cpi', 'auteur:', '  nom: Martin', '  prenom: Léa # ton prénom', 'entreprise: Déjà là', 'stage:', '  debut: 2026-01-05', '---', '', "nom: pas dans l'en-tête", '',
    ]);
  });

  it('adds fields the template lacks, under their parent block or at the end', () => {
    const out = fillFrontmatter(tpl, { tuteur: 'Durand', fin: '2026-02-27', etablissement: 'Lycée' });
    const data = parse(out.split('---')[1]!);
    expect(data).toMatchObject({ tuteur: { nom: 'Durand' }, stage: { debut: null, fin: '2026-02-27' }, etablissement: 'Lycée' });
  });

  it('quotes values YAML would misread', () => {
    for (const v of ['Dupont: fils', '#1 Mécanique', 'true', '2026', 'null', '"guillemets"', "O'Neil & Fils", 'a\\b', ' espace ']) {
      const out = fillFrontmatter(tpl, { entreprise: undefined, nom: v });
      const data = parse(out.split('---')[1]!);
      expect(data.auteur.nom, v).toBe(v.trim());
    }
    expect(yamlScalar("Responsable bureau d'études")).toBe("Responsable bureau d'études");
    expect(yamlScalar('2026-01-05')).toBe('2026-01-05');
  });

  it('keeps CRLF line ends and leaves a text without front matter alone', () => {
    expect(fillFrontmatter(tpl.replace(/\n/g, '\r\n'), { nom: 'X' })).toContain('  nom: X\r\n');
    expect(fillFrontmatter('# Titre\n', { nom: 'X' })).toBe('# Titre\n');
  });
});

describe('checkFields', () => {
  const elec = btsChoicesFromProfiles(profileSources).find((c) => c.id === 'electrotechnique');
  it('accepts good values and explains bad ones', () => {
    expect(checkFields({ ...FULL, unite: 'u52' }, elec)).toEqual([]);
    expect(checkFields({ debut: '05/01/2026', fin: '27/02/2026' })).toEqual([]);
    expect(checkFields({ debut: '5 janvier 2026' })).toEqual([{ field: 'debut', kind: 'date', value: '5 janvier 2026' }]);
    expect(checkFields({ debut: '2026-02-30' })[0]?.kind).toBe('date');
    expect(checkFields({ debut: '30/02/2026' })[0]?.kind).toBe('date');
    expect(checkFields({ debut: '01/03/2026', fin: '01/02/2026' })).toEqual([{ field: 'fin', kind: 'order', value: '01/02/2026' }]);
    expect(checkFields({ debut: '2026-03-01', fin: '2026-02-01' })).toEqual([{ field: 'fin', kind: 'order', value: '2026-02-01' }]);
    expect(checkFields({ unite: 'U99' }, elec)[0]).toMatchObject({ kind: 'value', accepted: ['U51', 'U52', 'U61', 'U62'] });
    expect(checkFields({ age: '19' })).toEqual([{ field: 'age', kind: 'unknown', value: '19' }]);
  });
});

describe('normalizeFields', () => {
  it('trims, drops empty values and spells enumerations as the profile does', () => {
    const elec = btsChoicesFromProfiles(profileSources).find((c) => c.id === 'electrotechnique');
    expect(normalizeFields({ nom: ' Martin ', prenom: '', unite: 'u52' }, elec)).toEqual({ nom: 'Martin', unite: 'U52' });
  });

  it('writes French dates as AAAA-MM-JJ', () => {
    expect(normalizeFields({ debut: '05/01/2026', fin: '2026-02-27' })).toEqual({ debut: '2026-01-05', fin: '2026-02-27' });
  });
});

describe('toIsoDate', () => {
  it('reads AAAA-MM-JJ and JJ/MM/AAAA (also with . or -, one-digit day and month), real dates only', () => {
    expect(toIsoDate('2026-01-05')).toBe('2026-01-05');
    expect(toIsoDate(' 05/01/2026 ')).toBe('2026-01-05');
    expect(toIsoDate('5/1/2026')).toBe('2026-01-05');
    expect(toIsoDate('05.01.2026')).toBe('2026-01-05');
    expect(toIsoDate('05-01-2026')).toBe('2026-01-05');
    expect(toIsoDate('29/02/2028')).toBe('2028-02-29');
    for (const bad of ['29/02/2026', '31/04/2026', '13/13/2026', '2026/01/05', '05/01/26', '', 'demain']) expect(toIsoDate(bad), bad).toBeUndefined();
  });
});

describe('unit descriptions', () => {
  it('the Électrotechnique profile describes each unit it accepts', () => {
    const elec = btsChoicesFromProfiles(profileSources).find((c) => c.id === 'electrotechnique')!;
    expect(Object.keys(elec.descriptions['unite'] ?? {})).toEqual(elec.enums['unite']);
    for (const text of Object.values(elec.descriptions['unite']!)) expect(text.length).toBeGreaterThan(10);
  });
});

describe('freeFileName', () => {
  it('never reuses an existing name', async () => {
    const taken = new Set(['rapport-cpi.md', 'rapport-cpi-2.md']);
    expect(await freeFileName('cpi', async (n) => taken.has(n))).toBe('rapport-cpi-3.md');
    expect(await freeFileName('sn', async (n) => taken.has(n))).toBe('rapport-sn.md');
    await expect(freeFileName('cpi', async () => true, 3)).rejects.toThrow();
  });
});
