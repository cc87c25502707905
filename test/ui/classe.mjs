// Browser test of the class summary page (`rapport-bts classe`): the HTML the CLI writes for a
// class folder is opened in Debian's Chromium (playwright-core) with every network request
// refused; the test sorts by a column, opens a row's detail, checks the row count and cells
// against the JSON of the same run, looks at it on a phone-sized screen and prints it (A4
// landscape, one detail per page); as in the VS Code webview, a click on a finding posts the
// message that opens the report at its line. Screenshots: test-results/classe*.png;
// RAPPORT_UPDATE_DOCS=1 also refreshes docs/images/classe.png (shown in the README).
//
//   node test/ui/classe.mjs
//
// Writes {"passed":N,"failed":N} to $RESULT_FILE: one count per check below.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeClass } from '../../bench/class.mjs';
import { CHROMIUM, RESULTS_DIR, ROOT, buildDist, deadline, launchChromium, log, makeTempDir, removeDir, writeResult } from '../integration/harness.mjs';

const TAG = 'classe-ui';
const OVERALL_MS = Number(process.env.RAPPORT_TEST_TIMEOUT ?? 180) * 1000;
const checks = [
  'the CLI writes the page and the JSON of the class',
  'the page loads with no network request',
  'one table row per report, the others listed',
  'cells show the student, state and pages of the JSON',
  'sorting by a column orders the rows by its figures, both ways',
  "a click on a row opens that student's detail with line numbers and excerpts",
  'on a phone-sized screen the page does not overflow; the table scrolls',
  'printed: A4 landscape pages, the table first, then one detail per page',
  'in the editor (acquireVsCodeApi), a click on a finding posts "open" with its file and line',
].map((name) => ({ name, ok: false }));
const pass = (i, detail = '') => {
  checks[i].ok = true;
  log(TAG, `✔ ${checks[i].name}${detail ? ` — ${detail}` : ''}`);
};
const assert = (cond, message) => {
  if (!cond) throw new Error(message);
};

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/setup-editor-tests.sh`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  assert(buildDist(), 'build failed');
  const tmp = makeTempDir('rapport-classe-ui-');
  try {
    const dir = join(tmp, 'BTS2-2026');
    writeClass(dir, { count: 8, seed: 3 });
    const cli = (...args) => spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'classe', ...args], { cwd: tmp, encoding: 'utf8' });
    const html = join(tmp, 'classe.html');
    const w = cli('BTS2-2026');
    assert(existsSync(html), `no classe.html (status ${w.status}): ${w.stderr}`);
    const json = JSON.parse(cli('BTS2-2026', '--format', 'json').stdout);
    assert(json.rows.length === 8 && json.others.length === 2, `unexpected JSON: ${json.rows.length} rows, ${json.others.length} others`);
    pass(0, `${json.rows.length} rows, ${json.others.length} others`);

    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'fr-FR' });
      const page = await context.newPage();
      const external = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        external.push(url);
        return route.abort();
      });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(html).href);
      await page.waitForSelector('#classe tbody tr');
      assert(external.length === 0, `network requests: ${external.join(', ')}`);
      assert(errors.length === 0, `script errors: ${errors.join('; ')}`);
      pass(1);

      const rows = page.locator('#classe tbody tr');
      assert((await rows.count()) === json.rows.length, `${await rows.count()} rows for ${json.rows.length} reports`);
      const others = await page.locator('.others li').allInnerTexts();
      assert(others.length === 2 && others.some((t) => t.includes('scan-rapport.md') && t.includes('illisible')), `others: ${others.join(' | ')}`);
      assert(others.some((t) => t.includes('consignes.md') && t.includes('pas un rapport')), `others: ${others.join(' | ')}`);
      pass(2, `${json.rows.length} rows`);

      const header = await page.locator('#classe thead th').allInnerTexts();
      const col = (label) => header.findIndex((h) => h.trim().startsWith(label));
      const cell = (r, label) => rows.nth(r).locator('td').nth(col(label)).innerText();
      for (let i = 0; i < json.rows.length; i++) {
        const row = json.rows[i];
        const student = await cell(i, 'Élève');
        assert(student.includes(row.student), `row ${i}: ${student} is not ${row.student}`);
        assert((await cell(i, 'État')).trim() === row.state, `row ${i}: state ${await cell(i, 'État')} ≠ ${row.state}`);
        const pages = `≈ ${row.pages.body.toFixed(1).replace('.', ',')} / ${row.pages.limit}`;
        assert((await cell(i, 'Pages')).trim() === pages, `row ${i}: pages ${await cell(i, 'Pages')} ≠ ${pages}`);
        assert(Number(await cell(i, 'Avert.')) === row.warnings, `row ${i}: warnings`);
      }
      pass(3, `e.g. ${json.rows[0].student}: ${json.rows[0].state}, ${await cell(0, 'Pages')}`);

      const warnCol = col('Avert.');
      await page.locator('#classe thead th').nth(warnCol).locator('button').click();
      const asc = (await page.locator(`#classe tbody tr td:nth-child(${warnCol + 1})`).allInnerTexts()).map(Number);
      const expectedAsc = json.rows.map((r) => r.warnings).sort((a, b) => a - b);
      assert(JSON.stringify(asc) === JSON.stringify(expectedAsc), `ascending: ${asc} ≠ ${expectedAsc}`);
      assert((await page.locator('#classe thead th').nth(warnCol).getAttribute('aria-sort')) === 'ascending', 'aria-sort not ascending');
      await page.locator('#classe thead th').nth(warnCol).locator('button').click();
      const desc = (await page.locator(`#classe tbody tr td:nth-child(${warnCol + 1})`).allInnerTexts()).map(Number);
      assert(JSON.stringify(desc) === JSON.stringify([...expectedAsc].reverse()), `descending: ${desc}`);
      const nameCol = col('Élève');
      await page.locator('#classe thead th').nth(nameCol).locator('button').click();
      const names = await page.locator('#classe tbody tr .student').allInnerTexts();
      const sortedNames = json.rows.map((r) => r.student).sort((a, b) => a.localeCompare(b, 'fr', { numeric: true, sensitivity: 'base' }));
      assert(JSON.stringify(names) === JSON.stringify(sortedNames), `by name: ${names}`);
      pass(4, `warnings ${asc.join(',')}; names ${names[0]} … ${names[names.length - 1]}`);

      // Sorted by state (incomplet first), for the picture; then open the most-remarked student.
      await page.locator('#classe thead th').nth(col('État')).locator('button').click();
      await page.screenshot({ path: join(RESULTS_DIR, 'classe.png') });
      if (process.env.RAPPORT_UPDATE_DOCS === '1') copyFileSync(join(RESULTS_DIR, 'classe.png'), join(ROOT, 'docs', 'images', 'classe.png'));
      const target = json.rows.reduce((a, b) => (b.findings.length > a.findings.length ? b : a));
      assert((await page.locator('.detail:visible').count()) === 0, 'a detail is shown before any click');
      await page.locator('#classe tbody tr', { hasText: target.student }).first().click();
      const detail = page.locator('.detail:visible');
      assert((await detail.count()) === 1, `${await detail.count()} details visible`);
      assert((await detail.locator('h2').innerText()).trim() === target.student, 'wrong detail opened');
      const lines = (await detail.locator('.findings tbody tr td:first-child').allInnerTexts()).map(Number);
      assert(JSON.stringify(lines) === JSON.stringify(target.findings.map((f) => f.line + 1)), 'detail line numbers differ from the JSON');
      // Every finding's excerpt as the JSON has it (none for a finding on the front matter's fence).
      const excerpts = await detail.locator('.findings .excerpt').allInnerTexts();
      assert(JSON.stringify(excerpts) === JSON.stringify(target.findings.map((f) => f.excerpt)), 'detail excerpts differ from the JSON');
      assert(excerpts.some((e) => e.length > 10), 'no excerpt shown');
      assert((await page.locator('#classe tbody tr[aria-expanded=true]').innerText()).includes(target.student), 'row not marked open');
      pass(5, `${target.student}: ${lines.length} findings`);
      await page.screenshot({ path: join(RESULTS_DIR, 'classe-detail.png') });

      await page.setViewportSize({ width: 390, height: 844 });
      const widths = await page.evaluate(() => ({
        doc: document.documentElement.scrollWidth,
        view: window.innerWidth,
        table: document.getElementById('classe').scrollWidth,
        box: document.querySelector('.scroll').clientWidth,
      }));
      assert(widths.doc <= widths.view + 1, `page ${widths.doc}px wide on a ${widths.view}px screen`);
      assert(widths.table > widths.box, 'the table does not scroll inside its box');
      await page.screenshot({ path: join(RESULTS_DIR, 'classe-phone.png') });
      pass(6, `page ${widths.doc}px, table ${widths.table}px in ${widths.box}px`);

      await page.setViewportSize({ width: 1360, height: 900 });
      await page.emulateMedia({ media: 'print' });
      const shown = await page.locator('.detail:visible').count();
      assert(shown === json.rows.length, `${shown} details printed for ${json.rows.length} rows`);
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const text = pdf.toString('latin1');
      const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
      const pagesCount = (text.match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
      assert(boxes.length > 0 && boxes.every(([w, h]) => Math.abs(w - 841.9) < 2 && Math.abs(h - 595.3) < 2), `page boxes ${JSON.stringify(boxes.slice(0, 3))}`);
      assert(pagesCount >= 1 + json.rows.length, `${pagesCount} pages for ${json.rows.length} details`);
      const breaks = await page.evaluate(() => [...document.querySelectorAll('.detail')].map((d) => getComputedStyle(d).breakBefore));
      assert(breaks.every((b) => b === 'page'), `break-before ${breaks}`);
      pass(7, `${pagesCount} A4 landscape pages`);

      // As in the VS Code webview: the page finds acquireVsCodeApi and posts its messages there
      // (client/src/classe.ts opens the report; test/integration/suite/workspace-classe.test.ts).
      const editorPage = await context.newPage();
      await editorPage.addInitScript(() => {
        window.__sent = [];
        window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__sent.push(m) });
      });
      await editorPage.goto(pathToFileURL(html).href);
      await editorPage.emulateMedia({ media: 'screen' });
      await editorPage.locator('#classe tbody tr', { hasText: target.student }).first().click();
      const k = target.findings.length - 1;
      const findingRow = editorPage.locator('.detail:visible .findings tbody tr').nth(k);
      await findingRow.click();
      await findingRow.focus();
      await editorPage.keyboard.press('Enter');
      const sent = await editorPage.evaluate(() => window.__sent);
      const want = { type: 'open', file: target.file, line: target.findings[k].line, character: target.findings[k].character };
      assert(sent.length === 2 && sent.every((m) => JSON.stringify(m) === JSON.stringify(want)), `messages ${JSON.stringify(sent)} ≠ ${JSON.stringify(want)} (click, then Enter)`);
      // Without the editor (the saved page), a click on a finding sends nothing and changes nothing.
      const plainSent = await page.evaluate(() => typeof window.acquireVsCodeApi);
      assert(plainSent === 'undefined', 'the plain page has an editor API');
      pass(8, `line ${want.line + 1} of ${target.file}`);
    } finally {
      await browser.close();
    }
  } finally {
    if (process.env.RAPPORT_TEST_KEEP !== '1') removeDir(tmp);
  }
}

const limit = deadline(OVERALL_MS, `classe UI test: over ${OVERALL_MS / 1000} s`);
let status = 0;
try {
  await Promise.race([main(), limit.promise]);
} catch (e) {
  log(TAG, `✘ ${e.stack ?? e}`);
  status = 1;
} finally {
  limit.clear();
}
const passed = checks.filter((c) => c.ok).length;
for (const c of checks) if (!c.ok) log(TAG, `✘ ${c.name}`);
log(TAG, `${passed} passed, ${checks.length - passed} failed`);
writeResult(passed, checks.length - passed);
process.exit(status === 0 && passed === checks.length ? 0 : 1);
