// Net files get live Net-API diagnostics; ordinary TypeScript files and a valid Net get none.
import * as assert from 'node:assert/strict';
import {
  badNetCodes,
  codeOf,
  codesOf,
  nngptDiagnostics,
  openFixture,
  waitForBadNetDiagnostics,
} from '../shared/helpers';

/** Defines the diagnostics suite (called after mocha installed its globals). */
export function defineDiagnosticsTests(): void {
  describe('diagnostics', () => {
    it('reports exactly the Net-API problems of bad.net.ts, each once, from source nngpt', async () => {
      const document = await openFixture('bad.net.ts');
      const diagnostics = await waitForBadNetDiagnostics(document);
      assert.deepEqual(codesOf(diagnostics), badNetCodes);
      assert.equal(
        diagnostics.length,
        badNetCodes.length,
        diagnostics.map((d) => `${codeOf(d)}: ${d.message}`).join('\n'),
      );
      const forbidden = diagnostics.find((d) => codeOf(d) === 'net-api/forbidden-import');
      assert.match(document.getText(forbidden?.range), /fs/, 'forbidden-import should point at the node:fs import');
    });

    it('leaves an ordinary .ts file and a valid Net without nngpt diagnostics', async () => {
      // Absence has no event to wait for, so open the clean files first and a Net file last:
      // once the last one's diagnostics arrived, the earlier opens have been handled too.
      const plain = await openFixture('plain.ts');
      const good = await openFixture('good.net.ts');
      await waitForBadNetDiagnostics(await openFixture('bad.net.ts'));
      assert.deepEqual(nngptDiagnostics(plain.uri).map(codeOf), [], 'plain.ts');
      assert.deepEqual(nngptDiagnostics(good.uri).map(codeOf), [], 'good.net.ts (the reference Net)');
    });
  });
}
