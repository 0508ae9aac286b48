// The architecture zoo: the Net files `npm run bench:zoo` trains against their PyTorch twins
// (bench/zooTorch.py), also what parity and profiling checks iterate over. A family is one
// `examples/zoo/<name>.net.ts` file, plus the reference CNN from examples/nets.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One zoo family: its name (the file's base name, also the PyTorch twin's key) and Net file. */
export interface ZooFamily {
  name: string;
  file: string;
}

/** The folder holding the zoo's Net files. */
export const zooDir = join(__dirname, '..', '..', 'examples', 'zoo');

/** The reference CNN, shipped in examples/nets and counted as the zoo's first family. */
export const referenceFamily: ZooFamily = {
  name: 'referenceCnn',
  file: join(__dirname, '..', '..', 'examples', 'nets', 'referenceCnn.net.ts'),
};

/** Every family: the reference CNN first, then examples/zoo/*.net.ts by name. */
export function zooFamilies(): ZooFamily[] {
  const files = readdirSync(zooDir)
    .filter((f) => f.endsWith('.net.ts'))
    .sort();
  return [referenceFamily, ...files.map((f) => ({ name: f.slice(0, -'.net.ts'.length), file: join(zooDir, f) }))];
}

/** The families named in `names` (all when empty); an unknown name throws with the known ones. */
export function selectFamilies(names: readonly string[]): ZooFamily[] {
  const all = zooFamilies();
  if (names.length === 0) return all;
  return names.map((n) => {
    const found = all.find((f) => f.name === n);
    if (!found) throw new Error(`unknown zoo family '${n}'; known: ${all.map((f) => f.name).join(', ')}`);
    return found;
  });
}
