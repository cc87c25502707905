// Runs the same integration suite with @vscode/test-electron, on a machine that can download
// VS Code (not these: CI uses test/integration/run.mjs inside code-server).
//
//   npm run test:electron            VSCODE_TEST_VERSION=stable npm run test:electron
//
// Writes {"passed":N,"failed":N} to $RESULT_FILE when set, like the other real-editor suites.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT, copyWorkspace, countResults, log, makeTempDir, removeDir, runStep, writeResult } from './harness.mjs';

const TAG = 'electron';

async function main() {
  runStep('node', ['scripts/build.mjs']);
  runStep('node', ['scripts/build-tests.mjs']);
  const tmp = makeTempDir('rapport-electron-');
  const workspace = copyWorkspace(tmp);
  const resultsFile = join(tmp, 'results.jsonl');
  writeFileSync(resultsFile, '');

  let status;
  let error;
  try {
    status = await runTests({
      // The lowest VS Code the extension supports (engines.vscode ^1.100.0), as in code-server.
      version: process.env.VSCODE_TEST_VERSION ?? '1.100.3',
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, 'out', 'test', 'integration', 'suite', 'index.js'),
      extensionTestsEnv: {
        RAPPORT_TEST_RESULTS: resultsFile,
        ...(process.env.RAPPORT_TEST_GREP ? { RAPPORT_TEST_GREP: process.env.RAPPORT_TEST_GREP } : {}),
      },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${join(tmp, 'user-data')}`,
      ],
    });
  } catch (e) {
    error = e;
  }

  const lines = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean) : [];
  const r = countResults(lines);
  if ((error || status !== 0) && r.failed === 0) r.failed = 1;
  for (const n of r.notes) log(TAG, `note: ${n}`);
  if (error) log(TAG, `error: ${error.stack ?? error}`);
  log(TAG, `${r.passed} passed, ${r.failed} failed`);
  writeResult(r.passed, r.failed);
  removeDir(tmp);
  return r.failed === 0 && r.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(TAG, `error: ${e.stack ?? e}`);
    writeResult(0, 1);
    process.exit(1);
  },
);
