/**
 * The hyperparameter block of a reply: YAML (JSON is YAML too) checked with zod against
 * LEMUR's search ranges, then completed with NNGPT's defaults for every key the Net declares.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { defaultHyperparameters, otherHyperparameterDefault } from '../../shared/hyperparameterDefaults';

/** Hyperparameter name → value. */
export type Hyperparameters = Readonly<Record<string, number>>;

/** NNGPT's proxy-training defaults (nngpt-facts.md); any other declared key defaults to the middle of [0, 1]. */
export const hyperparameterDefaults: Hyperparameters = { ...defaultHyperparameters, batch: 64 };
const otherKeyDefault = otherHyperparameterDefault;

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n >= 1 && n <= 4096 && (n & (n - 1)) === 0;

/** LEMUR's ranges, with the words used when a value is outside them. */
const ranges: Record<string, { schema: z.ZodType<number>; text: string }> = {
  lr: { schema: z.number().gt(0).lte(1), text: 'in (0, 1]' },
  momentum: { schema: z.number().gte(0).lte(1), text: 'in [0, 1]' },
  dropout: { schema: z.number().gte(0).lte(0.5), text: 'in [0, 0.5]' },
  batch: { schema: z.number().refine(isPowerOfTwo), text: 'a power of two from 1 to 4096' },
};
const otherRange = { schema: z.number().gte(0).lte(1), text: 'in [0, 1]' };

const blockSchema = z.record(z.string().regex(/^[A-Za-z_]\w*$/), z.unknown());

/** The parsed block, or the reason it is unusable (worded for the repair prompt). */
export type HyperparameterParse =
  { readonly ok: true; readonly values: Hyperparameters } | { readonly ok: false; readonly message: string };

/** Parses and range-checks a block; an absent or empty block is valid and empty (defaults fill it later). */
export function parseHyperparameters(text: string | undefined): HyperparameterParse {
  if (text === undefined || text.trim() === '') return { ok: true, values: {} };
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    return { ok: false, message: `The hyperparameter block is not valid YAML: ${firstLine(error)}` };
  }
  if (parsed === null || parsed === undefined) return { ok: true, values: {} };
  const shape = blockSchema.safeParse(unwrap(parsed));
  if (!shape.success)
    return {
      ok: false,
      message: 'The hyperparameter block must be a YAML mapping of names to numbers, e.g. "lr: 0.01".',
    };
  const problems: string[] = [];
  const values: Record<string, number> = {};
  for (const [key, value] of Object.entries(shape.data)) {
    const range = ranges[key] ?? otherRange;
    const checked = range.schema.safeParse(value);
    if (checked.success) values[key] = checked.data;
    else problems.push(`${key} = ${JSON.stringify(value) ?? String(value)} must be a number ${range.text}`);
  }
  if (problems.length > 0) return { ok: false, message: `Hyperparameters out of range: ${problems.join('; ')}.` };
  return { ok: true, values };
}

/** The values training uses: the block's values for `declared` keys and batch, defaults for the rest. */
export function resolveHyperparameters(values: Hyperparameters, declared: readonly string[]): Hyperparameters {
  const resolved: Record<string, number> = {};
  for (const key of [...declared, 'batch'])
    resolved[key] = values[key] ?? hyperparameterDefaults[key] ?? otherKeyDefault;
  return resolved;
}

/** Models often nest the block under one key such as `hyperparameters:`; take what is inside. */
function unwrap(parsed: unknown): unknown {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return parsed;
  const entries = Object.entries(parsed);
  const [first] = entries;
  if (entries.length === 1 && /^(hyperparameters|hp|prm|params)$/i.test(first[0]) && typeof first[1] === 'object')
    return first[1];
  return parsed;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
