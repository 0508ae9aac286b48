// Runs deploy/Dockerfile's build steps without Docker: each stage gets a folder under a temporary
// root, WORKDIR / COPY / ENV / RUN happen there as a script would do them (absolute paths of the
// image map into the stage's folder), and the final stage's ENTRYPOINT is then run with `--help`.
// CI runs it through test/unit/deploy/dockerSteps.test.ts; by hand:
//
//   node deploy/runDockerSteps.mjs [--keep] [--reuse-node-modules] [--lint-only]
//
// --lint-only: check the image rules (dockerfileProblems) and stop.
// --reuse-node-modules: the build stage's full `npm ci` becomes a link to this checkout's
// node_modules (installed from the same package-lock.json), and the runtime stage's
// `npm ci --omit=dev` runs from the npm cache without optional native add-ons or install scripts
// — the steps stay the image's, at a fraction of the download. Prints the final stage's folder.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The Dockerfile as instructions: continuation lines joined, comments dropped.
 * @returns {{ op: string, args: string, line: number }[]}
 */
export function parseDockerfile(text) {
  const out = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i];
    while (line.trimEnd().endsWith('\\') && i + 1 < lines.length) line = line.trimEnd().slice(0, -1) + ' ' + lines[++i];
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const m = trimmed.match(/^(\w+)\s+(.*)$/);
    if (!m) throw new Error(`Dockerfile line ${start + 1}: cannot read '${trimmed}'`);
    out.push({ op: m[1].toUpperCase(), args: m[2].trim(), line: start + 1 });
  }
  return out;
}

/**
 * Stages with their steps; global ARG defaults are substituted into FROM.
 * @returns {{ name: string, image: string, steps: { op: string, args: string, line: number }[] }[]}
 */
export function dockerStages(instructions) {
  const args = {};
  const stages = [];
  for (const ins of instructions) {
    if (ins.op === 'ARG' && stages.length === 0) {
      const [k, v = ''] = ins.args.split('=');
      args[k] = v;
    } else if (ins.op === 'FROM') {
      const [image, as, name] = ins.args.replace(/\$\{(\w+)\}/g, (_, k) => args[k] ?? '').split(/\s+/);
      stages.push({ name: as?.toUpperCase() === 'AS' ? name : String(stages.length), image, steps: [] });
    } else if (stages.length === 0) throw new Error(`Dockerfile line ${ins.line}: ${ins.op} before FROM`);
    else stages[stages.length - 1].steps.push(ins);
  }
  return stages;
}

/** The exec-form ENTRYPOINT of a stage, as an array. */
export function entrypointOf(stage) {
  const step = [...stage.steps].reverse().find((s) => s.op === 'ENTRYPOINT');
  return step ? JSON.parse(step.args) : undefined;
}

/**
 * What the worker image must be, checked before anything runs: Node 20 slim bases, a non-root user,
 * production dependencies only in the final stage, and `nngpt worker` as its entry point.
 * @returns {string[]} the problems (empty when none)
 */
export function dockerfileProblems(stages) {
  const problems = [];
  const final = stages[stages.length - 1];
  if (!final) return ['no FROM'];
  for (const stage of stages)
    if (!/^node:20(-slim)?$/.test(stage.image))
      problems.push(`stage ${stage.name} starts FROM ${stage.image}, not node:20-slim`);
  const user = [...final.steps].reverse().find((s) => s.op === 'USER');
  if (!user || user.args === 'root' || user.args === '0')
    problems.push('the final stage does not switch to a non-root USER');
  const installs = final.steps.filter((s) => s.op === 'RUN' && /npm (ci|install)/.test(s.args));
  if (installs.length === 0 || installs.some((s) => !/--omit=dev/.test(s.args)))
    problems.push('the final stage must install with npm ci --omit=dev (production dependencies only)');
  const entry = entrypointOf(final);
  if (!entry || entry[0] !== 'node' || !/dist\/cli\.js$/.test(entry[1] ?? '') || entry[2] !== 'worker')
    problems.push(`ENTRYPOINT must be ["node", ".../dist/cli.js", "worker"], got ${JSON.stringify(entry)}`);
  if (stages.some((stage) => stage.steps.some((s) => s.op === 'COPY' && /^\.\s/.test(s.args))))
    problems.push('COPY . copies the whole checkout (secrets, node_modules); copy what the build needs');
  return problems;
}

