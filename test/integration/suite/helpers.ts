// Helpers shared by the integration tests: the extension's API, the workspace, and waits on
// VS Code events (never fixed sleeps), each with a timeout and a message saying what was awaited.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'rapport-bts.rapport-bts';
export const SOURCE = 'rapport-bts';
/** Default time allowed for one wait (server start on a cold 2-core machine included). */
export const WAIT_MS = 20_000;

// The extension's own API types (type-only: nothing of the client is bundled into the tests),
// so a change to the API breaks the type check of the tests, not only their run.
import type { ExtensionApi } from '../../../client/src/extension';
import type { ReportSummary } from '../../../client/src/statusBar';
export type { ExtensionApi } from '../../../client/src/extension';
export type { ReportSummary } from '../../../client/src/statusBar';

export function extension(): vscode.Extension<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this editor`);
  return ext;
}

export async function api(): Promise<ExtensionApi> {
  const ext = extension();
  const exports = ext.isActive ? ext.exports : await ext.activate();
  assert.ok(exports && typeof exports.statusBarText === 'function', 'activate() did not return the extension API');
  return exports;
}

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test editor was opened without a workspace folder');
  return folder;
}

export function fileInWorkspace(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, name);
}

let copies = 0;
/** Each test file is bundled with its own copy of this module: a random tag keeps their names apart. */
const bundleTag = Math.random().toString(36).slice(2, 8);

/**
 * A new file in the workspace with the content of fixture `name`: a document no earlier test
 * has opened, so no diagnostics left over from another test can be mistaken for its own.
 */
export async function freshCopy(name: string): Promise<vscode.Uri> {
  const source = fileInWorkspace(name);
  const target = fileInWorkspace(name.replace(/\.md$/, `-${bundleTag}-${++copies}.md`));
  await vscode.workspace.fs.copy(source, target, { overwrite: false });
  return target;
}

/** The diagnostic code as a string (`code` is `{ value, target }` when a doc link is attached). */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** The LSP `data` field, kept by vscode-languageclient on the diagnostics it creates. */
export function dataOf(d: vscode.Diagnostic): Record<string, unknown> | undefined {
  return (d as vscode.Diagnostic & { data?: Record<string, unknown> }).data;
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function describe(diags: readonly vscode.Diagnostic[]): string {
  if (diags.length === 0) return 'none';
  return diags
    .map((d) => `${d.source ?? '?'}/${codeOf(d)} at ${d.range.start.line}:${d.range.start.character} "${d.message}"`)
    .join('; ');
}

/**
 * Resolves once `condition()` returns a value other than undefined, checking now and after
 * each of `events`; rejects after `timeoutMs` with `what` and `detail()` in the message.
 */
export function waitFor<T>(
  what: string,
  condition: () => T | undefined,
  events: vscode.Event<unknown>[],
  detail: () => string = () => '',
  timeoutMs = WAIT_MS,
): Promise<T> {
  const now = condition();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise<T>((resolve, reject) => {
    const subs: vscode.Disposable[] = [];
    const done = () => {
      clearTimeout(timer);
      for (const s of subs) s.dispose();
    };
    const timer = setTimeout(() => {
      done();
      const more = detail();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${more ? ` (${more})` : ''}`));
    }, timeoutMs);
    for (const event of events) {
      subs.push(
        event(() => {
          let value: T | undefined;
          try {
            value = condition();
          } catch (e) {
            done();
            reject(e);
            return;
          }
          if (value !== undefined) {
            done();
            resolve(value);
          }
        }),
      );
    }
  });
}

/**
 * Sends a request (e.g. `vscode.executeCodeActionProvider`) until its answer is accepted, up to
 * `timeoutMs`. VS Code cancels such requests while a freshly opened editor settles (the command
 * then throws `Canceled`, or a provider answers nothing), and its own light bulb simply asks
 * again: so does this. There is no event to wait for here; retries back off from 50 to 500 ms.
 */
export async function requestUntil<T>(
  what: string,
  request: () => Thenable<T>,
  accept: (answer: T) => boolean,
  show: (answer: T) => string,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let delay = 50;
  let last = 'no answer';
  for (;;) {
    try {
      const answer = await request();
      if (accept(answer)) return answer;
      last = show(answer);
    } catch (e) {
      if (!/Canceled/.test(String(e))) throw e;
      last = String(e);
    }
    if (Date.now() + delay > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last answer: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 500);
  }
}

/** Waits until the rapport-bts diagnostics of `uri` satisfy `predicate`. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  predicate: (diags: vscode.Diagnostic[]) => boolean,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  const name = vscode.workspace.asRelativePath(uri);
  return waitFor(
    `${what} on ${name}`,
    () => {
      const d = ours(uri);
      return predicate(d) ? d : undefined;
    },
    [vscode.languages.onDidChangeDiagnostics],
    () => `rapport-bts diagnostics on ${name} now: ${describe(ours(uri))}`,
    timeoutMs,
  );
}

/** Waits for the server's summary of `uri` (sent after every analysis, reports or not). */
export async function waitForSummary(uri: vscode.Uri, what: string, timeoutMs = WAIT_MS): Promise<ReportSummary> {
  const a = await api();
  return waitFor(
    `${what} (summary of ${vscode.workspace.asRelativePath(uri)})`,
    () => a.summaryOf(uri),
    [a.onDidUpdateSummary],
    () => '',
    timeoutMs,
  );
}

/** Reverts every modified document (so closing asks nothing), then closes all editors. */
export async function closeAllEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty || doc.isClosed) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export { describe as describeDiagnostics };

/** One step played on the browser by the runner (test/integration/harness.mjs `startDriver`). */
export type DriveAction =
  | { wait: string; text?: string; timeoutMs?: number }
  | { gone: string; timeoutMs?: number }
  | { press: string }
  | { type: string }
  | { read: string; attr?: string };

/** True when the runner drives a browser (code-server): the keyboard tests need it. */
export const canDrive = (): boolean => !!process.env.RAPPORT_TEST_DRIVER;

/**
 * Plays keyboard and screen actions in the browser showing this editor, as a person would
 * (real key presses, dispatched by the workbench's keybindings), and returns what `read`
 * actions read. Only under test/integration/run.mjs (code-server): elsewhere the caller skips.
 */
export async function drive(actions: DriveAction[]): Promise<string[][]> {
  const url = process.env.RAPPORT_TEST_DRIVER;
  assert.ok(url, 'no RAPPORT_TEST_DRIVER: the keyboard is driven only under test/integration/run.mjs');
  const res = await fetch(`${url}/drive`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ actions }),
  });
  const answer = (await res.json()) as { reads?: string[][]; error?: string };
  if (!res.ok) throw new Error(`driving the browser failed: ${answer.error ?? res.status} (actions ${JSON.stringify(actions)})`);
  return answer.reads ?? [];
}

/** Selectors of the quick input (quick pick and input box) of the workbench. */
export const QUICK_INPUT = '.quick-input-widget';
export const QUICK_INPUT_ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';
/** The text editor that has the keyboard focus. */
export const EDITOR_FOCUSED = '.editor-instance .monaco-editor.focused';
