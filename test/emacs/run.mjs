// The language server under a second third-party client: Debian's Emacs (28.2 in bookworm) with
// eglot 1.9 (elpa-eglot) runs `rapport-bts lsp --stdio` (dist/cli.js) on a report from the test
// fixtures, in batch mode, driven by test/emacs/client.el as M-x eglot would be used: diagnostics
// in Flymake with their codes, the UTF-16 columns eglot counts framing the right text on a line
// with accents, a quick fix picked from eglot-code-actions (the "insert every missing section"
// action offered once), typing on a line with accents and an emoji, hover, the page lenses and
// their command, and no eglot warning (the server registers nothing the client did not allow).
//
//   node test/emacs/run.mjs          (npm run test:emacs)
//
// Writes {"passed":N,"failed":N} to $RESULT_FILE: one count per check; a check the Emacs Lisp
// script did not report (Emacs crashed, timed out) counts as failed.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, log, makeTempDir, removeDir, writeResult } from '../integration/harness.mjs';
import { buildDist, editorVersion, processTrouble, readChecks, tallyChecks } from '../integration/editorChecks.mjs';

const TAG = 'emacs';
const EMACS = process.env.RAPPORT_EMACS ?? '/usr/bin/emacs';
const RUN_MS = Number(process.env.RAPPORT_TEST_TIMEOUT ?? 150) * 1000;
const FIXTURE = join(ROOT, 'test', 'fixtures', 'writing', 'competences-mm.md');

const CHECKS = [
  ['start', 'M-x eglot starts the server (languageId markdown)'],
  ['diagnostics', 'Flymake shows the diagnostics with their codes (section-missing, competence-unknown)'],
  ['accented-columns', 'on a line with accents, the diagnostic frames the cited code'],
  ['code-action', 'a quick fix "Insérer…" picked from eglot-code-actions changes the buffer; "Insérer les N sections" offered once'],
  ['typing', 'a line typed with accents and an emoji, then an edit after the emoji, are analysed where typed'],
  ['hover', 'hover on a competence code gives its title'],
  ['codelens', 'the page lenses carry the pages of the sections'],
  ['codelens-run', 'a lens command runs on the server and shows the page breakdown'],
  ['no-warnings', 'eglot warns about nothing (no registration it did not allow)'],
  ['server-alive', 'the server is still running at the end'],
];

function main() {
  const started = Date.now();
  let version;
  try {
    version = editorVersion(EMACS, 'apt-get install emacs-nox elpa-eglot');
  } catch (e) {
    log(TAG, `error: ${e.message}`);
    writeResult(0, CHECKS.length);
    return 1;
  }
  if (!buildDist()) {
    log(TAG, 'error: build failed');
    writeResult(0, CHECKS.length);
    return 1;
  }
  log(TAG, `${version}, eglot from elpa-eglot, server dist/cli.js lsp --stdio, report ${FIXTURE.slice(ROOT.length + 1)}`);
  const tmp = makeTempDir('rapport-emacs-');
  let passed = 0;
  let failed = 0;
  try {
    const dir = join(tmp, 'stage');
    mkdirSync(dir, { recursive: true });
    const report = join(dir, 'rapport-mm.md');
    // The report as a student has it: the fixture without its `<!-- expect: … -->` markers.
    writeFileSync(report, readFileSync(FIXTURE, 'utf8').replace(/ ?<!-- expect:.*?-->/g, ''));
    const results = join(dir, 'results.tsv');
    const r = spawnSync(EMACS, ['--batch', '-q', '-l', join(ROOT, 'test', 'emacs', 'client.el'), report], {
      cwd: dir,
      encoding: 'utf8',
      timeout: RUN_MS,
      killSignal: 'SIGKILL',
      env: { ...process.env, HOME: dir, RAPPORT_EMACS_RESULTS: results, RAPPORT_NODE: process.execPath, RAPPORT_CLI: join(ROOT, 'dist', 'cli.js') },
    });
    ({ passed, failed } = tallyChecks(TAG, CHECKS, readChecks(results), { trouble: processTrouble('emacs', r), output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() }));
  } finally {
    removeDir(tmp);
  }
  log(TAG, `${passed} passed, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  writeResult(passed, failed);
  return failed === 0 ? 0 : 1;
}

process.exit(main());
