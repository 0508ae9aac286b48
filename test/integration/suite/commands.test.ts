// The palette commands do their job when run through the command API.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openFixture, revertBadNet, waitForBadNetDiagnostics, waitForDiagnostics } from '../shared/helpers';

/** Defines the commands suite (called after mocha installed its globals). */
export function defineCommandsTests(): void {
  describe('commands', () => {
    it("nngpt.fixAll removes at least one of bad.net.ts's problems", async () => {
      const document = await openFixture('bad.net.ts');
      const before = await waitForBadNetDiagnostics(document);
      try {
        const after = waitForDiagnostics(
          document.uri,
          (ds) => ds.length < before.length,
          'fewer diagnostics after nngpt.fixAll',
        );
        await vscode.commands.executeCommand('nngpt.fixAll');
        await after;
        assert.equal(document.isDirty, true, 'fixAll should edit the document, leaving saving to the user');
      } finally {
        await revertBadNet(document);
      }
    });

    it('nngpt.openReferenceNet opens the reference Net in an editor', async () => {
      await vscode.commands.executeCommand('nngpt.openReferenceNet');
      const active = vscode.window.activeTextEditor?.document;
      assert.ok(active, 'no active editor after nngpt.openReferenceNet');
      assert.equal(path.posix.basename(active.uri.path), 'referenceCnn.net.ts');
      assert.match(active.getText(), /export class Net\b/);
    });
  });
}
