// `rapport-bts classe`, run as a process on a class folder: what is found (recursive, hidden
// folders and node_modules skipped), the others (a non-report, unreadable files), the output
// written next to the folder and never overwritten without --force, the exit status.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateReport } from '../../bench/generate.mjs';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const base = mkdtempSync(join(tmpdir(), 'rapport-classe-'));
const dir = join(base, 'rapports');
mkdirSync(join(dir, 'groupe-b'), { recursive: true });
mkdirSync(join(dir, '.brouillons'), { recursive: true });
mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
const reports = [
  ['alice.md', generateReport({ pages: 22, seed: 7, bts: 'cpi' })],
  ['groupe-b/bruno.md', generateReport({ pages: 30, seed: 8, bts: 'sn' })],
  ['groupe-b/chloé.md', generateReport({ pages: 25, seed: 9, bts: 'electrotechnique' })],
] as const;
for (const [f, text] of reports) writeFileSync(join(dir, f), text);
writeFileSync(join(dir, 'LISEZMOI.md'), '# Consignes\n\nRendre le rapport avant vendredi.\n');
writeFileSync(join(dir, 'scan.md'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02]));
symlinkSync(join(base, 'nulle-part.md'), join(dir, 'perdu.md'));
writeFileSync(join(dir, '.brouillons', 'cache.md'), reports[0][1]);
writeFileSync(join(dir, 'node_modules', 'pkg', 'README.md'), '# pkg\n');
writeFileSync(join(dir, 'notes.txt'), 'pas du Markdown');
// A report handed in as Word, alone in its folder (listed); alice's PDF export and a datasheet
// beside reports (not listed: an export, an annex).
mkdirSync(join(dir, 'groupe-c'), { recursive: true });
writeFileSync(join(dir, 'groupe-c', 'david.docx'), 'PK');
writeFileSync(join(dir, 'alice.pdf'), '%PDF-1.7');
writeFileSync(join(dir, 'groupe-b', 'datasheet-capteur.pdf'), '%PDF-1.7');

