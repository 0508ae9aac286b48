import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePromptTemplate, type PromptTemplate } from './promptTemplate';
import { PROMPT_NAMES, isPromptName, type PromptName } from './promptPlaceholders';

/** Every template by name. */
export type PromptTemplates = Readonly<Record<PromptName, PromptTemplate>>;

/**
 * Loads `<name>.yaml` for every template from `builtinDir` (the extension's `prompts/`), where a
 * same-named file in `overrideDir` (e.g. `<workspace>/.nngpt/prompts/`) wins. A missing
 * overrideDir is fine; an override file with an unknown name, a missing built-in, or an invalid
 * template throws an Error naming the file.
 */
export function loadPromptTemplates(builtinDir: string, overrideDir?: string): PromptTemplates {
  const overrides = new Set<string>();
  if (overrideDir !== undefined && fs.existsSync(overrideDir)) {
    if (!fs.statSync(overrideDir).isDirectory()) {
      throw new Error(`${overrideDir}: the prompt override location must be a folder of <name>.yaml files`);
    }
    for (const file of fs.readdirSync(overrideDir)) {
      if (!/\.ya?ml$/.test(file)) {
        continue;
      }
      const name = file.replace(/\.ya?ml$/, '');
      if (!isPromptName(name)) {
        throw new Error(`${path.join(overrideDir, file)}: no template is named "${name}" (known: ${PROMPT_NAMES.join(', ')})`);
      }
      overrides.add(name);
    }
  }
  const entries = PROMPT_NAMES.map((name) => {
    const file = overrides.has(name) ? findYaml(overrideDir as string, name) : path.join(builtinDir, `${name}.yaml`);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`${file}: cannot read the "${name}" prompt template: ${(error as Error).message}`);
    }
    return [name, parsePromptTemplate(name, text, file)] as const;
  });
  return Object.fromEntries(entries) as Record<PromptName, PromptTemplate>;
}

function findYaml(dir: string, name: string): string {
  const yaml = path.join(dir, `${name}.yaml`);
  return fs.existsSync(yaml) ? yaml : path.join(dir, `${name}.yml`);
}
