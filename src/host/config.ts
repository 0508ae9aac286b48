import * as vscode from 'vscode';

/**
 * The only reader of `nngpt.*` settings. Every setting here is declared in package.json
 * (`contributes.configuration`) with the same default.
 */
const section = 'nngpt';

/** Settings for Net-API diagnostics. */
export interface DiagnosticsConfig {
  /** Glob patterns (workspace-relative) of the files that are Nets. */
  readonly netFiles: readonly string[];
  readonly enabled: boolean;
  /** Delay after the last keystroke before a document is re-checked. */
  readonly debounceMs: number;
  /** Files larger than this are skipped with one finding instead of parsed. */
  readonly maxFileSizeKB: number;
}

/** Reads the diagnostics settings for `scope` (a document or folder URI; settings are resource-scoped). */
export function diagnosticsConfig(scope?: vscode.Uri): DiagnosticsConfig {
  const c = vscode.workspace.getConfiguration(section, scope);
  return {
    netFiles: c.get<string[]>('netFiles', ['**/*.net.ts', '**/*.net.js']),
    enabled: c.get<boolean>('diagnostics.enabled', true),
    debounceMs: clamp(c.get<number>('diagnostics.debounceMs', 250), 0, 5000),
    maxFileSizeKB: clamp(c.get<number>('diagnostics.maxFileSizeKB', 1024), 1, 65536),
  };
}

/** True when a change event touches any setting this extension reads for diagnostics. */
export function affectsDiagnostics(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${section}.netFiles`) || event.affectsConfiguration(`${section}.diagnostics`);
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