describe('rapport-bts classe', () => {
  it('--format json: one row per report, the others listed, hidden folders and node_modules skipped', () => {
    const r = run(base, 'classe', 'rapports', '--format', 'json');
    expect(r.status).toBe(2); // two files cannot be read, as `check` says
    const j = JSON.parse(r.stdout);
    expect(j.version).toBe(1);
    expect(j.rows.map((x: { file: string }) => x.file)).toEqual(['rapports/alice.md', 'rapports/groupe-b/bruno.md', 'rapports/groupe-b/chloé.md']);
    expect(j.others.map((o: { file: string; kind: string }) => [o.file, o.kind])).toEqual([
      ['rapports/LISEZMOI.md', 'not-report'],
      ['rapports/perdu.md', 'unreadable'],
      ['rapports/scan.md', 'unreadable'],
      ['rapports/groupe-c/david.docx', 'not-report'],
    ]);
    expect(j.others[3].reason).toBe('document Word (.docx), pas un rapport en Markdown');
    expect(j.others[1].reason).toBe('fichier introuvable');
    expect(j.others[2].reason).toContain('binaire');
    expect(r.stderr).toContain('perdu.md');
    expect(r.stderr).not.toContain('LISEZMOI');

    // The same figures as `check` gives for each file.
    const check = JSON.parse(run(base, 'check', ...reports.map(([f]) => join('rapports', f)), '--format', 'json').stdout);
    j.rows.forEach((row: Record<string, any>, i: number) => {
      const f = check.files[i];
      const n = (s: string) => f.diagnostics.filter((d: { severity: string }) => d.severity === s).length;
      expect([row.bts, row.errors, row.warnings, row.infos]).toEqual([f.bts, n('error'), n('warning'), n('info')]);
      expect(row.pages.body).toBe(f.pages.body);
      expect(row.pages.limit).toBe(f.pages.limit);
      expect(row.missing).toEqual(
        f.diagnostics.filter((d: any) => d.code === 'section-missing' && d.severity === 'error').map((d: any) => d.data.section),
      );
      expect(row.diary).toBe(f.diagnostics.filter((d: any) => d.code === 'journal-style').length);
    });
  }, 180_000);

  it('exit status 1 when a report has an error and every file could be read', () => {
    const r = run(base, 'classe', 'rapports/alice.md', 'rapports/groupe-b', 'rapports/LISEZMOI.md', '--format', 'json');
    const j = JSON.parse(r.stdout);
    expect(j.rows.length).toBe(3);
    expect(j.others).toEqual([{ file: 'rapports/LISEZMOI.md', reason: expect.stringContaining('pas un rapport'), kind: 'not-report' }]);
    expect(r.status).toBe(j.rows.some((x: { errors: number }) => x.errors > 0) ? 1 : 0);
  }, 180_000);

  it('writes classe.html next to the folder, then refuses to overwrite it without --force', () => {
    const out = join(base, 'classe.html');
    const first = run(base, 'classe', 'rapports');
    expect(first.stdout).toContain('classe.html');
    expect(first.stdout).toMatch(/3 rapports/);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="fr">');
    expect(html.match(/<tr data-detail=/g)).toHaveLength(3);
    expect(html).toContain('perdu.md');

    writeFileSync(out, 'gardé');
    const again = run(base, 'classe', 'rapports');
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/existe déjà.*--force/);
    expect(readFileSync(out, 'utf8')).toBe('gardé');

    run(base, 'classe', 'rapports', '--force');
    expect(readFileSync(out, 'utf8')).toContain('<html lang="fr">');
  }, 180_000);

  it('--format csv writes classe.csv; --output chooses the file', () => {
    run(base, 'classe', 'rapports', '--format', 'csv');
    const csv = readFileSync(join(base, 'classe.csv'), 'utf8');
    expect(csv.startsWith('\ufeffFichier;Élève;BTS;État;')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(1 + 3 + 4);
    const out = join(base, 'sortie', 'b.csv');
    mkdirSync(join(base, 'sortie'));
    run(base, 'classe', 'rapports', '--format=csv', '--output', out);
    expect(existsSync(out)).toBe(true);
    const missingDir = run(base, 'classe', 'rapports', '--output', join(base, 'absent', 'c.html'));
    expect(missingDir.status).toBe(2);
    expect(missingDir.stderr).toContain("impossible d'écrire");
  }, 180_000);

  it('usage errors in French, exit 2', () => {
    for (const args of [['classe'], ['classe', 'rapports', '--format', 'pdf'], ['classe', 'rapports', '--exact=oui'], ['classe', '-']]) {
      const r = run(base, ...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^rapport-bts : /);
      expect(r.stderr).toContain('Utilisation : rapport-bts classe');
    }
    const empty = join(base, 'vide');
    mkdirSync(empty);
    const r = run(base, 'classe', 'vide', '--format', 'json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('aucun fichier .md trouvé');
    const help = run(base, 'classe', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--force');
    // A folder whose name is mistyped: said at once, and no summary written (classe.html next to
    // it said « 0 rapport » and, the second time, that it existed already).
    const typo = mkdtempSync(join(tmpdir(), 'rapport-classe-typo-'));
    for (let i = 0; i < 2; i++) {
      const t = run(typo, 'classe', 'rapprots');
      expect(t.status).toBe(2);
      expect(t.stderr).toContain('rapport-bts : dossier ou fichier introuvable : « rapprots »');
      expect(readdirSync(typo)).toEqual([]);
    }
  }, 180_000);

  it('--exact: the figures of `check --exact` for each file (whole pages, no "≈"), in the worker threads too', () => {
    // Four reports: enough for worker threads (RAPPORT_BTS_JOBS=2 forces one beside this thread).
    const exactDir = join(base, 'exacts');
    mkdirSync(exactDir);
    const names = ['a.md', 'b.md', 'c.md', 'd.md'];
    (['cpi', 'sn', 'electrotechnique', 'mm'] as const).forEach((bts, i) => writeFileSync(join(exactDir, names[i]!), generateReport({ pages: 6 + 3 * i, seed: 20 + i, bts })));
    const env = { ...process.env, NO_COLOR: '1', RAPPORT_BTS_JOBS: '2' };
    const go = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: base, env });
    const classe = go('classe', 'exacts', '--exact', '--format', 'json');
    const check = go('check', ...names.map((n) => join('exacts', n)), '--exact', '--format', 'json');
    expect(classe.stderr).toBe('');
    const j = JSON.parse(classe.stdout);
    const c = JSON.parse(check.stdout);
    expect(j.rows).toHaveLength(4);
    // The length of a complete report the profiles give (pages.expected, else infoBelow; MM none).
    const REFERENCE: Record<string, number | null> = { cpi: 19, sn: 30, ciel: 30, electrotechnique: 15, mm: null };
    j.rows.forEach((row: Record<string, any>, i: number) => {
      const f = c.files[i];
      expect(row.file).toBe(f.file);
      expect(f.pages.exact).toBe(true);
      expect(row.pages).toEqual({ body: f.pages.body, limit: f.pages.limit, exact: true, document: f.pages.document, reference: REFERENCE[f.bts] });
      expect(Number.isInteger(row.pages.body)).toBe(true);
      // The rules judged the exact figures, as in `check --exact`.
      const n = (s: string) => f.diagnostics.filter((d: { severity: string }) => d.severity === s).length;
      expect([row.errors, row.warnings, row.infos]).toEqual([n('error'), n('warning'), n('info')]);
      expect(row.findings.map((x: { code: string; line: number }) => `${x.code}:${x.line}`)).toEqual(f.diagnostics.map((d: any) => `${d.code}:${d.range.start.line}`));
    });
    expect(classe.status).toBe(check.status);
    // Without --exact the same rows are estimates.
    const estimate = JSON.parse(go('classe', 'exacts', '--format', 'json').stdout);
    expect(estimate.rows.every((r: { pages: { exact: boolean } }) => r.pages.exact === false)).toBe(true);

    // HTML and CSV: no "≈" but for a section within one page, which even exact figures judge by
    // the estimate of its text (a whole-page count cannot judge MM's half-page English summary);
    // the pages column says the figures are counted.
    go('classe', 'exacts', '--exact', '--output', join(base, 'exacts.html'));
    const html = readFileSync(join(base, 'exacts.html'), 'utf8');
    expect(html.replace(/≈ 0,\d p\./g, '')).not.toContain('≈');
    expect(html).toContain('comptées sur le document exporté');
    expect(html).toContain(`<td data-v="${j.rows[0].pages.body}">${j.rows[0].pages.body} / ${j.rows[0].pages.limit}</td>`);
    go('classe', 'exacts', '--exact', '--format', 'csv', '--output', join(base, 'exacts.csv'));
    const csv = readFileSync(join(base, 'exacts.csv'), 'utf8');
    expect(csv.replace(/≈ 0,\d p\./g, '')).not.toContain('≈');
    expect(csv.split('\r\n')[0]).toContain('Pages hors annexes (exactes)');
    expect(csv.split('\r\n')[1]!.split(';')[4]).toBe(String(j.rows[0].pages.body));
  }, 300_000);

  it('a report saved in Windows-1252 by Word or Notepad: the student name and the text read right (’, œ, €)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'rapport-cp1252-'));
    const text = generateReport({ pages: 20, seed: 12, bts: 'cpi' })
      .replace(/^auteur: .*$/m, 'auteur: { nom: D’Alembert, prenom: Élodie }')
      .replace(/\n#+ [^\n]*Introduction[^\n]*\n/, (h) => `${h}\nLa mise en œuvre a coûté 1 200 € — « sans surprise ».\n`)
      .replace(/[^\u0000-\u00ff€’œ—«»]/g, '-');
    const bytes = Buffer.from([...text].map((c) => ({ '€': 0x80, '’': 0x92, 'œ': 0x9c, '—': 0x97 })[c] ?? c.charCodeAt(0)));
    writeFileSync(join(folder, 'dalembert.md'), bytes);
    writeFileSync(join(folder, 'utf8.md'), text);
    const j = JSON.parse(run(folder, 'classe', '.', '--format', 'json').stdout);
    expect(j.rows.map((r: { student: string }) => r.student)).toEqual(['Élodie D’Alembert', 'Élodie D’Alembert']);
    const [cp, utf8] = j.rows.map(({ file: _, ...rest }: Record<string, unknown>) => rest);
    expect(cp).toEqual(utf8);
    // Before, Latin-1's control characters came out: D\u0092Alembert.
    expect(JSON.stringify(j)).not.toMatch(/[\u0080-\u009f]/);
  });

  it('a file named twice is one row; hidden files are skipped; a folder given to --output is refused, --force or not', () => {
    const folder = mkdtempSync(join(tmpdir(), 'rapport-deux-fois-'));
    mkdirSync(join(folder, 'classe'));
    writeFileSync(join(folder, 'classe', 'alice.md'), reports[0][1]);
    // What macOS leaves beside a copied file: binary, hidden, no report.
    writeFileSync(join(folder, 'classe', '._alice.md'), Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]));
    const j = JSON.parse(run(folder, 'classe', 'classe', './classe/alice.md', join(folder, 'classe', 'alice.md'), '--format', 'json').stdout);
    expect(j.rows.map((r: { file: string }) => r.file)).toEqual(['classe/alice.md']);
    expect(j.others).toEqual([]);
    mkdirSync(join(folder, 'sorties'));
    for (const force of [[], ['--force']]) {
      const r = run(folder, 'classe', 'classe', '--output', 'sorties', ...force);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('sorties est un dossier : donnez un nom de fichier à --output');
      expect(r.stderr).not.toContain('existe déjà');
    }
    expect(readdirSync(join(folder, 'sorties'))).toEqual([]);
  });

  it('a Word document or a PDF renamed .md is named as such, with what to do', () => {
    const folder = mkdtempSync(join(tmpdir(), 'rapport-renomme-'));
    writeFileSync(join(folder, 'rapport-word.md'), Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000'), Buffer.from('[Content_Types].xml')]));
    writeFileSync(join(folder, 'rapport-pdf.md'), Buffer.concat([Buffer.from('%PDF-1.7\n%'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0x0a])]));
    const r = run(folder, 'classe', '.', '--format', 'json');
    expect(r.status).toBe(2);
    const reasons = Object.fromEntries(JSON.parse(r.stdout).others.map((o: { file: string; reason: string }) => [o.file, o.reason]));
    expect(reasons['rapport-word.md']).toBe("c'est un document Word (.docx) ou une archive renommé en .md, pas du Markdown : convertis le rapport (par exemple pandoc rapport.docx -o rapport.md)");
    expect(reasons['rapport-pdf.md']).toMatch(/^c'est un PDF renommé en \.md/);
  });
});
