// The built CLI, run as a process: JSON shape, text format and exit codes (contract in docs/contracts.md).

import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const fixture = (p: string) => join(root, 'test', 'fixtures', p);

function run(...args: string[]) {
  return runWith({}, ...args);
}

function runWith(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
const noConclusion = join(tmp, 'sans-conclusion.md');
writeFileSync(
  noConclusion,
  readFileSync(fixture('sections/cpi-complete.md'), 'utf8').replace(/# 5\. Conclusion[\s\S]*?(?=# Annexes)/, ''),
);

describe('broken profiles (RAPPORT_BTS_PROFILES)', () => {
  it('invalid YAML in a profile: exit 2 and a French message naming the file', () => {
    const dir = join(tmp, 'profils-yaml-invalide');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(root, 'server', 'src', 'profiles', 'sn.yaml'), join(dir, 'sn.yaml'));
    writeFileSync(join(dir, 'cpi.yaml'), `${readFileSync(join(root, 'server', 'src', 'profiles', 'cpi.yaml'), 'utf8')}\n  : : [\n`);
    const r = runWith({ RAPPORT_BTS_PROFILES: dir }, 'check', fixture('sections/sn-complete.md'));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^rapport-bts : profils invalides — cpi\.yaml : YAML invalide/);
  });
});

describe('rapport-bts check --format json', () => {
  it('follows the contract for a report', () => {
    const r = run('check', noConclusion, '--format', 'json');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.version).toBe(1);
    expect(out.files).toHaveLength(1);
    const f = out.files[0];
    expect(Object.keys(f).sort()).toEqual(['bts', 'diagnostics', 'file', 'pages']);
    expect(f.file).toBe(noConclusion);
    expect(f.bts).toBe('cpi');
    expect(Object.keys(f.pages).sort()).toEqual(['body', 'document', 'exact', 'extras', 'limit', 'sections']);
    for (const x of f.pages.extras) expect(Object.keys(x).sort()).toEqual(['line', 'pages', 'title']);
    expect(f.pages.limit).toBe(40);
    expect(f.pages.exact).toBe(false);
    for (const s of f.pages.sections) {
      expect(Object.keys(s).sort()).toEqual(['id', 'line', 'max', 'min', 'pages', 'title']);
    }
    const intro = f.pages.sections.find((s: { id: string }) => s.id === 'introduction');
    expect(intro).toMatchObject({ title: '1. Introduction', line: 19, min: 1, max: 2 });
    expect(f.pages.sections.map((s: { id: string }) => s.id)).not.toContain('conclusion');

    const missing = f.diagnostics.find((d: { code: string }) => d.code === 'section-missing');
    expect(missing).toEqual({
      code: 'section-missing',
      severity: 'error',
      message: expect.stringContaining('Conclusion'),
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
      data: { section: 'conclusion' },
      docs: 'https://github.com/rapport-bts/rapport-bts/blob/main/docs/rules/section-missing.md',
    });
    for (const d of f.diagnostics) expect(d.docs).toMatch(new RegExp(`/docs/rules/${d.code}\\.md$`));
  });

  it('gives bts null and no diagnostics for a file that is not a report', () => {
    const r = run('check', fixture('plain/readme.md'), '--format', 'json');
    expect(r.status).toBe(0);
    const f = JSON.parse(r.stdout).files[0];
    expect(f.bts).toBeNull();
    expect(f.diagnostics).toEqual([]);
    // In text, it says what would make it a report.
    const text = run('check', fixture('plain/readme.md'));
    expect(text.stdout).toContain("pas un rapport de stage (aucun champ « bts » dans l'en-tête) — ignoré. Pour le vérifier, commence le fichier par trois lignes « --- », « bts: ");
    expect(text.stdout).toContain('ou donne --bts.');
  });

  it('--bts makes a plain file a report', () => {
    const r = run('check', fixture('plain/readme.md'), '--bts', 'sn', '--format=json');
    const f = JSON.parse(r.stdout).files[0];
    expect(f.bts).toBe('sn');
    expect(f.diagnostics.some((d: { code: string }) => d.code === 'section-missing')).toBe(true);
    expect(r.status).toBe(1);
  });

  it('checks several files in one document', () => {
    const r = run('check', fixture('sections/sn-complete.md'), fixture('sections/mm-complete.md'), '--format', 'json');
    expect(JSON.parse(r.stdout).files.map((f: { bts: string }) => f.bts)).toEqual(['sn', 'mm']);
  });
});

describe('several files', () => {
  it('checked in parallel give exactly the sequential output, in the order given', () => {
    const files = [
      fixture('sections/cpi-complete.md'),
      fixture('sections/sn-complete.md'),
      join(tmp, 'absent.md'),
      fixture('sections/mm-complete.md'),
      noConclusion,
      fixture('plain/readme.md'),
      fixture('sections/electrotechnique-complete.md'),
    ];
    const sequential = runWith({ RAPPORT_BTS_JOBS: '1' }, 'check', ...files, '--format', 'json');
    const parallel = runWith({ RAPPORT_BTS_JOBS: '3' }, 'check', ...files, '--format', 'json');
    expect(parallel.stdout).toBe(sequential.stdout);
    expect(parallel.stderr).toBe(sequential.stderr);
    expect(parallel.status).toBe(2);
    expect(sequential.status).toBe(2);
    expect(JSON.parse(parallel.stdout).files.map((f: { file: string }) => f.file)).toEqual(files.filter((f) => !f.endsWith('absent.md')));
  });
});

