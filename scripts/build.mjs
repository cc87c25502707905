// Bundles the extension client, the language server and the CLI with esbuild,
// and copies the data files (profiles) next to the bundles.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse, stringify } from 'yaml';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// `--outdir DIR`: the bundles and their data go there instead of dist/ (scripts/package.mjs
// builds the .vsix's production bundles in a staging folder, never under a running test).
const outdirAt = process.argv.indexOf('--outdir');
if (outdirAt > 0 && !process.argv[outdirAt + 1]) {
  console.error('build : --outdir DOSSIER attendu');
  process.exit(2);
}
const dist = outdirAt > 0 ? resolve(process.argv[outdirAt + 1]) : join(root, 'dist');

// Bundles are overwritten in place (no wipe of dist/): a test or an editor running the
// previous bundle never finds the folder empty.
mkdirSync(dist, { recursive: true });
rmSync(join(dist, 'profiles'), { recursive: true, force: true });
// Profiles ship as data only: the maintainers' comments stay in the sources.
mkdirSync(join(dist, 'profiles'));
for (const f of readdirSync(join(root, 'server/src/profiles')).filter((n) => n.endsWith('.yaml'))) {
  const data = parse(readFileSync(join(root, 'server/src/profiles', f), 'utf8'));
  writeFileSync(join(dist, 'profiles', f), stringify(data, { lineWidth: 0 }));
}
// A production build has no source maps: remove the development build's, so none is left stale.
if (production) {
  for (const f of readdirSync(dist).filter((n) => n.endsWith('.js.map'))) rmSync(join(dist, f));
}

// The export's fonts (Liberation, SIL OFL 1.1) and the Typst engine's native addon for this
// platform (dist/typst/). The .vsix of another platform gets that platform's addon instead
// (scripts/package.mjs, `npm run package -- --target T`).
mkdirSync(join(dist, 'fonts'), { recursive: true });
for (const f of readdirSync(join(root, 'server/fonts'))) copyFileSync(join(root, 'server/fonts', f), join(dist, 'fonts', f));
const typstDir = join(dist, 'typst');
mkdirSync(typstDir, { recursive: true });
if (!process.env.RAPPORT_BTS_NO_ADDON) {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('@myriaddreamin/typst-ts-node-compiler/package.json'));
  const optional = Object.keys(JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).optionalDependencies ?? {});
  for (const name of optional) {
    let dir;
    try {
      dir = dirname(require.resolve(`${name}/package.json`, { paths: [pkgDir] }));
    } catch {
      continue; // not this platform's
    }
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.node'))) {
      const to = join(typstDir, f);
      if (!existsSync(to) || statSync(to).size !== statSync(join(dir, f)).size) copyFileSync(join(dir, f), to);
    }
  }
}

// Modules that are bundles of their own, loaded by the others only when needed (a dynamic
// `import()` of the source becomes `require('./<bundle>')` of the file next to it): the Word
// export with the `docx` package (most of the code) and the language server. So `check`,
// `classe` and their worker threads compile neither; the editor's server loads the Word export
// at its first Word file. Sources (vitest, tsc) import the modules themselves.
const SPLIT = { 'server/src/export/docx.ts': './docx.js', 'server/src/server-main.ts': './server.js' };
const splitPlugin = (self) => ({
  name: 'split-bundles',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const target = relative(root, join(args.resolveDir, `${args.path}.ts`)).split(sep).join('/');
      const bundle = SPLIT[target];
      return bundle && target !== self ? { path: bundle, external: true } : undefined;
    });
  },
});

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  // `import()` of a split bundle as `require()`: synchronous, and the same in every Node host.
  supported: { 'dynamic-import': false },
  define: { VERSION: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version) },
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: join(dist, 'client.js'), external: ['vscode'] },
  { entryPoints: ['server/src/server-main.ts'], outfile: join(dist, 'server.js') },
  { entryPoints: ['server/src/export/worker.ts'], outfile: join(dist, 'typst-worker.js') },
  { entryPoints: ['server/src/cli/main.ts'], outfile: join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/export/docx.ts'], outfile: join(dist, 'docx.js') },
].map((b) => ({ ...b, plugins: [splitPlugin(b.entryPoints[0])] }));

if (watch) {
  for (const b of builds) (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}
