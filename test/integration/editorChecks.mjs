// What the third-party editor suites (test/neovim, test/emacs) share: the editor's version, the
// build of dist/, and the checks its script reports, one line each ("PASS|FAIL\t<id>\t<detail>"),
// logged and counted. A check the script did not report (the editor crashed, timed out) fails.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { log } from './harness.mjs';

/** The first line of `bin --version`; throws with what to install when it does not run. */
export function editorVersion(bin, install) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} not found: run scripts/setup-editor-tests.sh (${install})`);
  return r.stdout.split('\n')[0];
}

export { buildDist } from './harness.mjs';

/** The checks a script wrote to `file`, by id. */
export function readChecks(file) {
  const reported = new Map();
  if (!existsSync(file)) return reported;
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const [status, id, detail] = line.split('\t');
    reported.set(id, { ok: status === 'PASS', detail });
  }
  return reported;
}

/** What went wrong with the editor's process (spawnSync result), or ''. */
export function processTrouble(name, r) {
  return r.error ? `${name}: ${r.error.message}` : r.status !== 0 ? `${name} exited with ${r.status ?? r.signal}` : '';
}

/**
 * Logs each of `checks` ([id, name] pairs) as reported, and the editor's output when something
 * failed; returns the counts.
 */
export function tallyChecks(tag, checks, reported, { label = '', trouble = '', output = '' } = {}) {
  let passed = 0;
  let failed = 0;
  const prefix = label ? `[${label}] ` : '';
  for (const [id, name] of checks) {
    const c = reported.get(id);
    if (c?.ok) {
      passed++;
      log(tag, `✔ ${prefix}${name}${c.detail ? ` — ${c.detail}` : ''}`);
    } else {
      failed++;
      log(tag, `✘ ${prefix}${name} — ${c ? c.detail : `not reported${trouble ? ` (${trouble})` : ''}`}`);
    }
  }
  if (trouble || failed > 0) log(tag, `${label ? `${label}: ` : ''}${trouble || 'checks failed'}${output ? `\n${output.slice(-4000)}` : ''}`);
  return { passed, failed };
}
