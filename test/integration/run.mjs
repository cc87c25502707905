// Runs the integration suite (test/integration/suite) inside a real VS Code: the VS Code
// server of code-server 4.100.3 (= VS Code 1.100.3), opened in Debian's Chromium through
// playwright-core, with this repository as the development extension — the recipe of
// test/integration/README.md.
//
//   node test/integration/run.mjs        (npm run test:integration)
//
// Writes {"passed":N,"failed":N} to $RESULT_FILE; exit status 0 only when every test passed.
// Environment: RAPPORT_TEST_GREP=<text> runs only matching tests; RAPPORT_TEST_TIMEOUT=<s>
// overall limit (default 480); RAPPORT_TEST_KEEP=1 keeps the temporary folder.

import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  RESULTS_DIR,
  ROOT,
  SERVER_MAIN,
  buildDist,
  checkInstalled,
  copyWorkspace,
  countResults,
  deadline,
  freePort,
  killAll,
  launchChromium,
  log,
  makeTempDir,
  removeDir,
  runStep,
  startDriver,
  startProcess,
  writeResult,
  writeUserSettings,
} from './harness.mjs';

const TAG = 'integration';
const OVERALL_MS = Number(process.env.RAPPORT_TEST_TIMEOUT ?? 480) * 1000;
const started = Date.now();

async function main() {
  checkInstalled();
  // The development extension is the repository itself (package.json main: dist/client.js).
  if (!buildDist()) throw new Error('the build failed');
  runStep('node', ['scripts/build-tests.mjs']);
  const testsIndex = join(ROOT, 'out', 'test', 'integration', 'suite', 'index.js');

  const tmp = makeTempDir('rapport-it-');
  const workspace = copyWorkspace(tmp);
  const resultsFile = join(tmp, 'results.jsonl');
  writeFileSync(resultsFile, '');
  const serverLog = join(RESULTS_DIR, 'integration-server.log');
  const browserLog = join(RESULTS_DIR, 'integration-browser.log');
  const browserLines = [];

  writeUserSettings(join(tmp, 'server-data'));

  // The tests drive the keyboard through this endpoint (helpers.ts `drive`).
  let page;
  const driver = await startDriver(() => page);

  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  log(TAG, `VS Code server on ${host}, workspace ${workspace}`);
  const server = startProcess(
    process.execPath,
    [
      SERVER_MAIN,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--disable-telemetry',
      '--extensions-dir', join(tmp, 'extensions'),
      '--server-data-dir', join(tmp, 'server-data'),
    ],
    {
      name: 'VS Code server',
      logFile: serverLog,
      ready: /Extension host agent listening on/,
      timeoutMs: 60_000,
      // Inherited by the extension host, where the suite's index.ts records each outcome.
      env: {
        RAPPORT_TEST_RESULTS: resultsFile,
        RAPPORT_TEST_DRIVER: driver.url,
        ...(process.env.RAPPORT_TEST_GREP ? { RAPPORT_TEST_GREP: process.env.RAPPORT_TEST_GREP } : {}),
      },
    },
  );

  const limit = deadline(OVERALL_MS, `the integration suite did not finish within ${OVERALL_MS / 1000} s`);
  let browser;
  let exitCode;
  let error;
  try {
    await Promise.race([server.ready, limit.promise]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      browserLines.push(`[automation ${type}] ${Array.isArray(args) ? args.join(' ') : String(args)}`);
    });
    page.on('console', (m) => browserLines.push(`[console ${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => browserLines.push(`[pageerror] ${e.stack ?? e}`));
    page.on('crash', () => browserLines.push('[crash] the page crashed'));

    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${host}${ROOT.replace(/\/$/, '')}`],
      ['extensionTestsPath', `vscode-remote://${host}${testsIndex}`],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const url =
      `http://${host}/?folder=${encodeURIComponent(`vscode-remote://${host}${workspace}`)}` +
      `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    exitCode = await Promise.race([exited, limit.promise]);
  } catch (e) {
    error = e;
  } finally {
    limit.clear();
    driver.close();
    if (browser) await browser.close().catch(() => undefined);
    killAll();
    writeFileSync(browserLog, browserLines.join('\n') + '\n');
  }

  const lines = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean) : [];
  const r = countResults(lines);
  if (error && r.ended) error = undefined; // finished, then e.g. the browser closed badly
  if (error && r.failed === 0) r.failed = 1;
  if (!error && exitCode !== 0 && r.failed === 0) r.failed = 1; // the editor reported a failure we did not see

  for (const line of lines) {
    const e = JSON.parse(line);
    if (e.event === 'pass') log(TAG, `✔ ${e.title} (${e.duration} ms)`);
    else if (e.event === 'pending') log(TAG, `- ${e.title} (pending)`);
    else if (e.event === 'fail') log(TAG, `✘ ${e.title}\n${e.error}`);
  }
  for (const n of r.notes) log(TAG, `note: ${n}`);
  if (error) log(TAG, `error: ${error.stack ?? error}`);
  if (r.failed > 0 || error) log(TAG, `logs: ${serverLog}, ${browserLog}`);
  log(TAG, `${r.passed} passed, ${r.failed} failed, exit code ${exitCode ?? 'none'}, ${((Date.now() - started) / 1000).toFixed(1)} s`);

  writeResult(r.passed, r.failed);
  if (process.env.RAPPORT_TEST_KEEP) log(TAG, `kept ${tmp}`);
  else removeDir(tmp);
  return r.failed === 0 && r.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(TAG, `error: ${e.stack ?? e}`);
    killAll();
    writeResult(0, 1);
    process.exit(1);
  },
);
