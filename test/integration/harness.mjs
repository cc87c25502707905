// What the real-editor suites share: code-server (installed by scripts/setup-editor-tests.sh),
// Debian's Chromium driven by playwright-core, child processes that are always cleaned up,
// the fixture workspace, and the {"passed","failed"} result file read by scripts/test-all.mjs.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_DIR = join(ROOT, '.vscode-test', 'code-server');
export const SERVER_MAIN = join(CODE_SERVER_DIR, 'lib', 'vscode', 'out', 'server-main.js');
export const CODE_SERVER_BIN = join(CODE_SERVER_DIR, 'bin', 'code-server');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS_DIR = join(ROOT, 'test-results');
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function log(tag, ...args) {
  console.log(`[${tag}]`, ...args);
}

/** Throws a clear message when the editor or the browser is not installed. */
export function checkInstalled({ needBin = false } = {}) {
  const missing = [];
  if (!existsSync(SERVER_MAIN)) missing.push(SERVER_MAIN);
  if (needBin && !existsSync(CODE_SERVER_BIN)) missing.push(CODE_SERVER_BIN);
  if (!existsSync(CHROMIUM)) missing.push(CHROMIUM);
  if (missing.length) {
    throw new Error(`missing ${missing.join(', ')} — run: bash scripts/setup-editor-tests.sh`);
  }
}

/** Runs a build step synchronously (5 minutes at most); throws when it fails. */
export function runStep(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', timeout: 300_000, killSignal: 'SIGKILL', ...opts });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (status ${r.status ?? r.signal})`);
}

/**
 * Builds dist/ as `npm run build` does; false when the build fails. Skipped under `npm test`
 * (RAPPORT_TEST_DIST_BUILT=1): it built dist/ first, and its suites run side by side, so one
 * rebuilding dist/ would rewrite the bundles another's editor is loading.
 */
export function buildDist() {
  if (process.env.RAPPORT_TEST_DIST_BUILT === '1') return true;
  return spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' }).status === 0;
}

export function makeTempDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh copy of test/integration/workspace/ (the fixtures) under `dir`. */
export function copyWorkspace(dir) {
  const ws = join(dir, 'workspace');
  cpSync(join(ROOT, 'test', 'integration', 'workspace'), ws, { recursive: true });
  return ws;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const children = new Set();

/** Kills every child process started by startProcess (its whole process group). */
export function killAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    children.delete(child);
  }
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}

/**
 * Starts a long-running process in its own process group, its output appended to `logFile`.
 * `ready` (a RegExp) is awaited in its output, up to `timeoutMs`.
 */
export function startProcess(cmd, args, { env = {}, logFile, ready, timeoutMs = 60_000, name = cmd } = {}) {
  mkdirSync(dirname(logFile), { recursive: true });
  const out = createWriteStream(logFile);
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let seen = '';
  const readyPromise = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} not ready after ${timeoutMs} ms (waited for ${ready}); see ${logFile}`)),
      timeoutMs,
    );
    const onData = (chunk) => {
      out.write(chunk);
      if (!ready) return;
      seen = (seen + chunk.toString()).slice(-4096);
      if (ready.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready; see ${logFile}`));
    });
    if (!ready) {
      clearTimeout(timer);
      resolve();
    }
  });
  readyPromise.catch(() => undefined);
  return { child, ready: readyPromise };
}

/**
 * User settings of a VS Code server data folder: no workspace-trust prompt (tests refuse
 * dialogs), no marketplace queries (offline), no welcome pages.
 */
export const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

export function writeUserSettings(userDataDir, extra = {}) {
  const dir = join(userDataDir, 'data', 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...extra }, null, 2));
  return dir;
}

/** Launches Debian's Chromium through playwright-core. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** Writes the {"passed","failed"} file read by scripts/test-all.mjs (RESULT_FILE). */
export function writeResult(passed, failed) {
  const file = process.env.RESULT_FILE;
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ passed, failed }) + '\n');
  }
}

/** Rejects after `ms` with `message`; `clear()` cancels it. */
export function deadline(ms, message) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  promise.catch(() => undefined);
  return { promise, clear: () => clearTimeout(timer) };
}

export function removeDir(dir) {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    /* best effort */
  }
}

/**
 * Counts the outcomes recorded by test/integration/suite/index.ts (one JSON object a line).
 * A test that was planned but never reported, or a run that never ended, counts as failed.
 */
