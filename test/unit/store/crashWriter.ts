// Child process of the crash test: appends numbered variants to a store forever and prints
// `ack N` after each completed persist; rows 1…N are then on disk. The parent SIGKILLs it.
import { HistoryStore } from '../../../src/core/store/historyStore';

async function main(file: string): Promise<void> {
  const store = await HistoryStore.open({ path: file, flushDelayMs: 1, wasmDirs: [__dirname] });
  let next = store.listVariants().length + 1;
  process.stdout.write(`start ${next}\n`);
  const padding = 'x'.repeat(400);
  for (;;) {
    const burst = 1 + Math.floor(Math.random() * 4);
    for (let i = 0; i < burst; i++, next++) {
      store.addVariant({ code: `class Net${next} { /* ${padding} */ }`, generator: 'crash-test', name: `row-${next}` });
    }
    await store.flush();
    process.stdout.write(`ack ${next - 1}\n`);
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
