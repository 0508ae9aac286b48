/**
 * A real Redis for the worker-pool tests: Debian's redis-server on a free loopback port, without
 * persistence, in a temporary folder; and `nngpt worker` processes started from the sources (tsx)
 * with a freshly built trainer bundle.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Debian's redis-server (scripts/setup.sh installs it). */
export const redisServerBinary = '/usr/bin/redis-server';
/** Real Fashion-MNIST (Debian's dataset-fashion-mnist). */
export const fashionDir = '/usr/share/datasets/fashion-mnist';
export const repo = resolve(__dirname, '../../..');

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Resolves when `child` has printed `pattern` on stdout or stderr; rejects when it exits first. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  return new Promise((done, fail) => {
    let seen = '';
    const timer = setTimeout(
      () => finish(new Error(`no ${pattern} within ${timeoutMs} ms: ${seen.slice(-600)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const m = seen.match(pattern);
      if (m) finish(undefined, m[0]);
    };
    const onExit = (code: number | null) =>
      finish(new Error(`exited (${code}) before ${pattern}: ${seen.slice(-600)}`));
    function finish(error?: Error, match?: string) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      if (error) fail(error);
      else done(match!);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Resolves when the child has exited (at once when it already has). */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

/** One redis-server; `restart()` stops and starts it on the same port, empty (no persistence). */
export class RedisServer {
  private child: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly extraArgs: readonly string[],
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /**
   * Starts one; `extraArgs` go to redis-server as they are (a password, TLS). With `tls`, the port
   * is the TLS port and `dir` holds a self-signed certificate for 127.0.0.1 (`cert.pem`).
   */
  static async start(options: { extraArgs?: readonly string[]; tls?: boolean } = {}): Promise<RedisServer> {
    const dir = mkdtempSync(join(tmpdir(), 'nngpt-redis-'));
    const port = await freePort();
    const tls = options.tls ? tlsArgs(dir, port) : [];
    const server = new RedisServer(port, dir, [...tls, ...(options.extraArgs ?? [])]);
    await server.launch();
    return server;
  }

  private async launch(): Promise<void> {
    const ports = this.extraArgs.includes('--tls-port') ? [] : ['--port', String(this.port)];
    const child = spawn(
      redisServerBinary,
      [...ports, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, ...this.extraArgs],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    await waitForOutput(child, /Ready to accept connections/);
  }

  /** Stops the server (SIGTERM, then waits for it). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    child.kill('SIGTERM');
    await exited(child);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Stops it and removes its folder. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A self-signed certificate for 127.0.0.1 in `dir`, and the redis-server flags that serve TLS only on `port`. */
function tlsArgs(dir: string, port: number): string[] {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const made = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
  return [
    '--port',
    '0',
    '--tls-port',
    String(port),
    '--tls-cert-file',
    cert,
    '--tls-key-file',
    key,
    '--tls-ca-cert-file',
    cert,
    '--tls-auth-clients',
    'no',
  ];
}

/** Why the Redis tests cannot run here, or undefined when they can. */
export function redisMissing(): string | undefined {
  if (!existsSync(redisServerBinary))
    return `${redisServerBinary} is not installed (apt-get install redis-server; scripts/setup.sh does)`;
  if (
    !existsSync(join(fashionDir, 'train-images-idx3-ubyte')) &&
    !existsSync(join(fashionDir, 'train-images-idx3-ubyte.gz'))
  )
    return `Fashion-MNIST is not in ${fashionDir} (apt-get install dataset-fashion-mnist)`;
  return undefined;
}

/** Runs the CLI from the sources, as `nngpt <args>`, with its output piped. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(repo, 'src/cli/main.ts'), ...args], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NNGPT_REDIS_URL: '', ...env },
  });
}

/** Starts `nngpt worker` and waits until it says it is ready. */
export async function startWorker(
  url: string,
  trainer: string,
  name: string,
  extra: string[] = [],
): Promise<ChildProcess> {
  const child = startCli([
    'worker',
    '--redis',
    url,
    '--data-dir',
    fashionDir,
    '--threads',
    '1',
    '--trainer',
    trainer,
    '--name',
    name,
    '--lock-duration',
    '2',
    '--stalled-interval',
    '1',
    ...extra,
  ]);
  await waitForOutput(child, /ready: /, 30_000);
  return child;
}

/** Everything a child printed from now on (both streams). */
export function collect(child: ChildProcess): { text: () => string } {
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString()));
  return { text: () => text };
}
