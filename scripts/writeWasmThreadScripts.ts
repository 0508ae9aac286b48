// Build step (esbuild.js runs it): writes the worker scripts of TF.js's threaded wasm build into
// dist/wasm-threads, because the sandboxed trainer may read them there but never write them itself.
import { writeThreadScripts } from '../src/trainer/perf/wasmThreadScripts';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: tsx scripts/writeWasmThreadScripts.ts <folder>\n');
  process.exit(2);
}
writeThreadScripts(dir);
