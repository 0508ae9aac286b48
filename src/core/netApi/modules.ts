/**
 * The only modules a Net may load: TF.js's own packages. Anything else (fs, child_process,
 * network clients, converters that fetch weights) is outside the sandbox the trainer gives a Net.
 */

/** Packages a Net may import, with their sub-paths. */
export const allowedPackages: readonly string[] = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
];

/** True when `specifier` names an allowed package or a path inside one. */
export function allowedModule(specifier: string): boolean {
  return allowedPackages.some((p) => specifier === p || specifier.startsWith(`${p}/`));
}
