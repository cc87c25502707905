// The language server under a real third-party client: Debian's Neovim (0.7 in bookworm) runs
// `rapport-bts lsp --stdio` (dist/cli.js) with its built-in LSP client on a report from the test
// fixtures, headless, driven by test/neovim/client.lua: diagnostics arrive with their codes, the
// byte columns Neovim derives from them frame the right text on a line with accents, a quick fix
// applied changes the buffer and the server sees it, typing on a line with accents and an emoji
// is analysed where it was typed, hover, CodeLens, and a lens run on the server. Twice: with
// Neovim's default UTF-16 columns (it sends no general.positionEncodings) and with UTF-8 offered.
//
//   node test/neovim/run.mjs          (npm run test:neovim)
//
// Writes {"passed":N,"failed":N} to $RESULT_FILE: one count per check and encoding; a check the
// Lua script did not report (Neovim crashed, timed out) counts as failed.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, log, makeTempDir, removeDir, writeResult } from '../integration/harness.mjs';
import { buildDist, editorVersion, processTrouble, readChecks, tallyChecks } from '../integration/editorChecks.mjs';

const TAG = 'neovim';
const NVIM = process.env.RAPPORT_NVIM ?? '/usr/bin/nvim';
const RUN_MS = Number(process.env.RAPPORT_TEST_TIMEOUT ?? 150) * 1000;
const FIXTURE = join(ROOT, 'test', 'fixtures', 'writing', 'competences-mm.md');

const CHECKS = [
  ['start', 'the server starts and initializes'],
  ['diagnostics', 'diagnostics arrive with their codes (section-missing, competence-unknown)'],
  ['accented-columns', 'on a line with accents, the diagnostic columns frame the cited code'],
  ['code-action', 'the quick fix "Insérer…" applied changes the buffer, and the server sees the sections'],
  ['typing', 'a line typed with accents and an emoji, then an edit after the emoji, are analysed where typed'],
  ['hover', 'hover on a competence code gives its title'],
  ['codelens', 'CodeLens shows the pages of the sections'],
  ['codelens-run', 'running a lens shows the page breakdown (workspace/executeCommand)'],
  ['server-alive', 'the server is still running at the end'],
];
const ENCODINGS = [
  { id: 'utf-16', label: 'UTF-16 (Neovim default)' },
  { id: 'utf-8', label: 'UTF-8 offered' },
];

/** One headless Neovim session; returns the checks it reported, by id. */
function session(tmp, encoding) {
  const dir = join(tmp, encoding);
  spawnSync('mkdir', ['-p', dir]);
  const report = join(dir, 'rapport-mm.md');
  // The report as a student has it: the fixture without its `<!-- expect: … -->` markers.
  writeFileSync(report, readFileSync(FIXTURE, 'utf8').replace(/ ?<!-- expect:.*?-->/g, ''));
  const results = join(dir, 'results.tsv');
  const r = spawnSync(NVIM, ['--headless', '--clean', '-n', '-i', 'NONE', '-u', 'NONE', '-c', `luafile ${join(ROOT, 'test', 'neovim', 'client.lua')}`, report], {
    cwd: dir,
    encoding: 'utf8',
    timeout: RUN_MS,
    killSignal: 'SIGKILL',
    env: {
      ...process.env,
      RAPPORT_NVIM_RESULTS: results,
      RAPPORT_NVIM_ENCODING: encoding,
      RAPPORT_NODE: process.execPath,
      RAPPORT_CLI: join(ROOT, 'dist', 'cli.js'),
    },
  });
  const reported = readChecks(results);
  const trouble = processTrouble('nvim', r);
  return { reported, trouble, stderr: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

function main() {
  const started = Date.now();
  let passed = 0;
  let failed = 0;
  let version;
  try {
    version = editorVersion(NVIM, 'apt-get install neovim');
  } catch (e) {
    log(TAG, `error: ${e.message}`);
    writeResult(0, CHECKS.length * ENCODINGS.length);
    return 1;
  }
  if (!buildDist()) {
    log(TAG, 'error: build failed');
    writeResult(0, CHECKS.length * ENCODINGS.length);
    return 1;
  }
  log(TAG, `${version}, server dist/cli.js lsp --stdio, report ${FIXTURE.slice(ROOT.length + 1)}`);
  const tmp = makeTempDir('rapport-neovim-');
  try {
    for (const enc of ENCODINGS) {
      const { reported, trouble, stderr } = session(tmp, enc.id);
      const counts = tallyChecks(TAG, CHECKS, reported, { label: enc.label, trouble, output: stderr });
      passed += counts.passed;
      failed += counts.failed;
    }
  } finally {
    removeDir(tmp);
  }
  log(TAG, `${passed} passed, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  writeResult(passed, failed);
  return failed === 0 ? 0 : 1;
}

process.exit(main());
