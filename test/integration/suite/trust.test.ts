// The runner opens the fixture workspace without --disable-workspace-trust and never trusts it,
// so these tests run in restricted mode: the extension must still activate and check Net files
// there (package.json declares untrustedWorkspaces: "limited").
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId, openFixture, waitForBadNetDiagnostics } from './helpers';

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
  });
}