export function countResults(lines) {
  let passed = 0;
  let failed = 0;
  let pending = 0;
  let total;
  let ended = false;
  const failures = [];
  for (const line of lines) {
    let e;
    try {
      e = JSON.parse(line);
    } catch {
      continue;
    }
    if (e.event === 'start') total = e.total;
    else if (e.event === 'pass') passed++;
    else if (e.event === 'pending') pending++;
    else if (e.event === 'fail') {
      failed++;
      failures.push(e);
    } else if (e.event === 'end') ended = true;
  }
  const notes = [];
  if (total === undefined) {
    notes.push('the suite never started');
    if (failed === 0) failed = 1;
  } else if (passed + failed + pending < total) {
    // Tests skipped because a hook failed are already counted through the hook's failure,
    // unless nothing failed: then some tests silently never ran.
    const missing = total - passed - failed - pending;
    if (failed === 0 || !ended) {
      notes.push(`${missing} planned test(s) never reported`);
      failed += missing;
    }
  }
  if (!ended && total !== undefined) notes.push('the suite did not finish');
  return { passed, failed, pending, total, ended, failures, notes };
}

/**
 * The keyboard and the screen of the browser, for the tests running inside the editor: an HTTP
 * endpoint on 127.0.0.1 (its address goes to the extension host as RAPPORT_TEST_DRIVER) that
 * plays a list of actions on the playwright page, in order, and answers once they are done:
 *
 *   POST /drive  {"actions": [
 *     {"wait": ".quick-input-widget", "text": "Choisis ton BTS", "timeoutMs": 20000},   visible, with the text (or an input's placeholder)
 *     {"gone": ".quick-input-widget"},                                                hidden or absent
 *     {"press": "Escape"}, {"type": "car"},                                           keyboard
 *     {"read": ".quick-input-list .monaco-list-row", "attr": "aria-label"}            → one list of strings
 *   ]}
 *   → 200 {"reads": [[…], …]} or 500 {"error": "…"}
 *
 * `getPage()` returns the page once the runner has one (requests wait for it).
 */
export async function startDriver(getPage) {
  const { createServer: createHttpServer } = await import('node:http');
  const play = async (actions) => {
    let page;
    for (let i = 0; i < 600 && !(page = getPage()); i++) await new Promise((r) => setTimeout(r, 100));
    if (!page) throw new Error('no browser page');
    const reads = [];
    for (const a of actions) {
      const timeout = a.timeoutMs ?? 20_000;
      if (a.wait) {
        try {
          await page.waitForFunction(
            ([sel, text]) =>
              [...document.querySelectorAll(sel)].some((e) => {
                if (e.getClientRects().length === 0 || getComputedStyle(e).visibility === 'hidden') return false;
                // Its text, and the placeholders of its inputs (a quick pick's question is one).
                const inputs = [...e.querySelectorAll('input')].map((i) => `${i.placeholder} ${i.getAttribute('aria-label') ?? ''}`);
                return !text || `${e.textContent ?? ''} ${inputs.join(' ')}`.includes(text);
              }),
            [a.wait, a.text ?? ''],
            { timeout },
          );
        } catch {
          throw new Error(`nothing visible matches ${a.wait}${a.text ? ` with the text "${a.text}"` : ''} within ${timeout} ms`);
        }
      } else if (a.gone) {
        try {
          await page.waitForFunction(
            (sel) => ![...document.querySelectorAll(sel)].some((e) => e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none'),
            a.gone,
            { timeout },
          );
        } catch {
          throw new Error(`${a.gone} still visible after ${timeout} ms`);
        }
      } else if (a.press) {
        await page.keyboard.press(a.press);
      } else if (a.type !== undefined) {
        await page.keyboard.type(a.type, { delay: 20 });
      } else if (a.read) {
        reads.push(
          await page.$$eval(
            a.read,
            (els, attr) => els.filter((e) => e.getClientRects().length > 0).map((e) => (attr ? e.getAttribute(attr) ?? '' : e.textContent ?? '')),
            a.attr ?? null,
          ),
        );
      } else {
        throw new Error(`unknown action ${JSON.stringify(a)}`);
      }
    }
    return reads;
  };
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      let status = 200;
      let answer;
      try {
        if (req.method !== 'POST' || req.url !== '/drive') throw new Error(`unknown request ${req.method} ${req.url}`);
        answer = { reads: await play(JSON.parse(body).actions ?? []) };
      } catch (e) {
        status = 500;
        answer = { error: String(e?.message ?? e) };
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
