// UI test of the PACKAGED extension, as a student gets it: the .vsix is built
// (`npm run package`), installed into code-server 4.100.3 (= VS Code 1.100.3), and a report
// is opened in Debian's Chromium through playwright-core; the Problems panel must list the
// report's findings; code-server runs in English (VS Code's default display language) and the
// extension's view title and command palette titles must still be French.
// Screenshots: test-results/ui-problems.png, test-results/ui-palette.png.
//
//   node test/ui/run.mjs                (npm run test:ui)
//
// Writes {"passed":N,"failed":N} to $RESULT_FILE: one count per check below.
// Environment: RAPPORT_TEST_TIMEOUT=<s> overall limit (default 240); RAPPORT_TEST_KEEP=1 keeps
// the temporary folder.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CODE_SERVER_BIN,
  RESULTS_DIR,
  ROOT,
  USER_SETTINGS,
  checkInstalled,
  deadline,
  freePort,
  killAll,
  launchChromium,
  log,
  makeTempDir,
  removeDir,
  runStep,
  startProcess,
  writeResult,
} from '../integration/harness.mjs';

const TAG = 'ui';
const OVERALL_MS = Number(process.env.RAPPORT_TEST_TIMEOUT ?? 240) * 1000;
const STEP_MS = 30_000;
const REPORT = 'rapport-stage.md';
const SCREENSHOT = join(RESULTS_DIR, 'ui-problems.png');
const PALETTE_SCREENSHOT = join(RESULTS_DIR, 'ui-palette.png');
/** The editor, the Problems panel and the Plan du rapport: the README's picture (docs/images/editeur.png). */
const EDITOR_SCREENSHOT = join(RESULTS_DIR, 'ui-editeur.png');
/** What a student sees, typed here (not read from package.nls.json, which could turn English). */
const PLAN_VIEW_TITLE = 'Plan du rapport';
const PALETTE_TITLES = [
  'Rapport: Nouveau rapport de stage…',
  'Rapport: Afficher les pages estimées par section',
  'Rapport: Vérifier tous les rapports du dossier',
  'Rapport: Exporter en PDF',
  'Rapport: Exporter en Word (.docx)',
];
/** The English titles of 0.1.0: none may come back. */
const ENGLISH_TITLES = /BTS Report|Report outline|New Internship Report|Show the page estimate|Check All Reports|Export to PDF|Export to Word/i;
const started = Date.now();

// The journal-style rule is checked only once it is in the tree.
const HAS_JOURNAL_STYLE = existsSync(join(ROOT, 'server', 'src', 'rules', 'journal-style.ts'));

/** The checks of this suite, in order; each counts as one test. */
const checks = [
  { name: 'the extension is packaged as a .vsix' },
  { name: 'code-server installs the .vsix' },
  { name: 'the report opens in the editor' },
  { name: 'Problems lists section-missing (Conclusion) for the report' },
  ...(HAS_JOURNAL_STYLE ? [{ name: 'Problems lists journal-style for the diary paragraph' }] : []),
  { name: 'in an English workbench, the Explorer shows the view "Plan du rapport"' },
  { name: 'in an English workbench, the command palette lists the extension\'s commands in French' },
  { name: 'the Plan du rapport shows the report: ✓ on the written thanks, none on the short introduction' },
  { name: 'in the report, "car" then Tab expands the Contexte → Action → Résultat snippet' },
  { name: 'no error notification is shown' },
];

function pass(i, detail = '') {
  checks[i].ok = true;
  const at = ((Date.now() - started) / 1000).toFixed(1);
  log(TAG, `✔ ${checks[i].name}${detail ? ` — ${detail}` : ''} (at ${at} s)`);
}

function packageVsix(tmp) {
  const vsix = join(tmp, 'rapport-bts.vsix');
  // As a maintainer packages it: production bundles built in a folder of their own, dist/ untouched.
  runStep('npm', ['run', '--silent', 'package', '--', '-o', vsix]);
  if (!existsSync(vsix)) throw new Error(`no ${vsix} after packaging`);
  return vsix;
}