describe('images', () => {
  it('are measured on disk, relative to the report: a small real image takes less room than the default figure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-img-'));
    const body = readFileSync(fixture('sections/sn-complete.md'), 'utf8').replace(
      '# 3. Conclusion',
      Array.from({ length: 12 }, (_, i) => `![Figure ${i}](img/fig.png)\n\n`).join('') + '# 3. Conclusion',
    );
    const report = join(dir, 'rapport.md');
    writeFileSync(report, body);
    const pagesOf = () => JSON.parse(run('check', report, '--format', 'json').stdout).files[0].pages.document as number;
    const withDefault = pagesOf(); // img/fig.png does not exist: 8 cm per figure
    mkdirSync(join(dir, 'img'));
    copyFileSync(join(root, 'media', 'icon.png'), join(dir, 'img', 'fig.png'));
    const withReal = pagesOf();
    expect(withReal).toBeLessThan(withDefault - 1);
  });
});

describe('rapport-bts check (text)', () => {
  it('prints file:line:col  severity  code  message (1-based) and a page summary', () => {
    const r = run('check', noConclusion);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${noConclusion}:1:1  erreur  section-missing  Section obligatoire absente : Conclusion.`);
    expect(r.stdout).toMatch(/BTS cpi — pages : ≈ .* hors annexes pour 40 au plus/);
  });

  it('exits 0 when no finding is an error', () => {
    const r = run('check', join(root, 'examples', 'rapport-cpi.md'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('exit status 2', () => {
  it('for a file that cannot be read, still checking the others', () => {
    const r = run('check', join(tmp, 'absent.md'), fixture('sections/sn-complete.md'), '--format', 'json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('absent.md');
    expect(r.stderr).toContain('introuvable');
    expect(JSON.parse(r.stdout).files.map((f: { bts: string }) => f.bts)).toEqual(['sn']);
  });

  it('for a file without read permission', () => {
    if (process.getuid?.() === 0) return; // root reads everything; covered by the directory case below
    const locked = join(tmp, 'locked.md');
    writeFileSync(locked, '# x');
    chmodSync(locked, 0);
    expect(run('check', locked).status).toBe(2);
  });

  it('for a directory given as a file', () => {
    const r = run('check', tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('dossier');
  });

  it.each([
    [['check', '--frobnicate', 'x.md'], 'option inconnue'],
    [['check'], 'aucun fichier'],
    [['check', 'x.md', '--format', 'xml'], 'valeur inconnue « xml » pour --format'],
    [['check', 'x.md', '--bts'], 'attend une valeur'],
    [['check', fixture('plain/readme.md'), '--bts', 'bts-inconnu'], 'BTS inconnu'],
    [['frobnicate'], 'commande inconnue'],
    [[], 'commande manquante'],
    [['lsp'], '--stdio'],
    [['lsp', '--stdio', 'extra'], 'argument inattendu « extra »'],
    [['check', '-', '-'], 'entrée standard'],
    [['check', 'x.md', '--force'], 'option inconnue'],
  ])('usage error %j', (args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });
});

describe('rapport-bts --help / --version', () => {
  it('prints usage and version', () => {
    expect(run('--help').stdout).toContain('rapport-bts check');
    expect(run('--version').stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it('check --help lists every check: its code and what it looks for, as each rule and the model declare it', async () => {
    const { rules } = await import('../../server/src/rules');
    const { MODEL_CODES } = await import('../../server/src/core/model/codes');
    const help = run('check', '--help').stdout;
    const line = (code: string) => help.split('\n').find((l) => l.startsWith(`  ${code} `)) ?? '';
    expect(rules.length).toBeGreaterThan(15);
    for (const r of rules) expect(line(r.code), r.code).toContain(r.description);
    // The model's codes, `frontmatter` included (a rule's code too: both descriptions show).
    for (const [code, description] of Object.entries(MODEL_CODES)) expect(line(code), code).toContain(description);
  });

  it('check --help names every code that has a documentation page, those the model raises too', () => {
    const help = run('check', '--help').stdout;
    const documented = readdirSync(join(root, 'docs', 'rules')).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3));
    expect(documented).toContain('document-size');
    for (const code of documented) expect(help, code).toMatch(new RegExp(`^  ${code} +\\S`, 'm'));
  });
});

describe('the command line as a user meets it (issue 13)', () => {
  const { spawn } = require('node:child_process') as typeof import('node:child_process');
  const example = join(root, 'examples', 'rapport-cpi.md');

  it.each([['check'], ['lsp']])('%s --help prints its usage and exits 0', (cmd) => {
    const r = run(cmd, '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Utilisation : rapport-bts ${cmd}`));
    expect(r.stderr).toBe('');
    expect(run('help', cmd).stdout).toBe(r.stdout);
  });

  it('writes the severity in French in the text format', () => {
    const r = run('check', noConclusion);
    expect(r.stdout).toMatch(/:\d+:\d+  erreur  section-missing  /);
    expect(r.stdout).not.toMatch(/  (error|warning|info)  /);
    expect(run('check', example).stdout).toMatch(/  (avertissement|conseil)  /);
  });

  it('refuses a binary file given with --bts, with a clear message and exit 2', () => {
    const binary = join(tmp, 'programme.md');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0, 0x41, 0x42]));
    const r = run('check', '--bts', 'cpi', binary, '--format', 'json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("ce n'est pas un fichier texte");
    expect(JSON.parse(r.stdout).files).toEqual([]);
  });

  it('reads the report from standard input with "-"', () => {
    const r = spawnSync(process.execPath, [cli, 'check', '-', '--format', 'json'], {
      input: readFileSync(noConclusion),
      encoding: 'utf8',
      env: { ...process.env },
    });
    expect(r.status).toBe(1);
    const f = JSON.parse(r.stdout).files[0];
    expect(f.file).toBe('-');
    expect(f.bts).toBe('cpi');
    expect(f.diagnostics.map((d: { code: string }) => d.code)).toContain('section-missing');
  });

  it('refuses a FIFO at once instead of waiting on it', () => {
    const fifo = join(tmp, 'tube.md');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = spawnSync(process.execPath, [cli, 'check', fifo], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("ce n'est pas un fichier ordinaire");
  });

  it('colours only on a terminal: no ANSI codes in a pipe, none with NO_COLOR even when forced', () => {
    expect(run('check', noConclusion).stdout).not.toContain('\u001b[');
    expect(runWith({ FORCE_COLOR: '1', NO_COLOR: '' }, 'check', noConclusion).stdout).toContain('\u001b[31merreur\u001b[0m');
    expect(runWith({ FORCE_COLOR: '1', NO_COLOR: '1' }, 'check', noConclusion).stdout).not.toContain('\u001b[');
  });

  it('escapes control characters that come from the report in the text output', () => {
    const evil = join(tmp, 'evil.md');
    writeFileSync(evil, '---\nbts: "\\e[2Jcpi"\n---\n\n# Intro\u001b[31m rouge\n\nTexte.\n');
    const r = run('check', evil);
    expect(r.stdout + r.stderr).not.toContain('\u001b');
    expect(r.stdout).toContain('\\u001b');
  });

  it('ends quietly when the reader closes the pipe (| head)', async () => {
    const many = Array.from({ length: 40 }, () => noConclusion);
    const child = spawn(process.execPath, [cli, 'check', ...many], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RAPPORT_BTS_JOBS: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
    expect(code).not.toBeNull();
  });
});

