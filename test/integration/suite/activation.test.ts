// The extension activates in a real extension host and registers every command it contributes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId } from '../shared/helpers';

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

/** Defines the activation suite (called after mocha installed its globals). */
export function defineActivationTests(): void {
  describe('activation', () => {
    it('activates without throwing', async () => {
      const extension = vscode.extensions.getExtension(extensionId);
      assert.ok(extension, `${extensionId} is not loaded as a development extension`);
      await extension.activate();
      assert.equal(extension.isActive, true);
    });

    it('registers every nngpt.* command it contributes, under the NNGPT category', async () => {
      const extension = vscode.extensions.getExtension(extensionId);
      assert.ok(extension);
      await extension.activate();
      const contributed: ContributedCommand[] = extension.packageJSON.contributes?.commands ?? [];
      const ids = contributed.map((c) => c.command).filter((id) => id.startsWith('nngpt.'));
      for (const required of ['nngpt.fixAll', 'nngpt.openReferenceNet']) {
        assert.ok(ids.includes(required), `package.json does not contribute ${required}`);
      }
      const registered = new Set(await vscode.commands.getCommands(true));
      assert.deepEqual(
        ids.filter((id) => !registered.has(id)),
        [],
        'contributed but not registered',
      );
      const uncategorized = contributed.filter((c) => c.command.startsWith('nngpt.') && c.category !== 'NNGPT');
      assert.deepEqual(
        uncategorized.map((c) => c.command),
        [],
        'commands outside the NNGPT category',
      );
    });
  });
}
