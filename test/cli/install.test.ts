// The command line installed the way npm users expect: `npm pack`, then
// `npm install -g ./rapport-bts-<version>.tgz` into a temporary prefix gives a `rapport-bts`
// on the PATH that checks a report with no other file of the project around it.

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'rapport-install-'));
const prefix = join(work, 'prefix');
const bin = join(prefix, 'bin', 'rapport-bts');
const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

describe('npm pack, then npm install -g of the tarball', () => {
  let tarball: string;
  beforeAll(() => {
    if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does it first).');
    const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8', env });
    tarball = join(work, out.trim().split('\n').pop()!);
    execFileSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--silent', tarball], { cwd: work, encoding: 'utf8', env });
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('the tarball holds the CLI and its profiles, and nothing of the sources', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(listing).toContain('package/dist/cli.js');
    expect(listing).toContain('package/dist/profiles/cpi.yaml');
    expect(listing.filter((f) => /^package\/(server|client|test|bench|node_modules)\//.test(f) || f.endsWith('.map'))).toEqual([]);
  });

  it('gives a rapport-bts on the PATH that checks a report alone in its folder', () => {
    const alone = mkdtempSync(join(work, 'classe-'));
    copyFileSync(join(root, 'examples', 'rapport-cpi.md'), join(alone, 'rapport.md'));
    expect(existsSync(bin)).toBe(true);
    const r = spawnSync('rapport-bts', ['check', 'rapport.md', '--format', 'json'], {
      cwd: alone,
      encoding: 'utf8',
      env: { ...env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}` },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const f = JSON.parse(r.stdout).files[0];
    expect(f.bts).toBe('cpi');
    expect(f.pages.sections.map((s: { id: string }) => s.id)).toContain('introduction');
    expect(readdirSync(alone)).toEqual(['rapport.md']);
  });

  it('exports a PDF with the installed package alone (fonts and Typst addon inside it)', () => {
    const alone = mkdtempSync(join(work, 'export-'));
    copyFileSync(join(root, 'examples', 'rapport-cpi.md'), join(alone, 'rapport.md'));
    const r = spawnSync('rapport-bts', ['export', 'rapport.md'], {
      cwd: alone,
      encoding: 'utf8',
      env: { ...env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}` },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(alone).sort()).toEqual(['rapport.md', 'rapport.pdf']);
    expect(readFileSync(join(alone, 'rapport.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('exports a Word file with the installed package alone (the Word export is a bundle of its own, loaded then)', () => {
    const alone = mkdtempSync(join(work, 'export-docx-'));
    copyFileSync(join(root, 'examples', 'rapport-cpi.md'), join(alone, 'rapport.md'));
    const r = spawnSync('rapport-bts', ['export', 'rapport.md', '--format', 'docx'], {
      cwd: alone,
      encoding: 'utf8',
      env: { ...env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}` },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(alone).sort()).toEqual(['rapport.docx', 'rapport.md']);
    // A zip archive (PK\x03\x04) holding the document's XML.
    const docx = readFileSync(join(alone, 'rapport.docx'));
    expect(docx.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(docx.includes('word/document.xml')).toBe(true);
  });
});
