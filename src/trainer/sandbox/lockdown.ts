/**
 * Switches networking off inside the trainer process. Node 20's permission model covers the file
 * system, child processes, workers and add-ons but not sockets, so the socket entry points are
 * replaced with functions that throw. The IPC channel to the host is an already-open pipe and keeps
 * working. Call once, before any Net code runs.
 */
// `import x = require()` keeps the real module objects (an `import *` namespace copy would be patched in vain).
/* eslint-disable @typescript-eslint/no-require-imports */
import dgram = require('node:dgram');
import dns = require('node:dns');
import net = require('node:net');
/* eslint-enable @typescript-eslint/no-require-imports */

/** The error every blocked call throws. */
export class NetworkBlockedError extends Error {
  override readonly name = 'NetworkBlockedError';
  readonly code = 'ERR_ACCESS_DENIED';
  constructor(api: string) {
    super(`network access (${api}) is not allowed in the trainer sandbox`);
  }
}

function block(target: object, key: string, label: string): void {
  Object.defineProperty(target, key, {
    value: () => {
      throw new NetworkBlockedError(label);
    },
    writable: false,
    configurable: false,
  });
}

let applied = false;

/** Replaces socket, server, UDP and DNS entry points with throwing stubs (idempotent). */
export function lockDownNetwork(): void {
  if (applied) return;
  applied = true;
  block(net.Socket.prototype, 'connect', 'net.Socket.connect');
  block(net.Server.prototype, 'listen', 'net.Server.listen');
  block(net, 'connect', 'net.connect');
  block(net, 'createConnection', 'net.createConnection');
  block(dgram, 'createSocket', 'dgram.createSocket');
  for (const key of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveTxt', 'reverse']) {
    block(dns, key, `dns.${key}`);
    block(dns.promises, key, `dns.promises.${key}`);
  }
  block(globalThis, 'fetch', 'fetch');
}
