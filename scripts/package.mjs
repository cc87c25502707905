// `npm run package [-- --target T]... [-- --all] [-- -o FILE|DIR]`: the extension's .vsix, one per
// platform (`vsce package --target T`), each holding only that platform's native Typst addon
// (dist/typst/typst-ts-node-compiler.<triple>.node). Without --target: the platform of this
// machine. --all: every target of server/src/export/addons.json.
//
// The addon of another platform is the npm package of its exact version locked in
// package-lock.json, fetched at package time with `npm pack NAME@VERSION` into a cache
// (.cache/typst-addons/, or --addon-cache DIR; RAPPORT_BTS_ADDON_CACHE), checked against the
// lock file's sha512 integrity, then unpacked. Network is needed only to fill the cache, never
// when the extension runs. The .vsix is made from a staging folder (the files .vscodeignore
// lets in, dist/typst replaced). The production bundles are built into a temporary folder
// (`build.mjs --production --outdir`), so dist/ is never changed under a running build or test.
//
// The arguments after the script's name in package.json ("vsce package …") are the vsce
// command line; unknown arguments are passed to vsce.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ADDONS = JSON.parse(readFileSync(join(root, 'server', 'src', 'export', 'addons.json'), 'utf8'));
export const TARGETS = Object.keys(ADDONS.targets);

/** The addon's file name for a napi triple (as export/engine.ts loads it). */
export const addonFileName = (triple) => `typst-ts-node-compiler.${triple}.node`;

/** The vsce target of this machine. */
export function hostTarget() {
  const { platform, arch } = process;
  let musl = false;
  if (platform === 'linux') {
    try {
      musl = !process.report.getReport().header.glibcVersionRuntime;
    } catch {
      musl = false;
    }
  }
  if (platform === 'linux') return `${musl ? 'alpine' : 'linux'}-${arch === 'arm' ? 'armhf' : arch}`;
  return `${platform}-${arch}`;
}

/** name@version and integrity of a target's addon package, from package-lock.json. */
export function lockedAddon(target, lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))) {
  const triple = ADDONS.targets[target];
  if (!triple) throw new Error(`cible inconnue « ${target} » (cibles : ${TARGETS.join(', ')})`);
  const name = `${ADDONS.package}-${triple}`;
  const entry = lock.packages?.[`node_modules/${name}`];
  if (!entry?.version || !entry?.integrity) throw new Error(`${name} n'est pas dans package-lock.json (version et intégrité) : lancez npm install`);
  return { target, triple, name, version: entry.version, integrity: entry.integrity };
}