function run(command, cwd, env) {
  console.log(`[docker-steps] (${path.basename(cwd)}) RUN ${command}`);
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', command], { cwd, env, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`RUN ${command} failed (exit ${result.status})`);
}

/** Executes the stages under `root`; returns the final stage's folder and its ENV. */
export function runStages(stages, root, { reuseNodeModules = false } = {}) {
  const folders = {};
  let last;
  for (const stage of stages) {
    const stageRoot = path.join(root, stage.name);
    folders[stage.name] = stageRoot;
    const inStage = (p) => path.join(stageRoot, p);
    let workdir = stageRoot;
    // A cache of the image's own: `npm cache clean` in a step must not empty this machine's.
    const env = reuseNodeModules
      ? { ...process.env }
      : { ...process.env, npm_config_cache: path.join(root, 'npm-cache') };
    for (const step of stage.steps) {
      if (step.op === 'WORKDIR') {
        workdir = inStage(step.args);
        mkdirSync(workdir, { recursive: true });
      } else if (step.op === 'ENV') {
        const [k, ...v] = step.args.split('=');
        env[k] = v.join('=').replace(/^\/home\/node/, path.join(stageRoot, 'home/node'));
      } else if (step.op === 'COPY') {
        const parts = step.args.split(/\s+/);
        const from = parts[0].startsWith('--from=') ? parts.shift().slice('--from='.length) : undefined;
        const dest = parts.pop();
        const target = path.isAbsolute(dest) ? inStage(dest) : path.join(workdir, dest);
        for (const source of parts) {
          const origin = from ? path.join(folders[from], source) : path.join(repo, source);
          if (!existsSync(origin)) throw new Error(`COPY (line ${step.line}): ${source} does not exist`);
          const to = dest.endsWith('/') ? path.join(target, path.basename(source)) : target;
          mkdirSync(path.dirname(to), { recursive: true });
          cpSync(origin, to, { recursive: true });
        }
      } else if (step.op === 'RUN') {
        let command = step.args;
        if (reuseNodeModules && /^npm ci(?!.*--omit=dev)/.test(command)) {
          console.log(`[docker-steps] RUN ${command}: linking this checkout's node_modules (same lockfile)`);
          symlinkSync(path.join(repo, 'node_modules'), path.join(workdir, 'node_modules'), 'dir');
          continue;
        }
        if (reuseNodeModules)
          command = command
            .replace(/npm ci --omit=dev/, 'npm ci --omit=dev --omit=optional --ignore-scripts --prefer-offline')
            // It reads this machine's npm cache, which must outlive the check.
            .replace(/\s*&&\s*npm cache clean --force/, '');
        run(command, workdir, env);
      }
      // FROM's image, USER and ENTRYPOINT change nothing on disk.
    }
    last = { folder: stageRoot, env, stage };
  }
  return last;
}

async function main() {
  const keep = process.argv.includes('--keep');
  const reuseNodeModules = process.argv.includes('--reuse-node-modules');
  const stages = dockerStages(parseDockerfile(readFileSync(path.join(repo, 'deploy', 'Dockerfile'), 'utf8')));
  const problems = dockerfileProblems(stages);
  if (problems.length > 0) throw new Error(`deploy/Dockerfile:\n  ${problems.join('\n  ')}`);
  console.log(
    `[docker-steps] ${stages.length} stages (${stages.map((s) => `${s.name}: ${s.image}`).join(', ')}) pass the image rules`,
  );
  if (process.argv.includes('--lint-only')) return;
  const root = mkdtempSync(path.join(tmpdir(), 'nngpt-docker-steps-'));
  try {
    const final = runStages(stages, root, { reuseNodeModules });
    const [program, ...args] = entrypointOf(final.stage);
    const mapped = args.map((a) => (a.startsWith('/') ? path.join(final.folder, a) : a));
    const help = spawnSync(program, [...mapped, '--help'], { encoding: 'utf8', env: final.env });
    if (help.status !== 0 || !help.stdout.includes('usage: nngpt worker'))
      throw new Error(`the image's ENTRYPOINT --help failed (${help.status}): ${help.stderr}`);
    console.log(`[docker-steps] ENTRYPOINT ${[program, ...args].join(' ')} --help: ok`);
    console.log(final.folder);
  } finally {
    if (!keep) rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`[docker-steps] ${e.message}`);
    process.exit(1);
  });
}
