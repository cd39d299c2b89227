import * as net from 'node:net';
import { Client, Pool } from 'pg';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './unavailable';

/** A TCP server on a free port that does `onConnection` with every connection. */
async function tcpServer(onConnection: (socket: net.Socket) => void) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `postgres://u:p@127.0.0.1:${port}/db`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What node-postgres rejects with against `url`. */
async function pgError(
  url: string,
  how: 'client' | 'pool',
  connectionTimeoutMillis?: number,
): Promise<unknown> {
  if (how === 'client') {
    const client = new Client({ connectionString: url });
    client.on('error', () => undefined);
    const error = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    await client.end().catch(() => undefined);
    return error;
  }
  const pool = new Pool({ connectionString: url, connectionTimeoutMillis, max: 1 });
  pool.on('error', () => undefined);
  const error = await pool.query('SELECT 1').then(
    () => undefined,
    (e: unknown) => e,
  );
  await pool.end().catch(() => undefined);
  return error;
}

describe('isDatabaseUnavailable', () => {
  it('recognises a refused connection (nothing listens), from a client and through a pool', async () => {
    const server = await tcpServer(() => undefined);
    const url = server.url;
    await server.close(); // the port is free again: connecting is refused
    for (const how of ['client', 'pool'] as const) {
      const error = await pgError(url, how);
      expect(String(error)).toMatch(/ECONNREFUSED/);
      expect(isDatabaseUnavailable(error)).toBe(true);
    }
  });

  it('recognises a connection the server ends, and a pool that cannot connect in time', async () => {
    const closing = await tcpServer((socket) => socket.destroy());
    const silent = await tcpServer(() => undefined);
    try {
      const ended = await pgError(closing.url, 'client');
      expect(String(ended)).toMatch(/Connection terminated|ECONNRESET/);
      expect(isDatabaseUnavailable(ended)).toBe(true);
      const timedOut = await pgError(silent.url, 'pool', 200);
      expect(String(timedOut)).toMatch(/timeout/);
      expect(isDatabaseUnavailable(timedOut)).toBe(true);
    } finally {
      await closing.close();
      await silent.close();
    }
  });

  it('recognises the SQLSTATEs of a shutdown, a start-up and a lost connection inside a QueryFailedError', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08003', '08001', '53300']) {
      const driverError = Object.assign(new Error('terminating connection'), { code });
      expect([
        code,
        isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], driverError)),
      ]).toEqual([code, true]);
      expect([code, isDatabaseUnavailable(new Error('wrapped', { cause: driverError }))]).toEqual([
        code,
        true,
      ]);
    }
  });

  it('leaves every other failure alone (a statement error, a bug, a non-error)', () => {
    for (const code of ['42601', '23505', '22008', '40001', '57014', '42P01']) {
      const driverError = Object.assign(new Error('statement failed'), { code });
      expect([
        code,
        isDatabaseUnavailable(new QueryFailedError('SELECT', [], driverError)),
      ]).toEqual([code, false]);
    }
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
    const cyclic: { cause?: unknown } = {};
    cyclic.cause = cyclic;
    expect(isDatabaseUnavailable(cyclic)).toBe(false);
  });
});