/** The files of a .tgz (npm's tarballs: gzip + ustar). */
export function untar(tgz) {
  const tar = gunzipSync(tgz);
  const files = new Map();
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const str = (from, len) => header.subarray(from, from + len).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(str(124, 12).trim() || '0', 8);
    const prefix = str(345, 155);
    const name = (prefix ? `${prefix}/` : '') + str(0, 100);
    const type = String.fromCharCode(header[156] || 48);
    if (type === '0' || type === '\0') files.set(name, tar.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

const sri = (bytes) => `sha512-${createHash('sha512').update(bytes).digest('base64')}`;

/**
 * The addon of a target: from the cache, else `npm pack` of its locked version into the cache;
 * checked against the lock file's integrity. Returns the .node file's bytes and name.
 */
export function fetchAddon(target, { cacheDir = defaultCache(), lock, pack = npmPack, installed = true } = {}) {
  const a = lockedAddon(target, lock);
  const file = addonFileName(a.triple);
  // This machine's addon, installed by npm ci at the locked version: no download.
  if (installed !== false) {
    try {
      const dir = join(root, 'node_modules', ...a.name.split('/'));
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg.version === a.version && existsSync(join(dir, file))) return { ...a, file, bytes: readFileSync(join(dir, file)), from: 'node_modules' };
    } catch {
      /* not installed here */
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  const tgzName = `${a.name.replace(/^@/, '').replace('/', '-')}-${a.version}.tgz`;
  const cached = join(cacheDir, tgzName);
  if (!existsSync(cached)) pack(`${a.name}@${a.version}`, cacheDir);
  if (!existsSync(cached)) throw new Error(`npm pack ${a.name}@${a.version} n'a pas donné ${tgzName}`);
  const tgz = readFileSync(cached);
  if (sri(tgz) !== a.integrity) {
    rmSync(cached, { force: true });
    throw new Error(`${tgzName} : empreinte différente de celle de package-lock.json (fichier retiré du cache)`);
  }
  const bytes = untar(tgz).get(`package/${file}`);
  if (!bytes) throw new Error(`${tgzName} ne contient pas package/${file}`);
  return { ...a, file, bytes, from: cached };
}

function defaultCache() {
  return resolve(process.env.RAPPORT_BTS_ADDON_CACHE || join(root, '.cache', 'typst-addons'));
}

function npmPack(spec, dir) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['pack', spec, '--pack-destination', dir, '--silent'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`npm pack ${spec} a échoué : ${r.stderr || r.error?.message || r.status}`);
}

/**
 * The top-level files and folders the .vsix may take (the allow-list of .vscodeignore), plus the
 * readme, each with the path it is copied from: `dist` from the bundles built for this package
 * (a fresh clone has no dist/ of its own).
 */
export function stagedEntries(readme, dist = join(root, 'dist')) {
  const allowed = readFileSync(join(root, '.vscodeignore'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.startsWith('!'))
    .map((l) => l.slice(1).split('/')[0]);
  return [...new Set(['package.json', '.vscodeignore', ...(readme ? [readme] : []), ...allowed])]
    .map((e) => ({ entry: e, from: e === 'dist' ? dist : join(root, e) }))
    .filter((e) => existsSync(e.from));
}

/**
 * Makes the .vsix of one target from the built dist/ (which must exist) with that target's
 * addon only. Returns the .vsix path.
 */
export function packageTarget(target, { vsceArgs, out, addon, dist = join(root, 'dist'), vsce = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce') }) {
  if (!existsSync(join(dist, 'server.js'))) throw new Error(`les bundles sont absents de ${dist} : lancez npm run build, ou npm run package sans --no-build`);
  const readmeAt = vsceArgs.indexOf('--readme-path');
  const stage = mkdtempSync(join(tmpdir(), `rapport-vsix-${target}-`));
  try {
    for (const { entry, from } of stagedEntries(readmeAt >= 0 ? vsceArgs[readmeAt + 1] : null, dist)) {
      // Without the addons: the target's own goes in below.
      const addons = join(from, 'typst');
      cpSync(from, join(stage, entry), { recursive: true, filter: (src) => src !== addons && !src.startsWith(addons + sep) });
    }
    mkdirSync(join(stage, 'dist', 'typst'), { recursive: true });
    writeFileSync(join(stage, 'dist', 'typst', addon.file), addon.bytes);
    mkdirSync(dirname(out), { recursive: true });
    execFileSync(vsce, [...vsceArgs, '--target', target, '--out', out], { cwd: stage, stdio: ['ignore', 'inherit', 'inherit'] });
    return out;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function parseArgs(argv) {
  const targets = [];
  const vsce = [];
  let out = null;
  let cacheDir = null;
  let all = false;
  let build = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--target') targets.push(argv[++i]);
    else if (a === '--all') all = true;
    else if (a === '-o' || a === '--out') out = argv[++i];
    else if (a === '--addon-cache') cacheDir = argv[++i];
    else if (a === '--no-build') build = false;
    else vsce.push(a);
  }
  return { targets: all ? TARGETS : targets.length ? targets : [hostTarget()], vsce, out, cacheDir, build };
}

async function main() {
  const { targets, vsce, out, cacheDir, build } = parseArgs(process.argv.slice(2));
  const vsceArgs = vsce[0] === 'vsce' ? vsce.slice(1) : vsce;
  const unknown = targets.filter((t) => !ADDONS.targets[t]);
  if (unknown.length) throw new Error(`cible inconnue : ${unknown.join(', ')} (cibles : ${TARGETS.join(', ')})`);
  // The production bundles are built in a folder of their own: dist/ (the development build that
  // the editor suites, the CLI tests and a running editor use) is never rewritten under them.
  const built = build ? mkdtempSync(join(tmpdir(), 'rapport-vsix-dist-')) : null;
  try {
    if (built) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production', '--outdir', built], { stdio: 'inherit', env: { ...process.env, RAPPORT_BTS_NO_ADDON: '1' } });
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    const made = [];
    for (const target of targets) {
      const addon = fetchAddon(target, { cacheDir: cacheDir ? resolve(cacheDir) : defaultCache() });
      // One target and -o FILE: that file; several: -o is a folder.
      const file =
        out && targets.length === 1 && !(existsSync(out) && statSync(out).isDirectory()) ? resolve(out) : join(resolve(out ?? root), `rapport-bts-${target}-${version}.vsix`);
      made.push(packageTarget(target, { vsceArgs, out: file, addon, ...(built ? { dist: built } : {}) }));
      console.log(`${target} : ${basename(file)} (${addon.file})`);
    }
    return made;
  } finally {
    if (built) rmSync(built, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`rapport-bts package : ${e.message}`);
    process.exit(1);
  });
}
