// The fixtures are real Nets, not just text the checker likes: every valid fixture, and every
// fixable invalid one after fixAll, passes the trainer's smoke test with TF.js.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as ts from 'typescript';
import { fixAll } from '../../../src/core/netApi/applyFixes';
import { checkNet } from '../../../src/core/netApi/checkNet';
import { smokeTrain, useCpu } from './smokeTrain';
import type { NetModule } from './smokeTrain';

const fixtures = path.join(__dirname, '../../fixtures/nets');
const validDir = path.join(fixtures, 'valid');
const invalidDir = path.join(fixtures, 'invalid');

/** Loads fixed source the way a sandbox would: transpiled to CommonJS, with only a real require. */
function evaluate(source: string, fileName: string): NetModule {
  const js = ts.transpileModule(source, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  new Function('require', 'module', 'exports', js)(createRequire(__filename), module, module.exports);
  return module.exports as unknown as NetModule;
}

describe('Net fixtures train with TF.js', function () {
  this.timeout(60_000);
  before(useCpu);

  for (const name of readdirSync(validDir).sort()) {
    it(`valid ${name} builds, forwards and learns two batches`, async () => {
      const file = path.join(validDir, name);
      const { declaredHyperparameters } = checkNet(readFileSync(file, 'utf8'), file);
      await smokeTrain((await import(file)) as NetModule, declaredHyperparameters);
    });
  }

  const fixable = readdirSync(invalidDir)
    .filter((n) => n.endsWith('.expected.json'))
    .filter((n) => (JSON.parse(readFileSync(path.join(invalidDir, n), 'utf8')) as { fixable: boolean }).fixable)
    .map((n) => readdirSync(invalidDir).find((f) => f.startsWith(n.replace('.expected.json', '.net.'))) as string);
  for (const name of fixable.sort()) {
    it(`fixed ${name} builds, forwards and learns two batches`, async () => {
      const fixed = fixAll(readFileSync(path.join(invalidDir, name), 'utf8'), name);
      const keys = checkNet(fixed.source, name).declaredHyperparameters;
      await smokeTrain(evaluate(fixed.source, name), keys);
    });
  }
});
