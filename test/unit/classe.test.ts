// The class summary (server/src/classe): each row's figures against the analysis of its file,
// the state rule, and the CSV read back as a French spreadsheet reads it.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateReport } from '../../bench/generate.mjs';
import { CSV_HEADER, csvCell, renderCsv } from '../../server/src/classe/csv';
import { budgetText, deadlineText } from '../../server/src/classe/format';
import { renderJson } from '../../server/src/classe/json';
import { renderHtml } from '../../server/src/classe/html';
import { classRow, classState, classStatus, EMPTY_FILE, excerptAt, isRow, NOT_A_REPORT, type ClassFinding, type ClassRow, type ClassSummary } from '../../server/src/classe/row';
import { findSection } from '../../server/src/core/model/units';
import type { AnalysisResult, Profile, ReportModel } from '../../server/src/core/types';
import { englishDocuments } from '../../server/src/rules/english-docs';
import { analyzeText, frontmatter, md, repoRoot } from './helpers';

const fixtureDir = join(repoRoot, 'test', 'fixtures');
const fixtureFiles = ['sections', 'writing', 'pages', 'frontmatter']
  .flatMap((d) => readdirSync(join(fixtureDir, d)).filter((f) => f.endsWith('.md')).map((f) => join(d, f)));
const generated = ['cpi', 'sn', 'ciel', 'mm', 'electrotechnique'].map((bts, i) => ({
  name: `généré-${bts}.md`,
  text: generateReport({ pages: 20 + 5 * i, seed: 40 + i, bts }),
}));
const SETTINGS = { today: '2026-02-18' };
/** A fixture without its `<!-- expect: … -->` markers (they may sit on front-matter lines). */
const fixture = (f: string) => readFileSync(join(fixtureDir, f), 'utf8').replace(/[ \t]*<!-- expect:[^>]*-->/g, '');

function rowOf(file: string, result: AnalysisResult): ClassRow {
  const r = classRow(file, result, SETTINGS);
  if (!isRow(r)) throw new Error(`${file}: not a row (${r.reason})`);
  return r;
}

