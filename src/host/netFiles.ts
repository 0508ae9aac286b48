import * as vscode from 'vscode';
import { diagnosticsConfig } from './config';

/** The languages a Net can be written in. */
const netLanguages = new Set(['typescript', 'javascript']);

/**
 * Whether `document` is a Net file: a TS/JS document whose path matches one of the `nngpt.netFiles`
 * globs. Ordinary TypeScript/JavaScript files never match, so they never get Net-API diagnostics.
 */
export function isNetDocument(document: vscode.TextDocument): boolean {
  if (!netLanguages.has(document.languageId)) return false;
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled' && document.uri.scheme !== 'vscode-remote') {
    return false;
  }
  const patterns = diagnosticsConfig(document.uri).netFiles;
  return patterns.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
}
