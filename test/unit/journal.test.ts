// journal-style: precision and recall measured on labelled paragraphs (the shared development
// corpus and our own extra corpus, written before the detector), the rule's scope and its fix.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diaryHeadingCue } from '../../server/src/core/writing/headings';
import { isJournal, scoreJournal, type JournalSensitivity } from '../../server/src/core/writing/journal';
import { sanitizeSettings } from '../../server/src/core/model/settings';
import { allMatches, anyOf, applyEdits } from '../../server/src/core/text/text';
import { ANALYTICAL, CLOCK_ENTRY, NARRATION, PATTERNS, SEQUENCE } from '../../server/src/core/writing/cues';
import { foldSameLength } from '../../server/src/core/text/fold';
import { analyzeText, frontmatter, md, repoRoot } from './helpers';

interface Labelled {
  id: string;
  label: 'journal' | 'analyse';
  text: string;
}

function readCorpus(file: string): Labelled[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled);
}

export function precisionRecall(rows: Labelled[], sensitivity: JournalSensitivity = 'normal') {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const errors: string[] = [];
  for (const r of rows) {
    const s = scoreJournal(r.text);
    const predicted = isJournal(s, sensitivity);
    const actual = r.label === 'journal';
    if (predicted && actual) tp++;
    else if (predicted) {
      fp++;
      errors.push(`faux positif ${r.id} (score ${s.score})`);
    } else if (actual) {
      fn++;
      errors.push(`faux négatif ${r.id} (score ${s.score})`);
    }
  }
  return { precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn), tp, fp, fn, errors };
}

const corpora = [
  { name: 'test/corpus/journal-dev.jsonl', file: join(repoRoot, 'test', 'corpus', 'journal-dev.jsonl') },
  { name: 'test/corpus/journal-extra.jsonl', file: join(repoRoot, 'test', 'corpus', 'journal-extra.jsonl') },
  // Written after the detector and scored once untouched (precision 1.000, recall 0.867: two
  // misses); two general cues were then added ("après la pause", "X m'a expliqué"), so it is
  // no longer a true hold-out, only a regression set.
  { name: 'test/corpus/journal-holdout.jsonl', file: join(repoRoot, 'test', 'corpus', 'journal-holdout.jsonl') },
  // 157 paragraphs written fresh for realistic reports (every diary form and hard negative, four
  // BTS fields), split at random by kind before any change: the tuning part (70 %) is the only
  // one the cues were tuned on; the hold-out (30 %) was scored untouched before tuning (precision
  // 1.000, recall 0.360) and once after (precision 1.000, recall 0.960). Keep it untouched: do
  // not tune on its errors, or write a new hold-out.
  { name: 'test/corpus/journal-realistic-tuning.jsonl', file: join(repoRoot, 'test', 'corpus', 'journal-realistic-tuning.jsonl') },
  { name: 'test/corpus/journal-realistic-holdout.jsonl', file: join(repoRoot, 'test', 'corpus', 'journal-realistic-holdout.jsonl') },
];