function installVsix(vsix, extDir, userDataDir, config) {
  const r = spawnSync(
    CODE_SERVER_BIN,
    ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extDir, '--install-extension', vsix],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.status ?? r.signal}):\n${out}`);
  const list = spawnSync(
    CODE_SERVER_BIN,
    ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extDir, '--list-extensions', '--show-versions'],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  const listed = (list.stdout ?? '').trim();
  if (!/^rapport-bts\.rapport-bts@/m.test(listed)) throw new Error(`rapport-bts.rapport-bts not installed; listed: ${listed || 'nothing'}`);
  return listed.split('\n').find((l) => l.startsWith('rapport-bts.'));
}

/** The rows of the Problems panel: aria-label (severity, message, position, source) and text. */
function problemRows(page) {
  return page.$$eval('.markers-panel .monaco-list-row', (rows) =>
    rows.map((r) => ({ label: r.getAttribute('aria-label') ?? '', text: r.textContent ?? '' })),
  );
}

/** Waits for a Problems row whose aria-label matches `label` and whose text shows `code`. */
async function waitForRow(page, what, label, code) {
  const found = (rows) => rows.find((r) => label.test(r.label) && r.text.includes(code));
  try {
    await page.waitForFunction(
      ([src, flags, c]) => {
        const re = new RegExp(src, flags);
        return [...document.querySelectorAll('.markers-panel .monaco-list-row')].some(
          (r) => re.test(r.getAttribute('aria-label') ?? '') && (r.textContent ?? '').includes(c),
        );
      },
      [label.source, label.flags, code],
      { timeout: STEP_MS },
    );
  } catch {
    throw new Error(`no row in Problems for ${what} within ${STEP_MS} ms; rows: ${JSON.stringify(await problemRows(page))}`);
  }
  const row = found(await problemRows(page));
  return row.label;
}

/** 1-based line of the first line of the fixture containing `text`. */
function lineOf(text) {
  const lines = readFileSync(join(ROOT, 'test', 'ui', 'workspace', REPORT), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`"${text}" is not in test/ui/workspace/${REPORT}`);
  return i + 1;
}

async function main() {
  checkInstalled({ needBin: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
  const tmp = makeTempDir('rapport-ui-');
  const workspace = join(tmp, 'workspace');
  cpSync(join(ROOT, 'test', 'ui', 'workspace'), workspace, { recursive: true });
  const extDir = join(tmp, 'extensions');
  const userDataDir = join(tmp, 'user-data');
  const config = join(tmp, 'code-server.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...USER_SETTINGS, 'workbench.colorTheme': 'Default Light Modern', 'window.commandCenter': false }, null, 2),
  );
  const serverLog = join(RESULTS_DIR, 'ui-code-server.log');

  const limit = deadline(OVERALL_MS, `the UI test did not finish within ${OVERALL_MS / 1000} s`);
  let browser;
  let error;
  try {
    const vsix = packageVsix(tmp);
    pass(0, vsix);
    pass(1, installVsix(vsix, extDir, userDataDir, config));

    const port = await freePort();
    const server = startProcess(
      CODE_SERVER_BIN,
      [
        '--config', config,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--extensions-dir', extDir,
        '--user-data-dir', userDataDir,
        workspace,
      ],
      { name: 'code-server', logFile: serverLog, ready: /HTTP server listening on/, timeoutMs: 60_000 },
    );
    await Promise.race([server.ready, limit.promise]);

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(STEP_MS);
    const run = async () => {
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('.monaco-workbench');

      // Open the report from the explorer, as a student would.
      const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${REPORT}"]`);
      await row.waitFor({ state: 'visible' });
      await row.click();
      await page.waitForSelector(`.tabs-container .tab[aria-label*="${REPORT}"]`);
      await page.waitForSelector('.editor-instance .monaco-editor .view-lines');
      pass(2);

      // Open the Problems panel (View: Toggle Problems).
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+Shift+M');
      await page.waitForSelector('.markers-panel', { state: 'visible' });

      // The aria-label holds severity, message, position and source; the row shows the code.
      const missing = await waitForRow(
        page,
        'section-missing (Conclusion) on the front matter',
        /^Error: Section obligatoire absente : Conclusion\b.* at line 1 and character 1\b.*rapport-bts/,
        'section-missing',
      );
      pass(3, missing.slice(0, 90) + '…');
      if (HAS_JOURNAL_STYLE) {
        const line = lineOf('Le lundi, j');
        const journal = await waitForRow(
          page,
          `journal-style on line ${line}`,
          new RegExp(`^(Warning|Info): .*journal.* at line ${line} and character 1\\b.*rapport-bts`),
          'journal-style',
        );
        pass(4, journal.slice(0, 90) + '…');
      }

      // One language: the workbench is English (its own Explorer title says so), the extension French.
      let at = HAS_JOURNAL_STYLE ? 5 : 4;
      const explorer = (await page.locator('.sidebar .composite.title h2').first().textContent({ timeout: STEP_MS }))?.trim() ?? '';
      if (!/^explorer$/i.test(explorer)) throw new Error(`the workbench is not in English (side bar title "${explorer}"): this check needs VS Code's default display language`);
      const headers = await page.$$eval('.sidebar .pane-header h3.title', (hs) => hs.map((h) => (h.textContent ?? '').trim()));
      if (!headers.includes(PLAN_VIEW_TITLE) || headers.some((h) => ENGLISH_TITLES.test(h))) {
        throw new Error(`Explorer views: ${JSON.stringify(headers)}; expected "${PLAN_VIEW_TITLE}"`);
      }
      pass(at++, `Explorer views: ${headers.join(', ')}`);

      // The command palette, as a student opens it (Ctrl+Shift+P) and types the product's name.
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+Shift+P');
      await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible' });
      await page.keyboard.type('Rapport');
      const paletteRows = () =>
        page.$$eval('.quick-input-widget .quick-input-list .monaco-list-row', (rows) =>
          rows.map((r) => (r.querySelector('.label-name')?.textContent ?? r.getAttribute('aria-label') ?? '').trim()),
        );
      try {
        await page.waitForFunction(
          (titles) => {
            const shown = [...document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')].map((r) =>
              (r.querySelector('.label-name')?.textContent ?? '').trim(),
            );
            return titles.every((t) => shown.includes(t));
          },
          PALETTE_TITLES,
          { timeout: STEP_MS },
        );
      } catch {
        await page.screenshot({ path: PALETTE_SCREENSHOT }).catch(() => undefined);
        throw new Error(`command palette for "Rapport": ${JSON.stringify(await paletteRows())}; expected ${JSON.stringify(PALETTE_TITLES)}`);
      }
      const rows = await paletteRows();
      await page.screenshot({ path: PALETTE_SCREENSHOT }).catch(() => undefined);
      const english = rows.filter((r) => ENGLISH_TITLES.test(r));
      if (english.length > 0) throw new Error(`English titles in the command palette: ${JSON.stringify(english)}`);
      pass(at++, rows.filter((r) => r.startsWith('Rapport:')).join(' | '));
      await page.keyboard.press('Escape');

      // The Plan du rapport, opened from its header in the Explorer as a student would.
      const planHeader = page.locator('.sidebar .pane-header', { hasText: PLAN_VIEW_TITLE }).first();
      if ((await planHeader.getAttribute('aria-expanded')) !== 'true') await planHeader.click();
      const planRows = () =>
        page.$$eval('.customview-tree .monaco-list-row', (rs) =>
          rs.map((r) => ({ label: r.getAttribute('aria-label') ?? '', icon: r.querySelector('.custom-view-tree-node-item-icon')?.className ?? '' })),
        );
      try {
        await page.waitForFunction(() => [...document.querySelectorAll('.customview-tree .monaco-list-row')].some((r) => (r.getAttribute('aria-label') ?? '').startsWith('1. Introduction')), null, { timeout: STEP_MS });
      } catch {
        throw new Error(`the Plan du rapport does not show the report: ${JSON.stringify(await planRows())}`);
      }
      const plan = await planRows();
      const iconOf = (label) => plan.find((r) => r.label.startsWith(label))?.icon ?? '';
      // Thanks written: ✓; an introduction of a few lines where 1 to 2 pages are expected: none,
      // even once the exact count puts it alone on its page (« 1 p. »).
      if (!/codicon-pass\b/.test(iconOf('Remerciements')) || /codicon-pass\b/.test(iconOf('1. Introduction'))) {
        throw new Error(`Plan du rapport rows: ${JSON.stringify(plan)}`);
      }
      pass(at++, `${plan.length} rows, ✓ on ${plan.filter((r) => /codicon-pass\b/.test(r.icon)).length}`);
      await page.screenshot({ path: EDITOR_SCREENSHOT }).catch(() => undefined);

      // A snippet from the keyboard, in the packaged extension: the Tab keybinding of reports.
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await page.keyboard.type('car', { delay: 30 });
      await page.keyboard.press('Tab');
      try {
        await page.waitForFunction(() => (document.querySelector('.editor-instance .monaco-editor .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' ').includes('Face à un problème'), null, { timeout: STEP_MS });
      } catch {
        throw new Error('"car" then Tab did not expand the snippet in the report');
      }
      pass(at++);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Z');

      // An extension that activates badly often says so in an error toast (e.g. a view or a
      // command missing from the packaged manifest).
      const errors = await page.$$eval('.notifications-toasts .notification-list-item', (items) =>
        items
          .filter((i) => i.querySelector('.notification-list-item-icon.codicon-error'))
          .map((i) => i.querySelector('.notification-list-item-message')?.textContent ?? '?'),
      );
      if (errors.length > 0) throw new Error(`error notification(s): ${JSON.stringify(errors)}`);
      pass(checks.length - 1);
    };
    try {
      await Promise.race([run(), limit.promise]);
    } finally {
      // Whatever happened, keep a picture of the editor.
      await page.screenshot({ path: SCREENSHOT }).catch(() => undefined);
    }
  } catch (e) {
    error = e;
  } finally {
    limit.clear();
    if (browser) await browser.close().catch(() => undefined);
    killAll();
  }

  const passed = checks.filter((c) => c.ok).length;
  const failed = checks.length - passed;
  for (const c of checks) if (!c.ok) log(TAG, `✘ ${c.name}`);
  if (error) log(TAG, `error: ${error.stack ?? error}\nlog: ${serverLog}`);
  if (!HAS_JOURNAL_STYLE) log(TAG, 'note: server/src/rules/journal-style.ts is not in the tree; its row is not checked');
  log(TAG, `screenshots: ${SCREENSHOT}, ${EDITOR_SCREENSHOT}`);
  log(TAG, `${passed} passed, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  writeResult(passed, failed);
  if (process.env.RAPPORT_TEST_KEEP) log(TAG, `kept ${tmp}`);
  else removeDir(tmp);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(TAG, `error: ${e.stack ?? e}`);
    killAll();
    writeResult(0, checks.length);
    process.exit(1);
  },
);
