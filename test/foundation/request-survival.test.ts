import * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import { freePort, SmtpSink } from '@hyoka/platform';
import { addAdministrator } from '../api/people';
import { emailOf, PASSWORD } from '../api/helpers';
import { startApiProcess, type ApiProcess } from '../support/api-process';
import { createCycleFixture, eventually, type CycleFixture } from '../support/cycle-fixture';
import { createTestDatabase, type TestDatabase } from '../support/environment';

/**
 * No request can stop the API: the built API runs as its own process (with its embedded worker),
 * and an administrator's uploads over the size limit, sent with a length, chunked or cut off half
 * way, are answered (413) or let go, audited, and the process keeps serving: /health answers and a
 * probe still goes through the worker.
 */
describe('the API process survives uploads over the limit and cut-off uploads', () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  let api: ApiProcess;
  let f: CycleFixture;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    f = await createCycleFixture(db.dataSource, { sheets: 1 });
    await addAdministrator(db.dataSource, f);
    sink = new SmtpSink({ port: await freePort() });
    await sink.start();
    api = await startApiProcess({ databaseUrl: db.url, smtpUrl: sink.url });
    const res = await fetch(`${api.baseUrl}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        governmentCode: f.governmentCode,
        email: emailOf(f, 'admin'),
        password: PASSWORD,
      }),
    });
    expect(res.status).toBe(200);
    token = ((await res.json()) as { token: string }).token;
  });
  afterAll(async () => {
    await api?.stop();
    await sink?.stop();
    await db?.drop();
  });

  /** Fails at once (with the process's last words) if the API exits while `work` runs. */
  async function whileAlive<T>(work: Promise<T>): Promise<T> {
    const died = api.exited.then(({ code, signal }) => {
      throw new Error(
        `the API process exited (code ${code}, signal ${signal}):\n${api.output().slice(-3000)}`,
      );
    });
    return Promise.race([work, died]);
  }

  /** The audit entry of a request, once the API has written it (after the response closed). */
  const auditOf = (requestId: string) =>
    whileAlive(
      eventually(async () => {
        const rows = await db.dataSource.query<{ outcome: string; status: number | null }[]>(
          `SELECT outcome, status FROM audit_log WHERE request_id = $1`,
          [requestId],
        );
        return rows[0];
      }),
    );

  async function expectServing(): Promise<void> {
    expect(api.alive()).toBe(true);
    const health = await whileAlive(fetch(`${api.baseUrl}/health`));
    expect(health.status).toBe(200);
    const me = await whileAlive(
      fetch(`${api.baseUrl}/auth/me`, { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(me.status).toBe(200);
  }

  it('answers a 25 MiB workbook with 413, audits it, and keeps serving', async () => {
    const requestId = `big-xlsx-${randomUUID()}`;
    const res = await whileAlive(
      fetch(`${api.baseUrl}/admin/cycles/${f.cycleId}/imports/preview`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'x-request-id': requestId,
        },
        body: new Uint8Array(25 * 1024 * 1024),
      }),
    );
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error).toMatchObject({ code: 'payload_too_large', requestId });
    expect(await auditOf(requestId)).toEqual({ outcome: 'payload_too_large', status: 413 });
    await expectServing();
  });

  it('answers an 8 MiB chunked CSV with 413, audits it, and keeps serving', async () => {
    const requestId = `big-csv-${randomUUID()}`;
    const line = new TextEncoder().encode('email,display_name\n');
    let sent = 0;
    const chunked = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8 * 1024 * 1024) return controller.close();
        const chunk = new Uint8Array(64 * 1024).fill(0x61);
        chunk.set(line);
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await whileAlive(
      fetch(`${api.baseUrl}/admin/users/import?dryRun=true`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'text/csv',
          'x-request-id': requestId,
        },
        body: chunked,
        duplex: 'half',
      }),
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'payload_too_large',
    );
    expect(await auditOf(requestId)).toEqual({ outcome: 'payload_too_large', status: 413 });
    await expectServing();
  });

  it('lets go of an upload cut off half way, audits it as aborted, and keeps serving', async () => {
    // The session was last seen long enough ago that the next request writes `last_seen_at`:
    // once it has, the API is past authentication and reads the body.
    await db.dataSource.query(
      `UPDATE session SET last_seen_at = now() - interval '10 minutes' WHERE user_id =
         (SELECT id FROM app_user WHERE email = $1)`,
      [emailOf(f, 'admin')],
    );
    const requestId = `cut-${randomUUID()}`;
    const req = http.request(`${api.baseUrl}/admin/users/import?dryRun=true`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'text/csv',
        'content-length': String(4 * 1024 * 1024),
        'x-request-id': requestId,
      },
    });
    const closed = new Promise<void>((resolve) => req.once('close', resolve));
    req.on('error', () => undefined); // the abort below
    req.write('email,display_name\n');
    req.write(Buffer.alloc(256 * 1024, 0x61));
    await whileAlive(
      eventually(async () => {
        const rows = await db.dataSource.query<{ recent: boolean }[]>(
          `SELECT last_seen_at > now() - interval '1 minute' AS recent FROM session WHERE user_id =
             (SELECT id FROM app_user WHERE email = $1)`,
          [emailOf(f, 'admin')],
        );
        return rows.some((r) => r.recent) ? true : undefined;
      }),
    );
    req.destroy();
    await closed;
    expect(await auditOf(requestId)).toEqual({ outcome: 'aborted', status: null });
    await expectServing();
  });

  it('still runs work through its worker process afterwards, and logged no uncaught error', async () => {
    const created = await whileAlive(
      fetch(`${api.baseUrl}/dev/wiring-checks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ note: 'after the uploads' }),
      }),
    );
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    await whileAlive(
      eventually(async () => {
        const res = await fetch(`${api.baseUrl}/dev/wiring-checks/${id}`);
        const body = (await res.json()) as { status: string };
        return body.status === 'done' ? true : undefined;
      }),
    );
    expect(api.output()).not.toMatch(/uncaught|TypeError/i);
  });
});