describe('classRow: the figures come from the analysis of the file', () => {
  const cases = [
    ...fixtureFiles.map((f) => ({ name: f, text: fixture(f) })),
    ...generated,
  ];
  for (const { name, text } of cases) {
    it(name, () => {
      const result = analyzeText(text, SETTINGS);
      const out = classRow(name, result, SETTINGS);
      if (!result.model.profile) {
        expect(isRow(out)).toBe(false);
        return;
      }
      const row = rowOf(name, result);
      const f = result.findings;
      const of = (code: string) => f.filter((x) => x.code === code);
      expect(row.bts).toBe(result.model.profile.id);
      expect(row.errors).toBe(f.filter((x) => x.severity === 'error').length);
      expect(row.warnings).toBe(f.filter((x) => x.severity === 'warning').length);
      expect(row.infos).toBe(f.filter((x) => x.severity === 'info').length);
      expect(row.missing).toEqual(of('section-missing').filter((x) => x.severity === 'error').map((x) => x.data.section));
      expect(row.diary).toBe(of('journal-style').length);
      expect(row.budget.map((b) => b.section)).toEqual(of('section-budget').map((x) => x.data.section));
      expect(row.incomplete).toBe(
        [...of('car-incomplete'), ...of('activity-incomplete')].filter((x) => (x.data.missing as string[]).length > 0).length,
      );
      expect(row.findings.map((x) => [x.code, x.line])).toEqual(f.map((x) => [x.code, x.range.start.line]));
      const profile = result.model.profile as Profile;
      if (typeof profile.options.englishDocuments === 'number') {
        const s = findSection(result.model, 'documents-anglais');
        expect(row.english).toEqual({ found: s ? englishDocuments(s).length : 0, expected: profile.options.englishDocuments });
      } else {
        expect(row.english).toBeNull();
      }
      expect(row.deadline === null).toBe(profile.options.deadline !== true);
      expect(row.state).toBe(classState(row).state);
    });
  }

  it('reads the figures a teacher expects on known reports', () => {
    const sn = rowOf('sn.md', analyzeText(fixture('sections/sn-missing-several.md'), SETTINGS));
    expect(sn.missing.length).toBeGreaterThan(1);
    expect(sn.missingTitles).toHaveLength(sn.missing.length);
    expect(sn.state).toBe('incomplet');

    const ciel = rowOf('ciel.md', analyzeText(fixture('sections/ciel-complete.md'), SETTINGS));
    expect(ciel.student).toBe('Yanis Benali');
    expect(ciel.english).toEqual({ found: 3, expected: 3 });
    expect(ciel.missing).toEqual([]);

    // Électrotechnique: stage ending Friday 20 February 2026 → deadline Friday 13 February.
    const elec = rowOf('elec.md', analyzeText(fixture('sections/electrotechnique-complete.md'), SETTINGS));
    expect(elec.deadline).toEqual({ date: '2026-02-13', daysLeft: -5, state: 'dépassée' });
    const early = classRow('elec.md', analyzeText(fixture('sections/electrotechnique-complete.md'), { today: '2026-02-10' }), { today: '2026-02-10' });
    expect(isRow(early) && early.deadline).toEqual({ date: '2026-02-13', daysLeft: 3, state: 'proche' });
  });

  it('names the student from auteur, else from the file name', () => {
    const named = rowOf('x/rapport-lea.md', analyzeText(md(frontmatter('cpi'), '', '# Introduction', '', 'Texte.')));
    expect(named.student).toBe('Léa Martin');
    const plain = rowOf('x/rapport-lea.md', analyzeText(md('---', 'bts: cpi', 'auteur: Hugo Roux', '---', '', '# Introduction')));
    expect(plain.student).toBe('Hugo Roux');
    const none = rowOf('classe/dupont-jean.md', analyzeText(md('---', 'bts: sn', 'auteur:', '  nom:', '---', '', '# Introduction')));
    expect(none.student).toBe('dupont-jean');
    // A report written in pairs: the teacher sees both names; the student is told the report is one's own.
    const pair = analyzeText(md('---', 'bts: cpi', 'auteur: [Léa Martin, { prenom: Hugo, nom: Roux }, Zoé Petit]', '---', '', '# Introduction'));
    expect(rowOf('classe/binome.md', pair).student).toBe('Léa Martin, Hugo Roux et Zoé Petit');
    const refused = pair.findings.filter((f) => f.code === 'frontmatter' && f.range.start.line === 2);
    expect(refused.map((f) => [f.range.start.line, f.message])).toEqual([[2, expect.stringMatching(/^Un seul auteur par rapport : .*auteur: \{ nom: Martin, prenom: Léa \}\.$/)]]);
    // A list of one name (or none) is not a pair: the ordinary message.
    const one = analyzeText(md('---', 'bts: cpi', 'auteur: [Léa Martin]', '---', '', '# Introduction'));
    expect(one.findings.filter((f) => f.code === 'frontmatter' && f.range.start.line === 2).map((f) => f.message)).toEqual([expect.stringMatching(/^Le champ « auteur » doit contenir des sous-champs/)]);
  });

  it('gives each finding its line and a short excerpt of that line', () => {
    const long = `J'ai ${'vraiment '.repeat(30)}travaillé.`;
    const text = md(frontmatter('cpi'), '', '# Introduction', '', 'Lundi, je suis arrivé à 8 h. Ensuite, j\'ai rencontré mon tuteur. Puis j\'ai fait le tour de l\'atelier. Le mardi, j\'ai commencé.', '', long);
    const row = rowOf('r.md', analyzeText(text));
    for (const f of row.findings) expect(f.excerpt.length).toBeLessThanOrEqual(90);
    const lines = text.split('\n');
    for (const f of row.findings) {
      const src = lines[f.line]!.replace(/\s+/g, ' ').trim();
      expect(src.startsWith(f.excerpt.replace(/…$/, ''))).toBe(true);
    }
    // A missing section is reported on the front matter's fence: no "---" as its excerpt.
    const missing = row.findings.filter((f) => f.code === 'section-missing');
    expect(missing.length).toBeGreaterThan(0);
    for (const f of missing) expect([lines[f.line], f.excerpt]).toEqual(['---', '']);
    // A rule in the body is a line like any other.
    const ruled = md(frontmatter('cpi'), '', '# Introduction', '', 'Texte.', '', '---', '');
    const model = analyzeText(ruled).model;
    expect(excerptAt(model, ruled.split('\n').lastIndexOf('---'))).toBe('---');
  });

  it('lists a file that is not a report, and one with an unknown BTS, among the others', () => {
    const plain = classRow('readme.md', analyzeText(fixture('plain/readme.md')));
    expect(plain).toEqual({ file: 'readme.md', reason: NOT_A_REPORT, kind: 'not-report' });
    const unknown = classRow('x.md', analyzeText(md('---', 'bts: plomberie', '---', '', '# Introduction')));
    expect(isRow(unknown)).toBe(false);
    expect(unknown).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('BTS') });
    // The line of the header error, as the teacher will look for it.
    expect((unknown as { reason: string }).reason).toMatch(/^ligne 2 : /);
    // An empty file says so.
    for (const empty of ['', '\n\n  \n']) expect(classRow('vide.md', analyzeText(empty))).toEqual({ file: 'vide.md', reason: EMPTY_FILE, kind: 'not-report' });
    // With a BTS for the files that name none (--bts cpi), an empty file is still no report.
    for (const empty of ['', '\n\n  \n']) expect(classRow('vide.md', analyzeText(empty, { bts: 'cpi' }))).toEqual({ file: 'vide.md', reason: EMPTY_FILE, kind: 'not-report' });
  });
});

