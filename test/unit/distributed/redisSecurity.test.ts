// A Redis with a password and TLS only (rediss://), as the README asks for: the URL's password and
// TLS reach ioredis, the certificate is checked, and no message shows the password.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { probeRedis, RedisUnreachableError } from '../../../src/distributed/redisConnection';
import { collect, exited, redisMissing, RedisServer, startCli, waitForOutput } from './redisServer';

const missing = redisMissing();

describe('a password-protected Redis over TLS (rediss://)', function () {
  this.timeout(60_000);
  let redis: RedisServer;

  before(async function () {
    if (missing) {
      console.log(`    skipped: ${missing}`);
      this.skip();
    }
    redis = await RedisServer.start({ tls: true, extraArgs: ['--requirepass', 's3cret-pw'] });
  });
  after(async () => redis?.dispose());

  const url = (password: string) => `rediss://:${password}@127.0.0.1:${redis.port}`;

  it('a worker connects with the password and the certificate its machine trusts', async () => {
    const worker = startCli(['worker', '--redis', url('s3cret-pw'), '--name', 'tls-worker'], {
      NODE_EXTRA_CA_CERTS: join(redis.dir, 'cert.pem'),
    });
    const out = collect(worker);
    try {
      await waitForOutput(worker, /tls-worker ready: /, 40_000);
      assert.doesNotMatch(out.text(), /s3cret-pw/);
    } finally {
      worker.kill('SIGTERM');
      assert.equal(await exited(worker), 0, out.text());
    }
  });

  it('a certificate nobody vouches for, or a wrong password, is refused by name without the password', async () => {
    // This process trusts no extra CA: the self-signed certificate is refused.
    await assert.rejects(
      probeRedis(url('s3cret-pw')),
      (e: Error) =>
        e instanceof RedisUnreachableError &&
        e.message.startsWith(`cannot reach Redis at rediss://:***@127.0.0.1:${redis.port}: `) &&
        /certificate/i.test(e.message) &&
        !e.message.includes('s3cret-pw'),
    );
    const worker = startCli(['worker', '--redis', url('wrong-pw')], {
      NODE_EXTRA_CA_CERTS: join(redis.dir, 'cert.pem'),
    });
    const out = collect(worker);
    assert.equal(await exited(worker), 2);
    assert.match(
      out.text(),
      /cannot reach Redis at rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+: .*(WRONGPASS|invalid username-password)/,
    );
    assert.doesNotMatch(out.text(), /wrong-pw/);
  });
});
