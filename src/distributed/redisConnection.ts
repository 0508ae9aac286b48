/**
 * Redis connections for the worker queue. A URL may carry a user, a password and TLS
 * (`rediss://`); ioredis reads all three from it. Messages show the URL with the password
 * replaced, and the first connection fails within seconds instead of retrying for ever: a typo in
 * a URL should read as one, not as a cycle that hangs.
 */
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { redactRedisUrl } from './redisUrl';

/** How long the first connection may take before the URL is reported unreachable. */
export const defaultConnectTimeoutMs = 3000;

/** The Redis URL could not be reached; the message names it (without its password). */
export class RedisUnreachableError extends Error {
  constructor(
    readonly url: string,
    cause: string,
  ) {
    super(`cannot reach Redis at ${redactRedisUrl(url)}: ${cause}`);
    this.name = 'RedisUnreachableError';
  }
}

/** Reconnect delays after a connection was up: quick at first, then every 2 s for as long as it takes. */
function reconnectDelay(times: number): number {
  return Math.min(200 * times, 2000);
}

/**
 * Options of a long-lived connection. BullMQ needs `maxRetriesPerRequest: null` (its blocking
 * reads wait across a reconnect); the callers decide how long an outage may last.
 */
export function longLivedOptions(connectTimeoutMs = defaultConnectTimeoutMs): RedisOptions {
  return { maxRetriesPerRequest: null, connectTimeout: connectTimeoutMs, retryStrategy: reconnectDelay };
}

/** Why a connection attempt failed, in words (ioredis's AggregateError hides them in `errors`). */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  const e = error as { code?: string; message?: string };
  const message = e?.message || e?.code || String(error);
  return e?.code && !message.includes(e.code) ? `${e.code} ${message}` : message;
}

/**
 * Connects once, with no retries, and pings: resolves when Redis answers, rejects with a
 * {@link RedisUnreachableError} otherwise (refused, unknown host, timeout, wrong password, TLS).
 */
export async function probeRedis(url: string, connectTimeoutMs = defaultConnectTimeoutMs): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: unknown;
  client.on('error', (e: unknown) => (lastError = e));
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new RedisUnreachableError(url, describe(lastError ?? e));
  } finally {
    client.disconnect();
  }
}

/** A connection for BullMQ that reconnects after an outage; errors go to `onError` instead of crashing. */
export function openRedis(url: string, onError: (message: string) => void): Redis {
  const client = new Redis(url, longLivedOptions());
  client.on('error', (e: unknown) => onError(`Redis at ${redactRedisUrl(url)}: ${describe(e)}`));
  return client;
}
