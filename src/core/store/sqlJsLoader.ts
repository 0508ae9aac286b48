/**
 * Loads sql.js's WebAssembly build once per process. Bundles carry `sql-wasm.wasm` beside
 * themselves (esbuild.js copies it to dist/); tests and bench runs find it in node_modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';

/** The file name sql.js asks `locateFile` for. */
export const sqlWasmFile = 'sql-wasm.wasm';

/**
 * The first of `dirs` that holds `sql-wasm.wasm`, else the copy in node_modules, else undefined.
 * `dirs` defaults to the running bundle's own folder.
 */
export function locateSqlWasm(dirs: readonly string[] = [__dirname]): string | undefined {
  for (const dir of dirs) {
    const candidate = path.join(dir, sqlWasmFile);
    if (fs.existsSync(candidate)) return candidate;
  }
  try {
    return require.resolve(`sql.js/dist/${sqlWasmFile}`);
  } catch {
    return undefined;
  }
}

let loading: Promise<SqlJsStatic> | undefined;

/** The sql.js module, initialised on first call; `wasmDirs` are searched before node_modules. */
export function loadSqlJs(wasmDirs?: readonly string[]): Promise<SqlJsStatic> {
  if (!loading) {
    const wasm = locateSqlWasm(wasmDirs);
    if (!wasm) {
      return Promise.reject(
        new Error(
          `Cannot find ${sqlWasmFile} (looked in ${(wasmDirs ?? [__dirname]).join(', ')} and node_modules/sql.js).`,
        ),
      );
    }
    loading = initSqlJs({ locateFile: () => wasm }).catch((error: unknown) => {
      loading = undefined; // let a later call retry
      throw error;
    });
  }
  return loading;
}
