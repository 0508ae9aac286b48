import { createHash } from 'node:crypto';
import { PLACEHOLDER, type PromptTemplate, type TemplateLine } from './promptTemplate';
import { PROMPT_VARIABLES, type PromptVars } from './promptPlaceholders';

/** One chat message, as the OpenAI chat-completions API takes it. */
export interface PromptMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

/** A rendered prompt and its identity. */
export interface RenderedPrompt {
  /** The system message (system lines, then output rules) and the user message. */
  readonly messages: PromptMessage[];
  /** sha256 (hex) of JSON.stringify(messages): the prompt hash stored with each variant's lineage. */
  readonly hash: string;
}

/**
 * Fills the template's placeholders from `vars`. A `when` section is kept only when its variable
 * is present (neither undefined nor ''), an `unless` section only when it is absent. Throws an
 * Error naming the template's file for a placeholder without a value in a kept line, or for a
 * variable the template kind does not know (a caller typo).
 */
export function renderPrompt(template: PromptTemplate, vars: PromptVars): RenderedPrompt {
  const known: Readonly<Record<string, string>> = PROMPT_VARIABLES[template.name];
  const stray = Object.keys(vars).filter((key) => !(key in known));
  if (stray.length > 0) {
    throw new Error(`${template.source}: the "${template.name}" prompt has no variable ${stray.map((s) => `"${s}"`).join(', ')}`);
  }
  const render = (field: 'system' | 'outputRules' | 'user'): string[] =>
    template[field].flatMap((line, i) => expand(line).map((text) => fill(text, vars, `${template.source}: ${field}[${i}]`)));
  const messages: PromptMessage[] = [
    { role: 'system', content: [...render('system'), ...render('outputRules')].join('\n') },
    { role: 'user', content: render('user').join('\n') },
  ];
  return { messages, hash: createHash('sha256').update(JSON.stringify(messages)).digest('hex') };

  function expand(line: TemplateLine): readonly string[] {
    if (typeof line === 'string') {
      return [line];
    }
    const present = 'when' in line ? isPresent(vars[line.when]) : !isPresent(vars[line.unless]);
    return present ? line.lines : [];
  }
}

function isPresent(value: string | number | undefined): boolean {
  return value !== undefined && value !== '';
}

function fill(text: string, vars: PromptVars, where: string): string {
  return text.replace(PLACEHOLDER, (match: string, name: string | undefined) => {
    if (name === undefined) {
      return match[0];
    }
    const value = vars[name];
    if (value === undefined) {
      throw new Error(`${where}: no value for the placeholder {${name}}`);
    }
    return String(value);
  });
}
