import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { settingDefaults } from '../../../src/host/settingDefaults';
import { defaultHyperparameters } from '../../../src/shared/hyperparameterDefaults';

// package.json's contributes.configuration is what users see in the Settings editor; config.ts falls back
// to settingDefaults. The two must name the same settings with the same defaults.
const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
};
const declared = manifest.contributes.configuration.properties;

describe('setting defaults', () => {
  it('declares every setting config.ts knows in package.json, and the reverse', () => {
    const inManifest = Object.keys(declared)
      .map((key) => key.replace(/^nngpt\./, ''))
      .sort();
    assert.deepEqual(Object.keys(settingDefaults).sort(), inManifest);
  });

  for (const [key, value] of Object.entries(settingDefaults)) {
    it(`nngpt.${key} defaults to the value package.json declares`, () => {
      assert.ok('default' in declared[`nngpt.${key}`], `package.json gives nngpt.${key} no default`);
      assert.deepEqual(value, declared[`nngpt.${key}`].default);
    });
  }

  it('starts Train Current Net from the one set of default hyperparameters', () => {
    assert.deepEqual(declared['nngpt.training.hyperparameters'].default, { ...defaultHyperparameters });
  });
});
