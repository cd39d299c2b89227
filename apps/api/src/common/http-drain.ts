import type { Server } from 'node:http';

/** How often a draining server closes the connections that became idle. */
const IDLE_SWEEP_MS = 100;
/** After cutting the connections left at the end of the grace period, how long to wait for the close. */
const CUT_WAIT_MS = 2_000;

/**
 * Stops an HTTP server gracefully: it takes no new connection at once, answers the requests
 * already in flight (a request arriving meanwhile on an open keep-alive connection is answered
 * with `Connection: close`), closes each connection as soon as it is idle, and cuts whatever is
 * still open after `graceMs`. Resolves true when every request finished in time.
 */
export async function drainHttpServer(server: Server, graceMs: number): Promise<boolean> {
  if (!server.listening) return true;
  server.prependListener('request', (_req, res) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  });
  const closed = new Promise<true>((resolve) => server.close(() => resolve(true)));
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  let timer: NodeJS.Timeout | undefined;
  const late = (ms: number) =>
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    if (await Promise.race([closed, late(graceMs)])) return true;
    clearTimeout(timer);
    server.closeAllConnections();
    await Promise.race([closed, late(CUT_WAIT_MS)]);
    return false;
  } finally {
    clearInterval(sweep);
    clearTimeout(timer);
  }
}
