// Generate Variant, offline, in a trusted workspace: the mutation generator (no endpoint is set)
// writes seed.v1.net.ts beside the seed, the diff against the seed opens, and the store on disk
// holds the variant with the seed as its parent.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { checkNet } from '../../../src/core/netApi/checkNet';
import { fixtureUri, nngptDiagnostics, openFixture, waitForBadNetDiagnostics } from '../shared/helpers';
import { describeMessages, withCapturedMessages } from '../shared/messages';
import { selectRows, waitForStore } from './storeFile';

/** Diff tabs whose right-hand side is `uri`. */
function diffTabsShowing(uri: vscode.Uri): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.fsPath === uri.fsPath);
}

/** Defines the Generate Variant suite (called after mocha installed its globals). */
export function defineGenerateVariantTests(): void {
  describe('Generate Variant (trusted, offline)', () => {
    it('writes seed.v1.net.ts, opens its diff against the seed, and records it with its parent', async () => {
      const seed = await openFixture('seed.net.ts');
      const variant = fixtureUri('seed.v1.net.ts');
      const { messages } = await withCapturedMessages(() => vscode.commands.executeCommand('nngpt.generateVariant'));
      const shown = describeMessages(messages);
      assert.ok(fs.existsSync(variant.fsPath), `seed.v1.net.ts was not written; messages:\n${shown}`);
      assert.ok(
        messages.some((m) => m.severity !== 'error' && /wrote seed\.v1\.net\.ts/.test(m.text)),
        `no "wrote seed.v1.net.ts" message; messages:\n${shown}`,
      );

      const code = fs.readFileSync(variant.fsPath, 'utf8');
      assert.notEqual(code, seed.getText(), 'the variant is the seed unchanged');
      const errors = checkNet(code, 'seed.v1.net.ts').findings.filter((f) => f.severity === 'error');
      assert.deepEqual(
        errors.map((f) => `${f.code}: ${f.message}`),
        [],
        'Net-API errors in the written variant',
      );

      assert.equal(diffTabsShowing(variant).length, 1, 'no diff editor shows seed.v1.net.ts');
      const diff = diffTabsShowing(variant)[0].input as vscode.TabInputTextDiff;
      assert.notEqual(diff.original.toString(), variant.toString(), 'the diff compares the variant with itself');

      // The diff opened the variant, which makes the extension check it; bad.net.ts opened after it
      // has its diagnostics once the earlier open was handled too.
      await waitForBadNetDiagnostics(await openFixture('bad.net.ts'));
      const editorErrors = nngptDiagnostics(variant).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepEqual(
        editorErrors.map((d) => d.message),
        [],
        'Net-API error diagnostics on seed.v1.net.ts',
      );

      const rows = await waitForStore((db) => {
        const found = selectRows(
          db,
          'SELECT v.id, v.generator, v.status, v.parent_id, p.file_path AS parent_file, p.generator AS parent_generator FROM variants v LEFT JOIN variants p ON p.id = v.parent_id WHERE v.file_path = ?',
          [variant.fsPath],
        );
        return found.length > 0 ? found : undefined;
      }, 'the variant row of seed.v1.net.ts');
      assert.equal(rows.length, 1);
      const [row] = rows;
      assert.equal(row.generator, 'mutation');
      assert.ok(['generated', 'near-duplicate'].includes(String(row.status)), `status ${row.status}`);
      assert.equal(row.parent_file, seed.uri.fsPath, 'the parent row is not the seed file');
      assert.equal(row.parent_generator, 'seed');
    });
  });
}