describe('the state rule', () => {
  const finding = (code: string, severity: ClassFinding['severity']): ClassFinding => ({ code, severity, line: 0, character: 0, message: '', excerpt: '' });
  const base = { missing: [] as string[], missingTitles: [] as string[], emptyTitles: [] as string[], drafted: true, pages: { body: 30, limit: 40, exact: false, document: 33, reference: 40 }, findings: [] as ClassFinding[] };

  it('incomplet when a mandatory section is missing, whatever else', () => {
    const s = classState({ ...base, missing: ['conclusion'], missingTitles: ['Conclusion'] });
    expect(s.state).toBe('incomplet');
    expect(s.reason).toContain('Conclusion');
  });
  it('incomplet when the body is below half the BTS figure', () => {
    expect(classState({ ...base, drafted: false, pages: { ...base.pages, body: 12 } })).toMatchObject({ state: 'incomplet', reason: expect.stringContaining('12,0') });
    // The figure halved is the one the reason names: Électrotechnique's lower bound (15), not its limit (20).
    const elec = classState({ ...base, drafted: false, pages: { body: 6, limit: 20, exact: false, document: 8, reference: 15 } });
    expect(elec.reason).toBe('Rapport encore court : ≈ 6,0 pages hors annexes, moins de la moitié des 15 pages de référence du BTS.');
  });
  it('incomplet, for a BTS that gives no length, while a mandatory section is still empty', () => {
    const s = classState({ ...base, drafted: false, emptyTitles: ['Cadre juridique'], pages: { body: 12, limit: 50, exact: false, document: 13, reference: null } });
    expect(s).toEqual({ state: 'incomplet', reason: '1 section obligatoire encore vide : Cadre juridique.' });
  });

  it('à reprendre, not prêt, when a drafted report still has a mandatory section empty (its section-empty is only information)', () => {
    const s = classState({ ...base, emptyTitles: ['Conclusion'], findings: [finding('section-empty', 'info')] });
    expect(s).toEqual({ state: 'à reprendre', reason: '1 section obligatoire encore vide : Conclusion.' });
    const both = classState({ ...base, emptyTitles: ['Conclusion'], findings: [finding('journal-style', 'warning')] });
    expect(both).toEqual({ state: 'à reprendre', reason: '1 section obligatoire encore vide : Conclusion. 1 avertissement à corriger.' });
  });

  // A maximum halved is no length (CPI's 40, MM's 50): short complete reports are no drafts.
  const mm = (cadre: string) =>
    md('---', 'bts: mm', '---', '', "# Présentation de l'entreprise", '', 'Une PME de métrologie.', '', '# Cadre juridique', '', cadre, '',
      '# Activité 1 : étalonnage', '', "L'objectif, les résultats, les contraintes.", '', '# Conclusion', '', 'Un bilan.', '',
      '# Résumé en anglais', '', 'A summary of the calibration activity.', '', '# Démarche QSSE', '', 'Un exemple analysé.');
  it('MM: a complete report well under 25 pages is drafted; an empty mandatory section makes it incomplet', () => {
    const done = classRow('mm.md', analyzeText(mm('La norme ISO 17025 encadre le laboratoire.'))) as ClassRow;
    expect(done.missing).toEqual([]);
    expect(done.pages.reference).toBeNull();
    expect(done.pages.body).toBeLessThan(25);
    expect(done.drafted).toBe(true);
    expect(done.state).not.toBe('incomplet');
    const empty = classRow('mm.md', analyzeText(mm('<!-- à rédiger -->'))) as ClassRow;
    expect(empty.drafted).toBe(false);
    expect(empty).toMatchObject({ state: 'incomplet', stateReason: '1 section obligatoire encore vide : Analyse du cadre juridique.' });
  });
  it('CPI: the reference is its budget\'s minimums added up (19 pages), not half the 40-page ceiling', () => {
    const text = generateReport({ pages: 6, seed: 7, bts: 'cpi' });
    const row = classRow('cpi.md', analyzeText(text)) as ClassRow;
    expect(row.pages.reference).toBe(19);
    // Between half of 19 and half of 40: drafted now, a draft before.
    expect(row.pages.body).toBeGreaterThan(9.5);
    expect(row.pages.body).toBeLessThan(20);
    expect(row.drafted).toBe(true);
    expect(row.stateReason).not.toMatch(/encore court/);
  });
  it('à reprendre with an error or a warning left', () => {
    expect(classState({ ...base, findings: [finding('journal-style', 'warning')] }).state).toBe('à reprendre');
    expect(classState({ ...base, findings: [finding('frontmatter', 'error')] }).state).toBe('à reprendre');
  });
  it('prêt with information findings only; the deadline reminder does not count', () => {
    expect(classState(base).state).toBe('prêt');
    expect(classState(base).reason).toBe('Aucune erreur ni avertissement.');
    // Ready, with a warning in the counts: the reason says it is the reminder.
    expect(classState({ ...base, findings: [finding('mission-figure', 'info'), finding('deadline', 'warning')] })).toEqual({
      state: 'prêt',
      reason: 'Rien à corriger dans le rapport : seul le rappel de la date limite est signalé.',
    });
  });
  it('an unknown deadline says the dates may be there but not readable', () => {
    const row = { deadline: { date: null, daysLeft: null, state: 'inconnue' } } as unknown as ClassRow;
    expect(deadlineText(row)).toBe('inconnue (dates de stage absentes ou pas au format AAAA-MM-JJ)');
  });
  it('the exit status is the check’s', () => {
    const row = (errors: number) => ({ errors }) as ClassRow;
    expect(classStatus({ rows: [row(0)], others: [{ file: 'a', reason: NOT_A_REPORT, kind: 'not-report' }] })).toBe(0);
    expect(classStatus({ rows: [row(0), row(2)], others: [] })).toBe(1);
    expect(classStatus({ rows: [row(1)], others: [{ file: 'b', reason: 'fichier introuvable', kind: 'unreadable' }] })).toBe(2);
  });
});

