// Entry point of the integration suite, the @vscode/test-electron way: VS Code loads this
// module in the extension host (extensionTestsPath) and awaits `run()`.
// Works unchanged under @vscode/test-electron (test/integration/electron.mjs) and inside
// code-server (test/integration/run.mjs).
//
// Besides Mocha's spec output, each test outcome is recorded as one JSON line, so the runner
// outside the editor can count passes and failures exactly:
//   {"event":"start","total":N}  {"event":"pass"|"fail"|"pending","title":…}  {"event":"end",…}
// The lines go to the file named by RAPPORT_TEST_RESULTS when set, and to the console
// with the prefix RAPPORT_TEST_RESULT (forwarded by the editor to the runner's output).

import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

const PREFIX = 'RAPPORT_TEST_RESULT ';

function record(entry: Record<string, unknown>): void {
  const line = JSON.stringify(entry);
  const file = process.env.RAPPORT_TEST_RESULTS;
  if (file) appendFileSync(file, line + '\n');
  console.log(PREFIX + line);
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: 60_000,
    reporter: 'spec',
    ...(process.env.RAPPORT_TEST_GREP ? { grep: process.env.RAPPORT_TEST_GREP } : {}),
  });
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));

  return new Promise<void>((resolve, reject) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failures) => {
        record({ event: 'end', failures });
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
        else resolve();
      });
    } catch (e) {
      record({ event: 'fail', title: 'loading the test files', error: String((e as Error).stack ?? e) });
      reject(e);
      return;
    }
    runner.once('start', () => record({ event: 'start', total: runner.total, files: files.length }));
    runner.on('pass', (t) => record({ event: 'pass', title: t.fullTitle(), duration: t.duration }));
    runner.on('pending', (t) => record({ event: 'pending', title: t.fullTitle() }));
    runner.on('fail', (t, err: Error) =>
      record({ event: 'fail', title: t.fullTitle(), error: String(err?.stack ?? err?.message ?? err) }),
    );
  });
}
