// Per-platform .vsix files (scripts/package.mjs, `npm run package -- --target T`): each holds
// exactly its platform's native Typst addon, fetched by the exact version package-lock.json
// locks and checked against its integrity; the extension loads the addon of the platform it
// runs on (export/engine.ts), and says in French which one is missing. The addons here are
// fake files in a fake npm cache (no network); vsce really packages two targets.

import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { addonFileName, fetchAddon, lockedAddon, packageTarget, stagedEntries, TARGETS, untar } from '../../scripts/package.mjs';
import { loadAddon, platformTriple, vsixTargetOf } from '../../server/src/export/engine';
import { repoRoot } from './helpers';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const vsceArgs = (pkg.scripts.package as string).split('vsce ')[1]!.trim().split(/\s+/);
const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'rapport-targets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An npm tarball (gzip + ustar) holding `files` under package/. */
function tgz(files: Record<string, Buffer>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, data] of Object.entries(files)) {
    const h = Buffer.alloc(512);
    h.write(`package/${name}`, 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h[156] = 48;
    h.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** A fake npm cache with the target's package, and a lock file whose integrity is that tarball's. */
function fakeAddon(target: string, cacheDir: string, content = `FAKE ADDON ${target}`) {
  const real = lockedAddon(target, lock);
  const tarball = tgz({ [addonFileName(real.triple)]: Buffer.from(content), 'package.json': Buffer.from(JSON.stringify({ name: real.name, version: real.version })) });
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `${real.name.replace(/^@/, '').replace('/', '-')}-${real.version}.tgz`);
  writeFileSync(file, tarball);
  const fakeLock = structuredClone(lock);
  fakeLock.packages[`node_modules/${real.name}`].integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
  return { real, file, fakeLock, content };
}

const noNetwork = () => {
  throw new Error('no network in this test');
};

describe('per-platform .vsix', () => {
  it('every target has its addon package locked in package-lock.json (exact version and integrity)', () => {
    expect(TARGETS).toEqual(expect.arrayContaining(['win32-x64', 'darwin-x64', 'darwin-arm64', 'linux-x64', 'linux-arm64']));
    for (const t of TARGETS) {
      const a = lockedAddon(t, lock);
      expect(a.version, t).toBe(lock.packages['node_modules/@myriaddreamin/typst-ts-node-compiler'].version);
      expect(a.integrity, t).toMatch(/^sha512-/);
    }
  });

  it('reads the addon out of an npm tarball', () => {
    const files = untar(tgz({ 'a.node': Buffer.from('x'.repeat(700)), 'b.txt': Buffer.from('y') }));
    expect(files.get('package/a.node')!.toString()).toBe('x'.repeat(700));
    expect(files.get('package/b.txt')!.toString()).toBe('y');
  });

  it('fetches a missing addon with npm pack of the exact locked version; refuses a tarball whose integrity differs', () => {
    const cacheDir = join(dir, 'cache-fetch');
    const { real, file, fakeLock } = fakeAddon('darwin-x64', join(dir, 'elsewhere'));
    const asked: string[] = [];
    const pack = (spec: string, to: string) => {
      asked.push(spec);
      writeFileSync(join(to, file.split('/').pop()!), readFileSync(file));
    };
    const a = fetchAddon('darwin-x64', { cacheDir, lock: fakeLock, pack, installed: false });
    expect(asked).toEqual([`${real.name}@${real.version}`]);
    expect(a.file).toBe('typst-ts-node-compiler.darwin-x64.node');
    expect(a.bytes.toString()).toBe('FAKE ADDON darwin-x64');
    // Cached: no second download.
    fetchAddon('darwin-x64', { cacheDir, lock: fakeLock, pack, installed: false });
    expect(asked).toHaveLength(1);
    // The real lock's integrity is not this fake tarball's: refused, and dropped from the cache.
    expect(() => fetchAddon('darwin-x64', { cacheDir, lock, pack: noNetwork, installed: false })).toThrow(/empreinte différente de celle de package-lock\.json/);
    expect(existsSync(join(cacheDir, file.split('/').pop()!))).toBe(false);
  });

  for (const target of ['win32-x64', 'darwin-arm64']) {
    it(`${target}: the .vsix holds exactly that platform's addon, and says it is for ${target}`, () => {
      const cacheDir = join(dir, `cache-${target}`);
      const { real, fakeLock, content } = fakeAddon(target, cacheDir);
      const addon = fetchAddon(target, { cacheDir, lock: fakeLock, pack: noNetwork, installed: false });
      const out = packageTarget(target, { vsceArgs, out: join(dir, `${target}.vsix`), addon });
      const entries = unzipSync(new Uint8Array(readFileSync(out)));
      const addons = Object.keys(entries).filter((f) => f.endsWith('.node'));
      expect(addons).toEqual([`extension/dist/typst/${addonFileName(real.triple)}`]);
      expect(strFromU8(entries[addons[0]!]!)).toBe(content);
      expect(strFromU8(entries['extension.vsixmanifest']!)).toContain(`TargetPlatform="${target}"`);
      // The rest of the extension is there (the package of the host is tested in package.test.ts).
      expect(Object.keys(entries)).toEqual(expect.arrayContaining(['extension/dist/server.js', 'extension/dist/typst-worker.js', 'extension/package.json']));
      // The .vsix is made from a staging folder: dist/typst keeps this machine's addon only.
      expect(readdirSync(join(repoRoot, 'dist', 'typst'))).not.toContain(addonFileName(real.triple));
    }, 120_000);
  }

  it('packages the bundles built for it (npm run package builds them in a folder of its own), not dist/, which a fresh clone lacks', () => {
    const built = join(dir, 'built-dist');
    cpSync(join(repoRoot, 'dist'), built, { recursive: true, filter: (src) => !src.includes(`${join(repoRoot, 'dist', 'typst')}`) });
    appendFileSync(join(built, 'server.js'), '\n// built for this package\n');
    expect(stagedEntries(null, join(dir, 'no-such-dist')).map((e) => e.entry)).not.toContain('dist');
    expect(stagedEntries(null, built)).toContainEqual({ entry: 'dist', from: built });
    const cacheDir = join(dir, 'cache-built');
    const { fakeLock } = fakeAddon('win32-x64', cacheDir);
    const addon = fetchAddon('win32-x64', { cacheDir, lock: fakeLock, pack: noNetwork, installed: false });
    const out = packageTarget('win32-x64', { vsceArgs, out: join(dir, 'built.vsix'), addon, dist: built });
    const entries = unzipSync(new Uint8Array(readFileSync(out)));
    expect(strFromU8(entries['extension/dist/server.js']!)).toMatch(/\/\/ built for this package\n$/);
  }, 120_000);
});

describe('the addon the extension loads', () => {
  it('maps each platform to the .vsix target whose addon it loads', () => {
    expect(vsixTargetOf(platformTriple('win32', 'x64', false))).toBe('win32-x64');
    expect(vsixTargetOf(platformTriple('win32', 'arm64', false))).toBe('win32-arm64');
    expect(vsixTargetOf(platformTriple('darwin', 'x64', false))).toBe('darwin-x64');
    expect(vsixTargetOf(platformTriple('darwin', 'arm64', false))).toBe('darwin-arm64');
    expect(vsixTargetOf(platformTriple('linux', 'x64', false))).toBe('linux-x64');
    expect(vsixTargetOf(platformTriple('linux', 'arm64', false))).toBe('linux-arm64');
    expect(vsixTargetOf(platformTriple('linux', 'arm', false))).toBe('linux-armhf');
    expect(vsixTargetOf(platformTriple('linux', 'x64', true))).toBe('alpine-x64');
    expect(vsixTargetOf(platformTriple('linux', 'arm64', true))).toBe('alpine-arm64');
  });

  it("loads the file of the platform it runs on from the package's dist/typst", () => {
    const typst = join(dir, 'typst-both');
    mkdirSync(typst, { recursive: true });
    for (const t of ['win32-x64-msvc', 'darwin-arm64']) writeFileSync(join(typst, addonFileName(t)), t);
    expect(loadAddon([typst], 'darwin-arm64', (id) => ({ id }))).toEqual({ id: join(typst, addonFileName('darwin-arm64')) });
    expect(loadAddon([typst], 'win32-x64-msvc', (id) => ({ id }))).toEqual({ id: join(typst, addonFileName('win32-x64-msvc')) });
  });

  it("says in French which platform's addon is missing, and which package to install", () => {
    const typst = join(dir, 'typst-win');
    mkdirSync(typst, { recursive: true });
    writeFileSync(join(typst, addonFileName('win32-x64-msvc')), 'x');
    const load = (id: string) => {
      throw new Error(`Cannot find module '${id}'`);
    };
    expect(() => loadAddon([typst], 'linux-x64-gnu', load)).toThrow(
      /le moteur de mise en page Typst n'est pas fourni pour ce système \(linux-x64-gnu\) ; cette copie de l'extension contient celui de win32-x64-msvc\. Installez l'extension publiée pour linux-x64/,
    );
    expect(() => loadAddon([typst], 'freebsd-x64', load)).toThrow(/Ce système n'est pas pris en charge par l'export/);
  });
});