/** A CSV reader as a French spreadsheet configures it: `;` between cells, `"` quotes, decimal comma. */
function readFrenchCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

/** A number as fr-FR writes it, read back with the separators Intl gives for that locale. */
function frenchNumber(s: string): number {
  const parts = new Intl.NumberFormat('fr-FR').formatToParts(1234.5);
  const group = parts.find((p) => p.type === 'group')!.value;
  const dec = parts.find((p) => p.type === 'decimal')!.value;
  expect(dec).toBe(',');
  return Number(s.split(group).join('').replace(dec, '.'));
}

function summaryOf(): ClassSummary {
  const rows = generated.map((g) => rowOf(g.name, analyzeText(g.text, SETTINGS)));
  rows.push(rowOf('élève "spéciale"; =1+1.md', analyzeText(md('---', 'bts: cpi', 'auteur: "=HYPERLINK(1); « Zoé »"', '---', '', '# Introduction', '', 'Texte.'))));
  return { version: 1, rows, others: [{ file: 'notes.md', reason: NOT_A_REPORT, kind: 'not-report' }, { file: 'vide.md', reason: 'fichier introuvable', kind: 'unreadable' }] };
}

describe('CSV for a French Excel or LibreOffice', () => {
  const summary = summaryOf();
  const csv = renderCsv(summary);

  it('is UTF-8 with a BOM, `;` separated, CRLF, one line per report then the others', () => {
    expect(csv.startsWith('\ufeff')).toBe(true);
    const table = readFrenchCsv(csv.slice(1));
    expect(table[0]).toEqual(CSV_HEADER);
    expect(table).toHaveLength(1 + summary.rows.length + summary.others.length);
    for (const r of table) expect(r).toHaveLength(CSV_HEADER.length);
    expect(csv.split('\r\n').length - 1).toBe(table.length);
  });

  it('reads back to the same figures, with a decimal comma', () => {
    const table = readFrenchCsv(csv.slice(1));
    const col = (name: string) => CSV_HEADER.indexOf(name);
    summary.rows.forEach((r, i) => {
      const cells = table[i + 1]!;
      expect(cells[col('Fichier')]).toBe(r.file.startsWith('=') ? `'${r.file}` : r.file);
      expect(cells[col('État')]).toBe(r.state);
      const pages = cells[col('Pages hors annexes (≈)')]!;
      if (!Number.isInteger(r.pages.body)) expect(pages).toContain(',');
      expect(frenchNumber(pages)).toBe(r.pages.body);
      expect(frenchNumber(cells[col('Erreurs')]!)).toBe(r.errors);
      expect(frenchNumber(cells[col('Avertissements')]!)).toBe(r.warnings);
      expect(frenchNumber(cells[col('Passages en style journal')]!)).toBe(r.diary);
      expect(frenchNumber(cells[col('Sections obligatoires manquantes')]!)).toBe(r.missing.length);
    });
    const others = table.slice(1 + summary.rows.length);
    expect(others.map((r) => [r[0], r[3], r[r.length - 1]])).toEqual([
      ['notes.md', 'pas un rapport', NOT_A_REPORT],
      ['vide.md', 'illisible', 'fichier introuvable'],
    ]);
  });

  it('keeps a name that looks like a formula a text', () => {
    const table = readFrenchCsv(csv.slice(1));
    const special = table.find((r) => r[0] === 'élève "spéciale"; =1+1.md')!;
    expect(special[1]).toBe("'=HYPERLINK(1); « Zoé »");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(1234.5)).toBe('1234,5');
    expect(csvCell('-3 pages')).toBe("'-3 pages");
  });
});

