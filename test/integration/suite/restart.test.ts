// The language server is restarted by the client when its process dies, and diagnostics come
// back: the test kills the server (the extension host runs on this machine, so its pid is
// reachable) and proves that a new server analyses an edit made after the kill.
// It leaves a running server behind for the test files that come after it.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAllEditors, codeOf, dataOf, freshCopy, waitFor, waitForDiagnostics, WAIT_MS } from './helpers';
import type { ExtensionApi } from './helpers';


type ServerStats = Awaited<ReturnType<ExtensionApi['serverStats']>>;

async function restartApi() {
  const ext = await api();
  assert.equal(typeof ext.serverStats, 'function', 'activate() does not expose serverStats()');
  return ext;
}

/** `serverStats()` within `timeoutMs`: a client that gave up on its server rejects, one that hangs times out. */
function statsWithin(a: { serverStats(): Promise<ServerStats> }, what: string, timeoutMs = WAIT_MS): Promise<ServerStats> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  const answer = a.serverStats().then(
    (s) => s,
    (e: unknown) => {
      throw new Error(`${what}: rapport/stats failed: ${String((e as Error)?.message ?? e)}`);
    },
  );
  return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
}

/** Whether process `pid` still exists (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const isConclusionMissing = (d: vscode.Diagnostic) =>
  codeOf(d) === 'section-missing' && dataOf(d)?.section === 'conclusion';

suite('Server restart', () => {
  teardown(async () => {
    await closeAllEditors();
  });

  test('a killed server is restarted and analyses the report again', async () => {
    const a = await restartApi();
    const uri = await freshCopy('stage-sans-conclusion.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitForDiagnostics(uri, 'section-missing for the conclusion (before the kill)', (ds) => ds.some(isConclusionMissing));

    const before = await statsWithin(a, 'the stats of the first server');
    assert.ok(Number.isInteger(before.pid) && before.pid > 0, `rapport/stats returned pid ${before.pid}`);
    assert.notEqual(before.pid, process.pid, 'rapport/stats answered with the extension host pid');
    process.kill(before.pid, 'SIGKILL');

    // An edit only a live server can see: the missing heading, before the annexes.
    const annexes = doc.getText().indexOf('# Annexes');
    assert.ok(annexes > 0, 'the fixture has no "# Annexes" heading');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, doc.positionAt(annexes), '# Conclusion\n\nCe stage m’a appris à mener une étude de conception complète.\n\n');
    assert.ok(await vscode.workspace.applyEdit(edit), 'workspace.applyEdit refused the insertion');
    const version = doc.version;

    // The summary of this version comes from an analysis of the edited text (the killed server
    // never received it); the diagnostics are published just before it.
    await waitFor(
      `a summary of version ${version} of ${vscode.workspace.asRelativePath(uri)} from a restarted server`,
      () => (a.summaryOf(uri)?.version === version ? true : undefined),
      [a.onDidUpdateSummary],
      () => `last summary: version ${a.summaryOf(uri)?.version ?? 'none'}; killed server pid ${before.pid}`,
    );
    await waitForDiagnostics(uri, 'section-missing for the conclusion to go away after the restart', (ds) => !ds.some(isConclusionMissing));

    const after = await statsWithin(a, 'the stats of the restarted server');
    assert.notEqual(after.pid, before.pid, 'rapport/stats still answers with the killed pid');
    assert.ok(after.documents >= 1, `the restarted server holds ${after.documents} documents`);
    assert.equal(alive(before.pid), false, `the killed server (pid ${before.pid}) is still running`);

    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
