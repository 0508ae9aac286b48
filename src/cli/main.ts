/**
 * `nngpt` — the headless front of the same core the extension uses.
 * Each sub-command lives in its own module and returns the process exit code.
 */
import { runCheck } from './check';
import { runCycleCli } from './cycle';
import { runExport } from './export';
import { runGenerate } from './generate';
import { runTrain } from './train';
import { runWorker } from './worker';

/** A sub-command: takes the arguments after its name, resolves to an exit code. */
type SubCommand = (args: string[]) => Promise<number>;

const commands: Record<string, { run: SubCommand; summary: string }> = {
  check: { run: runCheck, summary: 'check Net files against the Net API (--json, --fix)' },
  cycle: {
    run: runCycleCli,
    summary: 'run generate → check → novelty → train → admit cycles; prints each cycle table',
  },
  export: { run: runExport, summary: 'export the fine-tune corpus (JSONL) or, with --lemur, LEMUR stat files' },
  generate: { run: (args) => runGenerate(args), summary: 'generate a variant of a Net: offline mutation, or --llm' },
  train: { run: runTrain, summary: 'train a Net for an epoch in the sandboxed trainer; prints a JSON summary' },
  worker: { run: runWorker, summary: 'take training jobs from a Redis queue (cycle --redis) and train them here' },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return [
    'usage: nngpt <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    "run 'nngpt <command> --help' for a command's options",
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`nngpt: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`nngpt: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