describe('French figures in the cells', () => {
  it('writes a budget and its pages with a decimal comma, a profile budget of 1.5 pages included', () => {
    const b = { section: 'intro', title: 'Introduction', pages: 3.24, min: 0.5, max: 1.5, state: 'over' as const };
    expect(budgetText(b)).toBe('Introduction (au-delà du budget : ≈ 3,2 p. pour 0,5 à 1,5)');
    expect(budgetText({ ...b, pages: 3, min: null }, true)).toBe('Introduction (au-delà du budget : 3 p. pour 1,5 au plus)');
    // No adjective that would have to agree with the title ("Corps du rapport (trop courte…" was written).
    expect(budgetText({ ...b, title: 'Corps du rapport', pages: 10, min: 18, max: null, state: 'under' })).toBe('Corps du rapport (en deçà du budget : ≈ 10,0 p. pour au moins 18)');
  });
});

describe('JSON and HTML', () => {
  const summary = summaryOf();
  it('JSON has the contract fields', () => {
    const j = JSON.parse(renderJson(summary));
    expect(j.version).toBe(1);
    for (const r of j.rows) {
      for (const k of ['file', 'student', 'bts', 'state', 'pages', 'missing', 'diary', 'errors', 'warnings', 'infos']) expect(r).toHaveProperty(k);
      expect(Object.keys(r.pages)).toEqual(expect.arrayContaining(['body', 'limit', 'exact']));
      expect(r.pages.exact).toBe(false);
    }
    expect(j.others.map((o: { file: string; reason: string }) => Object.keys(o))).toEqual([expect.arrayContaining(['file', 'reason']), expect.arrayContaining(['file', 'reason'])]);
  });

  it('HTML is one self-contained French page, every report text escaped', () => {
    const html = renderHtml(summary, { source: 'rapports', generatedAt: '2026-02-18T10:05:00Z', pageModel: 'Une page = A4.' });
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(?:script|link|img)[^>]+(?:src|href)=/i);
    expect(html).not.toMatch(/https?:\/\//);
    const evil = renderHtml({ version: 1, rows: [{ ...summary.rows[0]!, student: '<script>alert(1)</script>' }], others: [{ file: '<img src=x>.md', reason: 'r', kind: 'unreadable' }] }, { source: '<b>', generatedAt: 'x', pageModel: '' });
    expect(evil).not.toContain('<script>alert');
    expect(evil).not.toContain('<img src=x>');
    expect(evil).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('élève &quot;spéciale&quot;; =1+1.md');
    expect(html.match(/<tr data-detail=/g)).toHaveLength(summary.rows.length);
    expect(html.match(/<article class="detail"/g)).toHaveLength(summary.rows.length);
    expect(html).toContain('@page{size:A4 landscape');
    expect(html).toContain('vide.md');
  });

  it('the model of the first row is not kept by the row', () => {
    const result = analyzeText(generated[0]!.text, SETTINGS);
    const row = rowOf('a.md', result) as unknown as Record<string, unknown>;
    const seen = new Set<unknown>();
    const walk = (v: unknown) => {
      if (v && typeof v === 'object' && !seen.has(v)) {
        seen.add(v);
        for (const x of Object.values(v)) walk(x);
      }
    };
    walk(row);
    expect(seen.has(result.model as ReportModel)).toBe(false);
    expect(JSON.stringify(row).length).toBeLessThan(result.model.text.length);
  });
});

