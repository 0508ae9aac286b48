/**
 * NNGPT's proxy-training hyperparameters (nngpt-facts.md): the one place the defaults live. The host's
 * `nngpt.training.hyperparameters` setting, the generate pipeline, the execution check and the trainer
 * (for a declared key the run's spec leaves out) all start from these.
 */

/** Learning rate, momentum and dropout as NNGPT trains its first epoch; each lies in [0, 1]. */
export const defaultHyperparameters: Readonly<Record<string, number>> = Object.freeze({
  lr: 0.01,
  momentum: 0.9,
  dropout: 0.2,
});

/** The value of any other declared key where a value is needed but none is given: the middle of [0, 1]. */
export const otherHyperparameterDefault = 0.5;