describe('journal-style: precision and recall at default sensitivity', () => {
  for (const c of corpora) {
    it(`${c.name}: precision ≥ 0.95 and recall ≥ 0.90`, () => {
      // The corpora are in the repository: a missing one is a failure, not a skipped measurement.
      expect(existsSync(c.file), `${c.file} is missing`).toBe(true);
      const rows = readCorpus(c.file);
      expect(rows.length).toBeGreaterThan(0);
      const r = precisionRecall(rows);
      console.log(
        `[journal-style] ${c.name}: ${rows.length} paragraphs, precision ${r.precision.toFixed(3)}, recall ${r.recall.toFixed(3)} ` +
          `(tp ${r.tp}, fp ${r.fp}, fn ${r.fn})${r.errors.length ? ` — ${r.errors.join(', ')}` : ''}`,
      );
      expect(r.precision).toBeGreaterThanOrEqual(0.95);
      expect(r.recall).toBeGreaterThanOrEqual(0.9);
    });
  }

  it('the extra corpus has at least 60 examples, diary and analytical', () => {
    const rows = readCorpus(corpora[1]!.file);
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(rows.filter((r) => r.label === 'journal').length).toBeGreaterThanOrEqual(25);
    expect(rows.filter((r) => r.label === 'analyse').length).toBeGreaterThanOrEqual(25);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('the realistic corpus: 150 paragraphs or more, 30 % held out, every diary form and hard negative in both parts', () => {
    const tuning = readCorpus(corpora[3]!.file) as (Labelled & { kind: string })[];
    const holdout = readCorpus(corpora[4]!.file) as (Labelled & { kind: string })[];
    const all = [...tuning, ...holdout];
    expect(all.length).toBeGreaterThanOrEqual(150);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    expect(new Set(all.map((r) => r.text)).size).toBe(all.length);
    expect(holdout.length / all.length).toBeGreaterThan(0.28);
    expect(holdout.length / all.length).toBeLessThan(0.32);
    const diary = ['timetable', 'temporal', 'apres', 'semaine', 'jaije', 'days'];
    const negatives = ['routine', 'procedure', 'milestone', 'justif', 'result', 'analyse'];
    for (const part of [tuning, holdout]) {
      for (const k of diary) expect(part.some((r) => r.kind === k && r.label === 'journal'), k).toBe(true);
      for (const k of negatives) expect(part.some((r) => r.kind === k && r.label === 'analyse'), k).toBe(true);
    }
  });

  it('sensitivity orders the reports: high ⊇ normal ⊇ low', () => {
    const rows = corpora.filter((c) => existsSync(c.file)).flatMap((c) => readCorpus(c.file));
    const flagged = (s: JournalSensitivity) => new Set(rows.filter((r) => isJournal(scoreJournal(r.text), s)).map((r) => r.id));
    const low = flagged('low');
    const normal = flagged('normal');
    const high = flagged('high');
    for (const id of low) expect(normal.has(id)).toBe(true);
    for (const id of normal) expect(high.has(id)).toBe(true);
  });
});

describe('journal-style: cues', () => {
  it.each([
    ['timetable', "8 h : arrivée au dépôt. 9 h 30 : réunion de chantier. 11 h : pose des goulottes. 14 h : raccordement du tableau."],
    ['timetable with ranges', "14h-15h : paramétrage du serveur. 15h-16h : tests des sauvegardes. 16h30 : compte rendu au responsable."],
    ['temporal clauses', "Une fois le câblage terminé, j'ai appelé le chef d'équipe. Une fois les essais finis, nous avons rangé le matériel et je suis reparti au dépôt."],
    ['après + noun chain', "Après la réunion, j'ai repris les plans du bâti. Après le repas, j'ai imprimé les mises en plan. Après la pause, j'ai corrigé les cotes avec mon tuteur."],
    ['cette semaine / ce jour-là / dans la foulée', "Cette semaine, j'ai surtout préparé le matériel. Ce jour-là, nous sommes allés chez le client, et dans la foulée j'ai commencé le tirage des câbles."],
    ["one sentence of j'ai", "J'ai ouvert l'armoire, j'ai relevé les repères, j'ai débranché le variateur, j'ai posé le nouveau et j'ai refait les essais."],
  ])('finds the diary in a new form: %s', (_kind, text) => {
    expect(isJournal(scoreJournal(text), 'normal')).toBe(true);
  });

  it.each([
    ['weekly routine', "Chaque lundi, l'équipe fait le point sur les chantiers de la semaine et répartit les véhicules entre les équipes."],
    ['ordered procedure', "D'abord on consigne l'armoire, puis on vérifie l'absence de tension au VAT, ensuite on remplace le contacteur et enfin on mesure l'isolement."],
    ['planned milestones', "La mise en service est prévue le 12 avril ; le câblage doit être terminé jusqu'au 28 mars et les essais réalisés avant le 5 avril."],
    ['first-person justification', "J'ai retenu cette solution car elle supprime deux pièces usinées et que le couple à transmettre reste faible, 12 N·m au plus."],
    ['result with figures', "Après modification, le temps de cycle passe de 48 s à 41 s, soit un gain de 15 % sur la production hebdomadaire."],
    ['one schedule inside a sentence', "L'entreprise fonctionne en deux équipes, de 5 h à 13 h et de 13 h à 21 h, ce qui permet d'utiliser les presses en continu."],
    ['procedure with "une fois"', "Une fois le devis accepté, le chargé d'affaires ouvre un dossier ; une fois le dossier ouvert, le bureau d'études lance les plans."],
  ])('keeps a hard negative clean: %s', (_kind, text) => {
    expect(isJournal(scoreJournal(text), 'normal')).toBe(false);
  });

  it('numeric dates and spans of days open a diary; a dated measure or a planned span does not', () => {
    const diary = [
      "Le 14/01, j'ai modélisé le carter. Le 15/01, j'ai aidé le technicien. Le 16/01, j'ai rangé l'atelier.",
      "Du 12 au 16 janvier, j'ai continué la modélisation du carter. Du 19 au 23 janvier, j'ai aidé le technicien à la métrologie.",
    ];
    const analysis = [
      "La mesure du 14/01 a montré un écart de 0,3 mm, car le montage était mal serré ; la reprise a réduit l'écart à 0,05 mm.",
      'Le planning prévoyait la recette du 12 au 16 janvier ; elle a été avancée de deux jours grâce au script de tests.',
      'La norme NF EN 10025/2 fixe les nuances ; la version 3/4 du plan corrige la cote.',
    ];
    for (const p of diary) expect(isJournal(scoreJournal(p)), p).toBe(true);
    for (const p of analysis) expect(isJournal(scoreJournal(p)), p).toBe(false);
  });

  it('names a timetable as such in the cues', () => {
    const s = scoreJournal('8 h : arrivée. 9 h 30 : réunion. 11 h : essais.');
    expect(s.cues.filter((c) => c.kind === 'horaire').map((c) => c.text)).toEqual(['8 h', '9 h 30', '11 h']);
  });

  it('names the cues it found', () => {
    const s = scoreJournal("Le lundi, j'ai fait la visite. Le mardi, j'ai fait des recherches. Ensuite j'ai aidé au magasin.");
    const texts = s.cues.map((c) => c.text);
    expect(texts).toContain('Le lundi');
    expect(texts).toContain('Le mardi');
    expect(texts).toContain('Ensuite');
    expect(texts).toContain("j'ai fait");
  });

  it.each([
    'Le planning prévoyait trois phases : étude, conception, puis essais sur prototype.',
    "Tous les lundis, l'équipe fait le point sur les demandes des clients et répartit les priorités.",
    "Lors de l'essai du 16 mai, le prototype a tenu 1 200 N sans déformation permanente.",
    "Les essais ont d'abord été menés à température ambiante, puis en enceinte climatique à 70 °C. Cette progression a permis d'isoler l'effet de la température.",
    "L'atelier fonctionne du lundi au vendredi, de 6 h à 14 h et de 14 h à 22 h.",
    "Fondée en 1972, l'entreprise compte aujourd'hui 45 salariés.",
    "Le rapport est remis par mail professionnel au plus tard le vendredi de l'avant-dernière semaine de stage, ou le vendredi de l'avant-dernière semaine de la période de formation.",
  ])('keeps analytical prose clean: %s', (text) => {
    expect(isJournal(scoreJournal(text), 'normal')).toBe(false);
  });

  it.each([
    ['Semaine 1', 'Semaine 1'],
    ['Semaine 2 : modélisation', 'Semaine 2'],
    ['Lundi 4 mars', 'Lundi 4 mars'],
    ['2.3 Jour 3 : essais', 'Jour 3'],
    ['La deuxième semaine', 'La deuxième semaine'],
    ['Du 5 au 9 février', 'Du 5 au 9 février'],
  ])('flags the diary heading %s', (heading, cue) => {
    expect(diaryHeadingCue(heading)).toBe(cue);
  });

  it.each(['Mission 2 : mise en plan', 'Planning du stage', 'Semaines de production et cadence', 'Analyse des journaux du serveur'])(
    'leaves the heading %s alone',
    (heading) => {
      expect(diaryHeadingCue(heading)).toBeNull();
    },
  );

  it('scores a 2 MB paragraph in linear time', () => {
    const chunk = "Le lundi, j'ai fait ensuite puis le 12 mars à 8 h 30 la deuxième semaine. ";
    const big = chunk.repeat(Math.ceil(2_000_000 / chunk.length));
    const t0 = performance.now();
    const s = scoreJournal(big);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(s.score).toBeGreaterThan(3);
  });
});

const cpiReport = (...body: string[]) => md(frontmatter('cpi'), '', ...body);
const journalFindings = (text: string, settings = {}) => analyzeText(text, settings).findings.filter((f) => f.code === 'journal-style');

const DIARY = "Le lundi, j'ai fait la visite de l'atelier. Le mardi, j'ai fait des recherches sur les normes. Le mercredi, j'ai aidé au magasin.";

describe('journal-style rule', () => {
  it('flags the paragraph, with its range, the cues and the score', () => {
    const text = cpiReport('# Missions réalisées', '', 'Un paragraphe ordinaire sur la mission.', '', DIARY, '');
    const [f, ...rest] = journalFindings(text);
    expect(rest).toEqual([]);
    expect(f!.severity).toBe('warning');
    const line = text.split('\n').indexOf(DIARY);
    expect(f!.range).toEqual({ start: { line, character: 0 }, end: { line, character: DIARY.length } });
    expect(f!.message).toMatch(/journal de bord/);
    expect(f!.message).toMatch(/Contexte → Action → Résultat/);
    expect(f!.message).toContain('« Le lundi »');
    expect(f!.data.score).toBeGreaterThanOrEqual(3);
    expect(f!.data.cues).toEqual(expect.arrayContaining(['Le lundi', 'Le mardi', "j'ai fait"]));
  });

  it('covers a paragraph written over several lines and a diary list', () => {
    const wrapped = "Le lundi, j'ai fait la visite de l'atelier.\nLe mardi, j'ai fait des recherches.\nLe mercredi, j'ai aidé au magasin.";
    const list = "- Lundi : j'ai fait la visite de l'atelier.\n- Mardi : j'ai fait des recherches.\n- Mercredi : j'ai aidé au magasin.";
    const text = cpiReport('# Missions réalisées', '', wrapped, '', list, '');
    const found = journalFindings(text);
    expect(found.map((f) => [f.range.start.line, f.range.end.line])).toEqual([
      [11, 13],
      [15, 17],
    ]);
    // In French that agrees: « Paragraphe écrit », « Liste écrite ».
    expect(found.map((f) => f.message.split(' comme ')[0])).toEqual(['Paragraphe écrit', 'Liste écrite']);
  });

  it('does not look into code, tables, quotes, English sections or annexes', () => {
    const text = md(
      frontmatter('sn'),
      '',
      '# Activités réalisées',
      '',
      '```text',
      DIARY,
      '```',
      '',
      '| Jour | Tâche |',
      '|---|---|',
      "| Le lundi, j'ai fait la visite. Le mardi, j'ai fait des recherches. | Le mercredi, j'ai aidé. |",
      '',
      `> ${DIARY}`,
      '',
      '# Documents en anglais',
      '',
      DIARY,
      '',
      '# Annexes',
      '',
      DIARY,
      '',
    );
    expect(journalFindings(text)).toEqual([]);
  });

  it('flags diary headings but not recognised sections', () => {
    const text = cpiReport('# Missions réalisées', '', '## Semaine 1', '', 'Découverte des logiciels.', '', '## Lundi 4 mars', '', 'Essais.', '');
    expect(journalFindings(text).map((f) => [f.range.start.line, f.data.cues])).toEqual([
      [11, ['Semaine 1']],
      [15, ['Lundi 4 mars']],
    ]);
  });

  it('follows the sensitivity setting', () => {
    const counts = (p: string) =>
      (['low', 'normal', 'high'] as const).map((s) => journalFindings(cpiReport('# Missions réalisées', '', p, ''), { journal: { sensitivity: s } }).length);
    expect(counts("Les deux premiers jours, on m'a présenté l'équipe. Ensuite, j'ai installé les postes.")).toEqual([0, 1, 1]);
    expect(counts("Le matin, j'ai préparé les étalons. Ensuite j'ai lancé les mesures.")).toEqual([0, 0, 1]);
    expect(counts(DIARY)).toEqual([1, 1, 1]);
  });

  it('reads the editor setting rapport.journal.sensitivity', () => {
    const p = cpiReport('# Missions réalisées', '', "Le matin, j'ai préparé les étalons. Ensuite j'ai lancé les mesures.", '');
    const { settings } = sanitizeSettings({ journal: { sensitivity: 'high' } });
    expect(journalFindings(p, settings)).toHaveLength(1);
    expect(journalFindings(p, sanitizeSettings({}).settings)).toHaveLength(0);
  });

  it('honours <!-- rapport-disable journal-style -->', () => {
    const text = cpiReport('# Missions réalisées', '', '<!-- rapport-disable journal-style -->', '', DIARY, '', '<!-- rapport-enable -->', '');
    expect(journalFindings(text)).toEqual([]);
  });

  it('quick fix: inserts a Contexte / Action / Résultat skeleton after the paragraph, keeps the text, and the finding drops to an info', () => {
    const text = cpiReport('# Missions réalisées', '', DIARY, '', 'Paragraphe suivant.', '');
    const [f] = journalFindings(text);
    expect(f!.fixes).toHaveLength(1);
    const fixed = applyEdits(text, f!.fixes![0]!.edits);
    expect(fixed).toContain(DIARY);
    expect(fixed.replace(/\n\n<!--[\s\S]*?\*\*Résultat\.\*\* …/, '')).toBe(text);
    expect(fixed).toMatch(/\*\*Contexte\.\*\* …\n\n\*\*Action\.\*\* …\n\n\*\*Résultat\.\*\* …\n\nParagraphe suivant\./);
    const after = journalFindings(fixed);
    expect(after).toHaveLength(1);
    expect(after[0]!.severity).toBe('info');
    expect(after[0]!.fixes ?? []).toEqual([]);
    // Once the student deletes the diary paragraph, nothing is left to report.
    expect(journalFindings(fixed.replace(`${DIARY}\n\n`, ''))).toEqual([]);
  });

  it('quick fix keeps CRLF line endings', () => {
    const text = cpiReport('# Missions réalisées', '', DIARY, '').replace(/\n/g, '\r\n');
    const [f] = journalFindings(text);
    const fixed = applyEdits(text, f!.fixes![0]!.edits);
    expect(fixed.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(fixed).toContain(DIARY);
  });
});

describe('allMatches (the diary scoring\'s regex loop)', () => {
  const shown = (ms: RegExpMatchArray[]) => ms.map((m) => [m.index, ...m]);
  it('finds what matchAll finds, for every cue expression, on the example report and a diary sentence', () => {
    const texts = [readFileSync(join(repoRoot, 'examples', 'rapport-cpi.md'), 'utf8'), ...['Le lundi, j\'ai fait… Le mardi, on m\'a montré. 8 h : arrivée. 9 h 30 : réunion, ensuite puis enfin.']];
    const expressions = [...PATTERNS.map((p) => p.re), CLOCK_ENTRY, SEQUENCE, ...NARRATION, ...ANALYTICAL.map((a) => a.re)];
    let found = 0;
    for (const text of texts.map(foldSameLength)) {
      for (const re of expressions) {
        const got = shown(allMatches(re, text));
        expect(got).toEqual(shown([...text.matchAll(re)]));
        expect(re.lastIndex).toBe(0);
        found += got.length;
      }
    }
    expect(found).toBeGreaterThan(20);
  });
  it('refuses a non-global expression, as matchAll does', () => {
    expect(() => allMatches(/a/, 'aaa')).toThrow(TypeError);
  });
  it('moves past empty matches as matchAll does, by code point with the u flag', () => {
    for (const re of [/x*/g, /(?:)/gu, new RegExp('(?:)', 'gv'), /\b/g]) {
      for (const text of ['', 'axxb', 'a😀b😀', 'mot à mot']) expect(shown(allMatches(re, text))).toEqual(shown([...text.matchAll(re)]));
    }
  });
});

describe('anyOf (the diary scoring\'s gate)', () => {
  it('matches a text exactly when one of its expressions does', () => {
    const res = [...PATTERNS.map((p) => p.re), ...NARRATION];
    const any = anyOf(res);
    const texts = ['le lundi, j\'ai fait', 'rien de tel ici : un couple de 12 n.m mesure', 'le 12 mars', 'on m\'a montre', 'vers 8 h', '', 'cette semaine-la'].map(foldSameLength);
    for (const t of texts) expect(any.test(t)).toBe(res.some((re) => allMatches(re, t).length > 0));
    expect(texts.filter((t) => any.test(t)).length).toBeGreaterThan(3);
  });
  it('refuses expressions whose union would mean something else', () => {
    expect(() => anyOf([/a/gi])).toThrow();
    expect(() => anyOf([/(a)\1/g])).toThrow();
    expect(() => anyOf([/a/u])).toThrow();
    expect(anyOf([/a/g, /b+/]).test('xbb')).toBe(true);
  });
});
