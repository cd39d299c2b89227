/**
 * Whether an error means "PostgreSQL cannot be reached right now" (stopped, restarting, the
 * network or the pool), as opposed to a statement that failed on its own. Such a failure is
 * temporary and nothing was written: the API answers 503 with Retry-After, and a retry later
 * succeeds without restarting anything (the pool opens new connections).
 *
 * Recognised anywhere in the chain an error carries (TypeORM's `QueryFailedError.driverError`,
 * `cause`): the SQLSTATEs of class 08 (connection exception), 57P01–57P03 (administrator or crash
 * shutdown, cannot connect now: starting up or shutting down) and 53300 (too many connections);
 * the socket errors of a refused, reset, timed-out or unroutable connection; and the messages
 * node-postgres gives when a connection ends under it or the pool cannot get one in time.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const link of chainOf(error)) {
    const code = typeof link.code === 'string' ? link.code : undefined;
    if (code !== undefined && (UNAVAILABLE_SQLSTATE.test(code) || SOCKET_CODES.has(code)))
      return true;
    if (typeof link.message === 'string' && PG_MESSAGES.some((m) => link.message === m))
      return true;
  }
  return false;
}

/** Class 08 (connection exception), 57P01–57P03 (shutdown, cannot connect now), 53300. */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** node-postgres (pg, pg-pool) errors without a code. */
const PG_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

interface Link {
  readonly code?: unknown;
  readonly message?: unknown;
}

/** The error, then what it wraps (`driverError`, `cause`, an AggregateError's `errors`). */
function chainOf(error: unknown): Link[] {
  const links: Link[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && links.length < 10) {
    const next = queue.shift();
    if (typeof next !== 'object' || next === null || links.includes(next)) continue;
    links.push(next);
    const { driverError, cause, errors } = next as {
      driverError?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    queue.push(driverError, cause, ...(Array.isArray(errors) ? (errors as unknown[]) : []));
  }
  return links;
}
