/**
 * Every finding code the checker emits, with the one-line rule it stands for. Codes are stable:
 * quick fixes, docs and tests key on them, so a rule is renamed only by adding a new code.
 */

/** Rule names (the code without its `net-api/` prefix) and what each one requires. */
export const ruleDescriptions = {
  'syntax-error': 'The file parses as TypeScript or JavaScript.',
  'unreadable-file': 'The file is text of a sensible size (it was skipped otherwise).',
  'missing-net-class': 'The module defines a class named Net.',
  'class-not-named-net': 'The main class is named exactly Net.',
  'net-not-exported': 'Net is exported by name.',
  'constructor-arity': 'The constructor takes (inShape, outShape, prm, device).',
  'missing-forward': 'Net has forward(x, training).',
  'missing-train-setup': 'Net has trainSetup(prm).',
  'missing-learn': 'Net has learn(trainData).',
  'train-setup-missing-optimizer': 'trainSetup assigns this.optimizer.',
  'train-setup-missing-criteria': 'trainSetup assigns this.criteria.',
  'missing-supported-hyperparameters': 'The module exports supportedHyperparameters().',
  'hyperparameters-not-literal': 'supportedHyperparameters() returns a literal array of strings.',
  'undeclared-hyperparameter': 'Every key read from prm is declared.',
  'unused-hyperparameter': 'Every declared key is read from prm.',
  'duplicate-hyperparameter': 'No key is declared twice.',
  'unverifiable-hyperparameter-read': 'prm is read only with literal keys, so reads can be checked.',
  'forbidden-import': 'Imports name TF.js packages only.',
  'forbidden-require': 'require() loads TF.js packages only, called directly.',
  'dynamic-import': 'No import() at run time.',
  'forbidden-global': 'No process, file, network, global-object, timer or dynamic-code access.',
  'pretrained-weights': 'No pretrained models or weights are loaded.',
  'model-io': 'No model I/O: no tf.io (http, browserFiles, withSaveHandler, …) and no model.save().',
  'sync-read': 'No dataSync(), arraySync() or bufferSync(): sync reads stall a GPU and fail on webgpu in Node.',
} as const;

/** A rule name, e.g. `missing-learn`. */
export type RuleName = keyof typeof ruleDescriptions;

/** All finding codes, e.g. `net-api/missing-learn`. */
export const netApiCodes: readonly string[] = Object.keys(ruleDescriptions).map((name) => `net-api/${name}`);
