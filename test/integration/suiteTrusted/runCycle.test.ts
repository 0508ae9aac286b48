// Run Cycle, offline, on Fashion-MNIST (the workspace settings keep it small: 2 candidates, a
// 3-second epoch limit, a 10% threshold): the store on disk gets a completed cycle that generated
// 2 candidates and trained at least one, the Cycle History view shows, and the results panel's
// page reports receiving the runs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { NngptApi } from '../../../src/extension';
import { extensionId, fixtureUri, openFixture } from '../shared/helpers';
import { describeMessages, withCapturedMessages } from '../shared/messages';
import { pollUntil } from '../shared/poll';
import { readStore, selectRows, waitForStore } from './storeFile';

/** Defines the Run Cycle and results-panel suite (called after mocha installed its globals). */
export function defineRunCycleTests(): void {
  describe('Run Cycle (trusted, offline, Fashion-MNIST)', () => {
    it('a 2-candidate cycle completes and fills the store and the Cycle History view', async () => {
      await openFixture('seed.net.ts');
      const { messages } = await withCapturedMessages(() => vscode.commands.executeCommand('nngpt.runCycle'));
      const errors = messages.filter((m) => m.severity === 'error');
      assert.deepEqual(errors, [], `Run Cycle showed errors:\n${describeMessages(messages)}`);

      const cycle = await waitForStore(
        (db) => selectRows(db, "SELECT id FROM cycles WHERE status = 'completed' ORDER BY id DESC LIMIT 1")[0],
        'a completed cycle',
      );
      const { tally, candidates, runs } = await readStore((db) => ({
        tally: JSON.parse(
          String(selectRows(db, 'SELECT value FROM meta WHERE key = ?', [`cycle:${cycle.id}:tally`])[0]?.value ?? '{}'),
        ) as { candidates?: number },
        candidates: selectRows(
          db,
          'SELECT name, status, file_path, parent_id, parent_reason FROM variants WHERE cycle_id = ?',
          [cycle.id],
        ),
        runs: selectRows(
          db,
          'SELECT r.status, r.test_accuracy, r.dataset FROM runs r JOIN variants v ON v.id = r.variant_id WHERE v.cycle_id = ?',
          [cycle.id],
        ),
      }));
      assert.equal(tally.candidates, 2, `the cycle's tally: ${JSON.stringify(tally)}`);
      // A candidate whose code is already stored (e.g. the variant the previous test generated) keeps
      // its earlier row, so the cycle may own fewer rows than it generated.
      assert.ok(candidates.length >= 1, 'no variant row belongs to the cycle');
      for (const c of candidates.filter((v) => v.file_path))
        assert.ok(fs.existsSync(String(c.file_path)), `${c.file_path} is missing`);
      // Each candidate names the parent the search drew for it, and why.
      for (const c of candidates)
        assert.ok(
          typeof c.parent_id === 'string' && ['seed', 'exploit', 'explore'].includes(String(c.parent_reason)),
          `lineage of ${c.name}: ${c.parent_id} ${c.parent_reason}`,
        );
      assert.ok(
        candidates.some((c) => String(c.file_path).startsWith(fixtureUri('.nngpt/variants').fsPath)),
        `no candidate under .nngpt/variants/: ${JSON.stringify(candidates)}`,
      );
      const completed = runs.filter((r) => r.status === 'completed');
      assert.ok(completed.length >= 1, `no completed run: ${JSON.stringify(runs)}`);
      for (const run of completed) {
        assert.equal(run.dataset, 'fashion-mnist');
        const accuracy = Number(run.test_accuracy);
        assert.ok(accuracy > 0 && accuracy <= 1, `test accuracy ${run.test_accuracy}`);
      }
      // The view is contributed and registered: focusing it fails for an unknown view.
      await vscode.commands.executeCommand('nngpt.cycleHistory.focus');
    });

    it('the results panel opens and its page receives every stored run and cycle', async () => {
      const api = (await vscode.extensions.getExtension<NngptApi>(extensionId)?.activate()) as NngptApi;
      assert.ok(api && typeof api.resultsRendered === 'function', 'the extension exports no resultsRendered()');
      const stored = await readStore((db) => ({
        runs: Number(selectRows(db, 'SELECT COUNT(*) AS n FROM runs')[0].n),
        cycles: Number(selectRows(db, 'SELECT COUNT(*) AS n FROM cycles')[0].n),
      }));
      await vscode.commands.executeCommand('nngpt.showResults');
      // The page reports after each snapshot; its charts fill once it fetched the epochs, which it
      // does not report again, so charts are checked by the end-to-end test in the browser.
      const rendered = await pollUntil(
        () => {
          const shown = api.resultsRendered();
          return shown && shown.runs >= stored.runs ? shown : undefined;
        },
        () => `the results page to report ${stored.runs} runs (last report: ${JSON.stringify(api.resultsRendered())})`,
        30_000,
      );
      assert.deepEqual({ runs: rendered.runs, cycles: rendered.cycles }, stored);
    });
  });
}