describe('threads of the class summary', () => {
  it('one thread for fewer than 4 reports or outside the bundle; one per core (at most 8) else; RAPPORT_BTS_JOBS caps it', async () => {
    const { classeJobs } = await import('../../server/src/cli/classe');
    expect(classeJobs(3, 'dist/cli.js', 2, undefined)).toBe(1);
    expect(classeJobs(30, 'server/src/cli/main.ts', 2, undefined)).toBe(1);
    expect(classeJobs(30, 'dist/cli.js', 2, undefined)).toBe(2);
    expect(classeJobs(300, 'dist/cli.js', 16, undefined)).toBe(8);
    expect(classeJobs(30, 'dist/cli.js', 4, '1')).toBe(1);
    expect(classeJobs(30, 'dist/cli.js', 4, '3')).toBe(3);
    expect(classeJobs(2, 'dist/cli.js', 4, '3')).toBe(2);
    expect(classeJobs(30, 'dist/cli.js', 2, 'beaucoup')).toBe(2);
  });
});

describe('a worker that dies mid-run', () => {
  // More reports than MAIN_SHARE_MAX: only the workers take files, so which thread takes what
  // does not depend on timing. Small reports of every BTS, the first one the largest (taken first).
  const dir = mkdtempSync(join(tmpdir(), 'rapport-classe-morts-'));
  const bts = ['cpi', 'sn', 'ciel', 'mm', 'electrotechnique'];
  const files = Array.from({ length: 66 }, (_, i) => {
    const f = join(dir, `${String(i).padStart(2, '0')}.md`);
    writeFileSync(f, generateReport({ pages: i === 0 ? 4 : 2, seed: 60 + i, bts: bts[i % bts.length]! }));
    return f;
  });
  /**
   * The worker script: the CLI bundle, in a thread that dies (exit code 1) when it opens a
   * report — every report (`every`), or only the first time anyone opens `once` — and logs each
   * start and each death.
   */
  function dyingEntry(name: string, mode: { every: true } | { once: string }): { entry: string; log: string } {
    const log = join(dir, `${name}.log`);
    const entry = join(dir, `${name}.cjs`);
    writeFileSync(
      entry,
      `const fs = require('node:fs');
const log = ${JSON.stringify(log)};
const mode = ${JSON.stringify(mode)};
fs.appendFileSync(log, 'start\\n');
const open = fs.openSync;
fs.openSync = function (path, ...rest) {
  const p = String(path);
  let die = false;
  if (p.endsWith('.md')) {
    if (mode.every) die = true;
    else if (p === mode.once) {
      try {
        fs.closeSync(open(log + '.once', 'wx'));
        die = true;
      } catch {
        // Someone already died on it.
      }
    }
  }
  if (die) {
    fs.appendFileSync(log, 'death ' + p + '\\n');
    process.exit(1);
  }
  return open.call(this, path, ...rest);
};
require(${JSON.stringify(join(repoRoot, 'dist', 'cli.js'))});
`,
    );
    return { entry, log };
  }
  const lines = (log: string, what: string) => readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith(what));

  it('is replaced at most twice per thread; every file still gets its row, the same as on one thread', async () => {
    const { MAIN_SHARE_MAX, summarize } = await import('../../server/src/cli/classe');
    expect(files.length).toBeGreaterThan(MAIN_SHARE_MAX);
    const alone = await summarize(files, undefined, false, 'unused', 1);
    expect(alone.filter(isRow)).toHaveLength(files.length);

    const { entry, log } = dyingEntry('chaque-fois', { every: true });
    const pooled = await summarize(files, undefined, false, entry, 2);
    // Two workers, each replaced twice at most (2 × jobs replacements), each dying on its first file.
    expect(lines(log, 'start')).toHaveLength(2 + 4);
    expect(lines(log, 'death')).toHaveLength(6);
    expect(pooled).toEqual(alone);
  });

  it('the file a worker died on is analysed, its row in its place', async () => {
    const { summarize } = await import('../../server/src/cli/classe');
    const alone = await summarize(files, undefined, false, 'unused', 1);
    const { entry, log } = dyingEntry('une-fois', { once: files[0]! });
    const pooled = await summarize(files, undefined, false, entry, 2);
    expect(lines(log, 'death')).toEqual([`death ${files[0]}`]);
    // One replacement for the one death.
    expect(lines(log, 'start')).toHaveLength(3);
    expect(isRow(pooled[0]!)).toBe(true);
    expect(pooled[0]).toEqual(alone[0]);
    expect(pooled).toEqual(alone);
  });
});
