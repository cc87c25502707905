// The manifest and the code agree: what package.json contributes exists once the extension runs.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, extension } from './helpers';

interface Manifest {
  contributes?: { commands?: { command: string }[] };
}

suite('Manifest', () => {
  test('every contributed command is registered after activation', async () => {
    await api();
    const manifest = extension().packageJSON as Manifest;
    const declared = (manifest.contributes?.commands ?? []).map((c) => c.command);
    assert.ok(declared.includes('rapportBts.newReport'), 'rapportBts.newReport is not in contributes.commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `declared in package.json but not registered: ${missing.join(', ')}`);
  });
});
