// What the .vsix holds: the bundles, profiles, templates, snippets, walkthrough media and
// localisation files — and none of the sources, tests, benchmarks, node_modules or maps.
// `vsce ls` applies .vscodeignore without building (about 1 s); one real `vsce package` into
// a temporary folder (about 2 s) checks the archive itself. Neither rebuilds dist/: the bundles
// come from the build that `npm test` runs first (or `npm run build`).

import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNode, parse as parseYaml, parseDocument, visit } from 'yaml';
import { repoRoot } from './helpers';

const vsce = join(repoRoot, 'node_modules', '.bin', 'vsce');
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const profiles = readdirSync(join(repoRoot, 'server', 'src', 'profiles')).filter((f) => f.endsWith('.yaml'));
const bundles = ['dist/client.js', 'dist/server.js', 'dist/cli.js', 'dist/docx.js'];
/** What the extension runs: the CLI bundle is for the npm package, not the .vsix. The server
 * loads the Word export's bundle (dist/docx.js) when it makes a Word file. */
const extensionBundles = ['dist/client.js', 'dist/server.js', 'dist/typst-worker.js', 'dist/docx.js'];
/** The arguments of `vsce` in the package script: one place says how the .vsix is made. */
const vsceArgs = (pkg.scripts.package as string).split('vsce ')[1]!.trim().split(/\s+/);
const readmeOf = (args: string[]) => args[args.indexOf('--readme-path') + 1]!;
const built = bundles.every((b) => existsSync(join(repoRoot, b)));

