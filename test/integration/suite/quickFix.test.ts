// Quick fixes come back from the code-action provider for a diagnostic's range, and applying the
// one meant for it makes that diagnostic go away while the file's other problems stay.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, nextDiagnosticsChange, openFixture, revertBadNet, waitForBadNetDiagnostics } from '../shared/helpers';

const fixedCode = 'net-api/undeclared-hyperparameter';

/** Quick-fix code actions the providers return for a range. */
async function quickFixesAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      uri,
      range,
      vscode.CodeActionKind.QuickFix.value,
    )) ?? [];
  return actions.filter(
    (a): a is vscode.CodeAction => 'kind' in a && !!a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind),
  );
}

/** Applies a code action's edit and command; resolves with the diagnostics published afterwards. */
async function apply(document: vscode.TextDocument, action: vscode.CodeAction): Promise<vscode.Diagnostic[]> {
  assert.ok(action.edit || action.command, `quick fix "${action.title}" has neither an edit nor a command`);
  const published = nextDiagnosticsChange(document.uri, `diagnostics after applying "${action.title}"`);
  if (action.edit)
    assert.equal(await vscode.workspace.applyEdit(action.edit), true, `applyEdit refused "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  return published;
}

/** Defines the quick-fix suite (called after mocha installed its globals). */
export function defineQuickFixTests(): void {
  describe('quick fixes', () => {
    it(`offers a quick fix for ${fixedCode}; applying it clears that diagnostic only`, async () => {
      const document = await openFixture('bad.net.ts');
      const target = (await waitForBadNetDiagnostics(document)).find((d) => codeOf(d) === fixedCode);
      assert.ok(target);
      // `vscode.executeCodeActionProvider` drops CodeAction.diagnostics, so which fix belongs to the
      // target cannot be read off the result; the range may also touch other diagnostics (the class),
      // so try each quick fix until one clears the target.
      const fixes = await quickFixesAt(document.uri, target.range);
      assert.ok(fixes.length > 0, `no quick fix offered at the ${fixedCode} diagnostic`);
      const tried: string[] = [];
      try {
        for (const fix of fixes) {
          const after = await apply(document, fix);
          if (!after.some((d) => codeOf(d) === fixedCode && d.range.isEqual(target.range))) {
            assert.ok(
              after.some((d) => codeOf(d) === 'net-api/missing-learn'),
              `"${fix.title}" also cleared unrelated problems`,
            );
            return;
          }
          tried.push(fix.title);
          await revertBadNet(document);
        }
        assert.fail(`none of the quick fixes cleared ${fixedCode}: ${tried.join('; ')}`);
      } finally {
        await revertBadNet(document);
      }
    });
  });
}
