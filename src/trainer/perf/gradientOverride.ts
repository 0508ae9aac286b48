// Replacing a TF.js gradient process-wide, and putting the core one back (for measuring what a
// replacement buys). Replacements compute the same values on every backend.
import * as tf from '@tensorflow/tfjs';
import type { GradConfig } from '@tensorflow/tfjs';

const coreGradients = new Map<string, GradConfig>();

/** Installs `config` as its kernel's gradient (idempotent), remembering TF.js's own. */
export function replaceGradient(config: GradConfig): void {
  const current = tf.getGradient(config.kernelName);
  if (current === config) return;
  if (!coreGradients.has(config.kernelName)) coreGradients.set(config.kernelName, current);
  tf.registerGradient(config);
}

/** TF.js's own gradient for `kernelName`, as it was before any replacement. */
export function coreGradient(kernelName: string): GradConfig | undefined {
  return coreGradients.get(kernelName) ?? tf.getGradient(kernelName);
}

/** Puts TF.js's own gradient back in place of `config`; false when `config` was not installed. */
export function restoreCoreGradient(config: GradConfig): boolean {
  const core = coreGradients.get(config.kernelName);
  if (!core || tf.getGradient(config.kernelName) !== config) return false;
  tf.registerGradient(core);
  return true;
}
