// `npm run sync-manifest`: writes the BTS of the profiles folder (server/src/profiles, or the
// folder named by RAPPORT_BTS_PROFILES) into the `rapport.bts` enum of package.json, which VS Code
// reads before any code runs. The logic is server/src/profiles/manifest.ts; `--check` only reports.
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(join(tmpdir(), 'rapport-sync-'));
try {
  await esbuild.build({
    stdin: {
      contents: [
        "export { loadProfilesFrom, defaultProfilesDir } from './server/src/profiles/load';",
        "export { btsEnumProblems, syncBtsEnum } from './server/src/profiles/manifest';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: join(out, 'sync.cjs'),
    logLevel: 'warning',
  });
  const lib = createRequire(import.meta.url)(join(out, 'sync.cjs'));
  const registry = lib.loadProfilesFrom(lib.defaultProfilesDir(join(root, 'server', 'src', 'host')));
  const file = join(root, 'package.json');
  const text = readFileSync(file, 'utf8');
  const pkg = JSON.parse(text);
  const problems = lib.btsEnumProblems(pkg, registry);
  if (process.argv.includes('--check')) {
    for (const p of problems) console.error(p);
    process.exitCode = problems.length > 0 ? 1 : 0;
  } else if (problems.length === 0) {
    console.log('package.json : « rapport.bts » est à jour.');
  } else {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    writeFileSync(file, JSON.stringify(lib.syncBtsEnum(pkg, registry), null, 2).replace(/\n/g, eol) + eol);
    console.log(`package.json : « rapport.bts » propose ${registry.ids().join(', ')}.`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