/** Files the packaged extension needs at run time, from the manifest and the profiles. */
function requiredFiles(): string[] {
  const c = pkg.contributes ?? {};
  return [
    'package.json',
    'package.nls.json',
    'CHANGELOG.md',
    'LICENSE',
    pkg.main.replace(/^\.\//, ''),
    ...extensionBundles,
    ...profiles.map((p) => `dist/profiles/${p}`),
    ...profiles.map((p) => `templates/${p.replace(/\.yaml$/, '.md')}`),
    ...(c.snippets ?? []).map((s: { path: string }) => s.path.replace(/^\.\//, '')),
    ...(c.walkthroughs ?? []).flatMap((w: { steps: { media: { markdown?: string; image?: string } }[] }) =>
      w.steps.flatMap((s) => [s.media.markdown, s.media.image].filter((x): x is string => typeof x === 'string')),
    ),
    ...(pkg.icon ? [pkg.icon] : []),
    // The export: the shipped fonts with their licence, the Typst addon of this platform.
    ...readdirSync(join(repoRoot, 'server', 'fonts')).map((f) => `dist/fonts/${f}`),
    ...readdirSync(join(repoRoot, 'dist', 'typst')).map((f) => `dist/typst/${f}`),
  ];
}

/** Files that must never ship. */
const FORBIDDEN: [RegExp, string][] = [
  [/^(client|server)\//, 'sources'],
  [/\.(ts|mts|cts|tsx)$/, 'TypeScript'],
  [/^test\/|\.test\./, 'tests'],
  [/^bench\//, 'benchmarks'],
  [/(^|\/)node_modules\//, 'node_modules'],
  [/\.map$/, 'source maps'],
  [/^out\/|tsbuildinfo$/, 'type-check output'],
  [/^scripts\//, 'dev scripts'],
  [/(^|\/)(tsconfig[^/]*\.json|vitest\.config\.\w+|package-lock\.json|\.gitignore|\.vscodeignore|CONTRIBUTING\.md)$/, 'dev files'],
  [/^(\.git|\.vscode|\.vscode-test|test-results|examples)\/|^docs\/(?!images\/|rules\/)/, 'dev folders'],
  [/^dist\/cli\.js$/, 'the CLI (npm package only)'],
  [/\.vsix$/, 'packages'],
];

const forbiddenIn = (files: string[]) =>
  files.flatMap((f) => FORBIDDEN.filter(([re]) => re.test(f)).map(([, why]) => `${f} (${why})`));

describe('packaging', () => {
  beforeAll(() => {
    if (!built) throw new Error('dist/ is not built: run `npm run build` (npm test does it first).');
  });

  it('vsce ls: everything needed, nothing else', () => {
    const out = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' });
    const files = out.split(/\r?\n/).filter(Boolean);
    expect(forbiddenIn(files)).toEqual([]);
    expect(requiredFiles().filter((f) => !files.includes(f))).toEqual([]);
  });

  describe('the .vsix', () => {
    let dir: string;
    let entries: Map<string, Buffer>;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'rapport-vsix-'));
      const vsix = join(dir, 'rapport-bts.vsix');
      // A build running at the same time (another terminal, the editor suites) empties dist/ for
      // a moment: package again rather than report a file that is only being rewritten.
      for (let attempt = 1; ; attempt++) {
        try {
          execFileSync(vsce, [...vsceArgs, '--out', vsix], { cwd: repoRoot, encoding: 'utf8', stdio: 'pipe' });
          entries = readZip(readFileSync(vsix));
          if (extensionBundles.every((b) => entries.has(`extension/${b}`)) || attempt === 3) break;
        } catch (e) {
          if (attempt === 3) throw e;
        }
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
      }
    }, 60_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('holds the runtime files under extension/ and no source, test or map', () => {
      const files = [...entries.keys()].filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
      expect(forbiddenIn(files)).toEqual([]);
      // vsce stores README.md as readme.md, CHANGELOG.md as changelog.md, LICENSE as LICENSE.txt.
      const canon = (f: string) => (/^(readme|changelog|license)(\.\w+)?$/i.test(f) ? f.toLowerCase().replace(/\.\w+$/, '') : f);
      const have = new Set(files.map(canon));
      expect(requiredFiles().filter((f) => !have.has(canon(f)))).toEqual([]);
      expect(entries.has('extension.vsixmanifest')).toBe(true);
    });

    it("its readme is the student's page: no developer commands, and every picture and link it names is in the package", () => {
      const readme = entries.get('extension/readme.md')?.toString('utf8');
      expect(readme).toBe(readFileSync(join(repoRoot, readmeOf(vsceArgs)), 'utf8'));
      expect(readme).not.toMatch(/npm (ci|test|run)|bench|vitest|CONTRIBUTING/);
      const links = [...readme!.replace(/```[\s\S]*?```/g, '').matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
      const local = links.filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l));
      expect(local.length).toBeGreaterThan(5);
      expect(local.filter((l) => !entries.has(`extension/${l}`))).toEqual([]);
    });

    it('ships profiles as data, without the maintainers\' comments', () => {
      for (const p of profiles) {
        const shipped = entries.get(`extension/dist/profiles/${p}`)!.toString('utf8');
        const doc = parseDocument(shipped);
        const comments: string[] = [doc.commentBefore, doc.comment].filter((c): c is string => !!c);
        visit(doc, (_key, node) => {
          if (isNode(node)) comments.push(...[node.commentBefore, node.comment].filter((c): c is string => !!c));
        });
        expect(comments, p).toEqual([]);
        expect(parseYaml(shipped), p).toEqual(parseYaml(readFileSync(join(repoRoot, 'server', 'src', 'profiles', p), 'utf8')));
      }
    });

    it('templates are where the command reads them (extensionUri/templates/<bts>.md), identical to the sources', () => {
      for (const p of profiles) {
        const name = `templates/${p.replace(/\.yaml$/, '.md')}`;
        expect(entries.get(`extension/${name}`)?.toString('utf8'), name).toBe(readFileSync(join(repoRoot, name), 'utf8'));
      }
    });

    it('the packaged manifest keeps the %keys% that the packaged nls files define', () => {
      const manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8'));
      const nls = JSON.parse(entries.get('extension/package.nls.json')!.toString('utf8'));
      const keys = [...JSON.stringify(manifest).matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]!);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.filter((k) => !(k in nls))).toEqual([]);
      // One language whatever VS Code's display language: no per-locale bundle to take over.
      expect([...entries.keys()].filter((e) => /^extension\/(package\.nls\..+\.json|l10n\/)/.test(e))).toEqual([]);
    });
  });

  it('the bundles need nothing outside the package: only Node built-ins and vscode', () => {
    const allowed = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'vscode']);
    for (const b of bundles) {
      const text = readFileSync(join(repoRoot, b), 'utf8');
      const required = [...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
      const outside = [...new Set(required.filter((r) => !allowed.has(r) && !r.startsWith('.')))];
      expect(outside, b).toEqual([]);
    }
  });

  it('the split bundles a bundle loads when needed (the Word export, the server) are shipped with it', () => {
    const npm = new Set(readFileSync(join(repoRoot, '.npmignore'), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1)));
    const relativeRequires = (b: string) =>
      [...readFileSync(join(repoRoot, b), 'utf8').matchAll(/\brequire\(\s*["'](\.\/[^"']+)["']\s*\)/g)].map((m) => `dist/${m[1]!.slice(2)}`);
    // The CLI and the server load the Word export only at export time: it is not in their bundles.
    expect(relativeRequires('dist/cli.js')).toContain('dist/docx.js');
    expect(relativeRequires('dist/server.js')).toContain('dist/docx.js');
    for (const b of extensionBundles) expect(relativeRequires(b).filter((r) => !extensionBundles.includes(r)), b).toEqual([]);
    expect(relativeRequires('dist/cli.js').filter((r) => !npm.has(r)), 'dist/cli.js').toEqual([]);
  });
});

/** Entries of a zip archive (stored or deflated), read from its central directory. */
function readZip(zip: Buffer): Map<string, Buffer> {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip archive');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + size);
    if (!name.endsWith('/')) out.set(decodeURIComponent(name), method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
