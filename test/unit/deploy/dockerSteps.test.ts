// deploy/Dockerfile without Docker: deploy/runDockerSteps.mjs checks the image rules, then runs the
// build steps in a temporary folder (the production esbuild build, the runtime stage's
// `npm ci --omit=dev` from the npm cache) and the image's ENTRYPOINT with --help.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const repo = resolve(__dirname, '../../..');
const script = resolve(repo, 'deploy/runDockerSteps.mjs');

function runSteps(...args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { cwd: repo, encoding: 'utf8', timeout: 170_000 });
}

describe('deploy/Dockerfile (its steps, run as a script)', function () {
  this.timeout(180_000);

  it('keeps the image rules: node:20-slim, non-root, production dependencies, nngpt worker', () => {
    const run = runSteps('--lint-only');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /2 stages \(build: node:20-slim, runtime: node:20-slim\) pass the image rules/);
  });

  it('builds the CLI, installs production dependencies only, and the entry point answers --help', () => {
    const run = runSteps('--reuse-node-modules', '--keep');
    assert.equal(run.status, 0, `${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`);
    assert.match(run.stdout, /ENTRYPOINT node \/app\/dist\/cli\.js worker --help: ok/);
    const app = run.stdout.trim().split('\n').pop()!;
    try {
      assert.ok(existsSync(resolve(app, 'app/dist/trainer.js')), 'the trainer bundle is in the image');
      assert.ok(existsSync(resolve(app, 'app/node_modules/bullmq')), 'a production dependency');
      assert.ok(!existsSync(resolve(app, 'app/node_modules/typescript')), 'no dev dependency');
    } finally {
      spawnSync('rm', ['-rf', resolve(app, '..')]);
    }
  });
});
