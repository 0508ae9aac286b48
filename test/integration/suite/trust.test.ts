// The runner opens the fixture workspace without --disable-workspace-trust and never trusts it,
// so these tests run in restricted mode: the extension must still activate and check Net files
// there (package.json declares untrustedWorkspaces: "limited"), and refuse to run Net code.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { extensionId, fixtureUri, openFixture, waitForBadNetDiagnostics } from '../shared/helpers';
import { describeMessages, withCapturedMessages } from '../shared/messages';

/** Defines the workspace-trust suite (called after mocha installed its globals). */
export function defineTrustTests(): void {
  describe('workspace trust', () => {
    it('runs in an untrusted workspace (trust is enforced, not disabled)', () => {
      assert.equal(vscode.workspace.isTrusted, false);
    });

    it('declares limited support and still reports diagnostics in restricted mode', async () => {
      const extension = vscode.extensions.getExtension(extensionId);
      assert.equal(extension?.packageJSON.capabilities?.untrustedWorkspaces?.supported, 'limited');
      await waitForBadNetDiagnostics(await openFixture('bad.net.ts'));
    });

    it('refuses nngpt.trainCurrentNet with an error naming Restricted Mode, and writes no history', async () => {
      await openFixture('good.net.ts');
      const { messages } = await withCapturedMessages(() => vscode.commands.executeCommand('nngpt.trainCurrentNet'));
      const errors = messages.filter((m) => m.severity === 'error');
      assert.equal(errors.length, 1, `expected one error message; shown:\n${describeMessages(messages)}`);
      assert.match(errors[0].text, /Restricted Mode/);
      assert.equal(fs.existsSync(fixtureUri('.nngpt').fsPath), false, 'a refused command must not create .nngpt/');
    });
  });
}
