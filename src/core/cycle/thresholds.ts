/**
 * First-epoch accuracy a novel variant needs to be admitted, by dataset: the values of the novelty-loop paper
 * ("From Memorization to Creativity") for
 * CIFAR-10, CIFAR-100 and SVHN; the digit sets are easy, so theirs are higher.
 */
export const defaultThresholds: Readonly<Record<string, number>> = {
  cifar10: 0.4,
  cifar100: 0.2,
  svhn: 0.7,
  mnist: 0.9,
  'fashion-mnist': 0.7,
};

/** The default threshold for a dataset (0.5 for one not listed). */
export function defaultThreshold(dataset: string): number {
  return defaultThresholds[dataset] ?? 0.5;
}

/** The threshold a loop admits with: an explicit one, else the dataset's override, else its default. */
export function thresholdFor(
  dataset: string,
  explicit?: number,
  overrides: Readonly<Record<string, number>> = {},
): number {
  return explicit ?? overrides[dataset] ?? defaultThreshold(dataset);
}
