/**
 * Redis URLs as the user writes them: checked before anything connects, and shown with the password
 * masked. No Redis client here, so argument parsers and the editor can use it without loading one.
 */

/** The URL as it may be printed: the password (and a lone token in the user slot) is masked. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    else if (parsed.username && parsed.protocol.startsWith('redis')) parsed.username = '***';
    return parsed.toString();
  } catch {
    // Not a URL: hide whatever sits between '//' and '@', where a password would be.
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** A usage problem with a Redis URL, or undefined when ioredis can use it. */
export function redisUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `'${redactRedisUrl(url)}' is not a URL; write redis://host:port or rediss://user:password@host:port`;
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    return `'${redactRedisUrl(url)}' is not a Redis URL: it must start with redis:// or rediss:// (TLS)`;
  if (!parsed.hostname) return `'${redactRedisUrl(url)}' names no host`;
  return undefined;
}
