import { estimateTokens } from './estimateTokens';
import type { Snippet } from './snippet';

/** The text a snippet takes in a prompt: a heading line and its code in a fenced block. */
export function formatSnippet(snippet: Snippet): string {
  return `### ${snippet.id} (${snippet.family}): ${snippet.description}\n\`\`\`typescript\n${snippet.code.trimEnd()}\n\`\`\``;
}

/** The prompt section for several snippets, in the order given; '' for none. */
export function formatSnippets(snippets: readonly Snippet[]): string {
  return snippets.map(formatSnippet).join('\n\n');
}

/** Estimated tokens one snippet adds to a prompt, including the blank line that separates it. */
export function snippetTokens(snippet: Snippet): number {
  return estimateTokens(formatSnippet(snippet) + '\n\n');
}
