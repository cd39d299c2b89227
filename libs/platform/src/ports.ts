import * as fs from 'node:fs';
import * as net from 'node:net';

/** Resolves true when nothing listens on host:port (we could bind it). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A port that is free right now, for a server started a moment later (a test's API, an embedded
 * PostgreSQL or Temporal). It is taken below the kernel's ephemeral range: a port from that range
 * (what `listen(0)` returns) can be handed by the kernel to any other process binding port 0 in
 * the meantime (Temporal's dev server picks its internal ports that way), and the server we
 * meant it for then fails with EADDRINUSE. Within this process no port is handed out twice.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const [low, high] = belowEphemeralRange();
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (handedOut.has(port)) continue;
    if (await isPortFree(port, host)) {
      handedOut.add(port);
      return port;
    }
  }
  return kernelPort(host);
}

const handedOut = new Set<number>();

/** [low, high) below the ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range). */
function belowEphemeralRange(): [number, number] {
  let ephemeralLow = 32768;
  try {
    const [first] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/);
    const parsed = Number(first);
    if (Number.isInteger(parsed) && parsed > 0) ephemeralLow = parsed;
  } catch {
    // not Linux: the IANA dynamic range starts at 49152, the default above is below it anyway
  }
  const low = 20000;
  return ephemeralLow - low >= 2000 ? [low, ephemeralLow] : [10000, 20000];
}

/** A port the kernel says is free (from its ephemeral range). */
function kernelPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The preferred port if it is free, otherwise any free port. */
export async function preferredOrFreePort(preferred: number, host = '127.0.0.1'): Promise<number> {
  return (await isPortFree(preferred, host)) ? preferred : freePort(host);
}

/** Resolves once a TCP connection to host:port succeeds; rejects after `timeoutMs`. */
export async function waitForTcp(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`nothing answered on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