describe('encodings students’ files come in (issue 15)', () => {
  const source = readFileSync(noConclusion, 'utf8');
  const expected = JSON.parse(run('check', noConclusion, '--format', 'json').stdout).files[0];
  const strip = (f: { file: string }) => ({ ...f, file: '' });

  it.each([
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(source, 'utf8')])],
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(source, 'utf16le')])],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(source, 'utf16le').swap16()])],
  ])('%s is read like UTF-8: the same findings and pages', (name, bytes) => {
    const file = join(tmp, `${name.replace(/\W+/g, '-')}.md`);
    writeFileSync(file, bytes);
    const r = run('check', file, '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const got = JSON.parse(r.stdout).files[0];
    expect(strip(got)).toEqual(strip(expected));
  });

  it('Windows-1252 (not UTF-8) is decoded: accents right, sections recognised, no false section-missing', () => {
    const latin = source.replace(/[’]/g, "'");
    const cp1252 = Buffer.from(
      [...latin].map((c) => {
        const code = c.charCodeAt(0);
        if (code < 0x100) return code;
        if (c === '€') return 0x80;
        if (c === 'œ') return 0x9c;
        if (c === '–') return 0x96;
        if (c === '…') return 0x85;
        throw new Error(`not in Windows-1252: ${c}`);
      }),
    );
    const file = join(tmp, 'windows-1252.md');
    writeFileSync(file, cp1252);
    const r = run('check', file, '--format', 'json');
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout).files[0];
    const latinFile = join(tmp, 'latin-utf8.md');
    writeFileSync(latinFile, latin);
    const reference = JSON.parse(run('check', latinFile, '--format', 'json').stdout).files[0];
    expect(strip(got)).toEqual(strip(reference));
    expect(got.diagnostics.filter((d: { code: string }) => d.code === 'section-missing').map((d: { data: { section: string } }) => d.data.section)).toEqual(['conclusion']);
    expect(JSON.stringify(got)).toContain('Présentation');
  });

  it('bytes that are neither UTF-8 nor Windows-1252 text are refused clearly', () => {
    const file = join(tmp, 'inconnu.md');
    writeFileSync(file, Buffer.from([0x23, 0x20, 0x41, 0x81, 0x8d, 0x0a, 0x01, 0x02]));
    const r = run('check', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('enregistrez-le en UTF-8');
  });
});
