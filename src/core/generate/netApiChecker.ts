/** The real Net-API checker as the pipeline's `StaticChecker` port. */
import { fixAll } from '../netApi/applyFixes';
import { checkNet } from '../netApi/checkNet';
import type { StaticChecker } from './ports';

/** `checkNet` and `fixAll` with their default options. */
export const netApiChecker: StaticChecker = {
  check: (source, fileName) => checkNet(source, fileName),
  fixAll: (source, fileName) => fixAll(source, fileName),
};
