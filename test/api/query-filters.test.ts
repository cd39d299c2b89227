import { parse } from 'csv-parse/sync';
import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { as, emailOf, setPassword, signIn, type Api } from './helpers';
import { addAdministrator } from './people';

interface ErrorBody {
  error: {
    code: string;
    message: string;
    messageJa: string;
    details?: { problems?: { path: string; message: string }[] };
    requestId: string;
  };
}

/**
 * Date, instant and number filters (apps/api/src/common/query-filters.ts) and page cursors
 * (common/cursor.ts): a value out of what the calendar and PostgreSQL hold is a 400 naming the
 * field in both languages, answered before anything is sent (also by the CSV export); the edges
 * inside the range answer 200.
 */
describe('query filters at the edges of their range', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let admin: Api;
  let staff: Api;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 1 });
    await addAdministrator(ds, f);
    await setPassword(ds, f.evaluatorId);
    admin = as(system, await signIn(system, f.governmentCode, emailOf(f, 'admin')));
    staff = as(system, await signIn(system, f.governmentCode, emailOf(f, 'staff')));
  });
  afterAll(async () => {
    await system?.close();
  });

  async function expectFieldError(res: Response, field: string, code = 'validation_failed') {
    const where = res.url;
    expect([where, res.status, res.headers.get('content-type')]).toEqual([
      where,
      400,
      expect.stringMatching(/^application\/json/),
    ]);
    const body = (await res.json()) as ErrorBody;
    expect([where, body.error.code]).toEqual([where, code]);
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
    if (code === 'validation_failed') {
      expect([where, body.error.details?.problems?.map((p) => p.path)]).toEqual([where, [field]]);
      expect(body.error.messageJa).toContain(field);
      expect(body.error.message).toContain(field);
    }
  }

  it('answers 400 naming the field for year-0000 and five-digit-year dates and instants', async () => {
    for (const value of ['0000-01-01', '10000-01-01', '2026-02-30', '2026-13-01'])
      await expectFieldError(await staff.get(`/tasks?dueBefore=${value}`), 'dueBefore');
    for (const field of ['since', 'until'])
      for (const value of [
        '0000-01-01T00:00:00Z',
        '0001-01-01T00:00:00%2B09:00', // 0000-12-31T15:00Z in UTC
        '10000-01-01T00:00:00Z',
        '0000-01-01',
      ])
        await expectFieldError(await admin.get(`/admin/mail?${field}=${value}`), field);
    for (const path of ['/admin/audit', '/admin/audit/export'])
      for (const field of ['from', 'to'])
        for (const value of ['0000-01-01', '0000-06-01T00:00:00Z', '10000-01-01'])
          await expectFieldError(await admin.get(`${path}?${field}=${value}`), field);
  });

  it('answers the edges inside the range', async () => {
    for (const value of ['0001-01-01', '9999-12-31'])
      expect((await staff.get(`/tasks?dueBefore=${value}`)).status).toBe(200);
    for (const value of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z']) {
      expect((await admin.get(`/admin/mail?since=${value}`)).status).toBe(200);
      expect((await admin.get(`/admin/mail?until=${value}`)).status).toBe(200);
    }
    // The sign-ins above are audited: the widest range finds them, an empty one nothing.
    const widest = (await (
      await admin.get('/admin/audit?from=0001-01-01&to=9999-12-31')
    ).json()) as { items: { action: string }[] };
    expect(widest.items.length).toBeGreaterThan(0);
    const none = (await (await admin.get('/admin/audit?from=9999-12-31')).json()) as {
      items: unknown[];
    };
    expect(none.items).toEqual([]);
    const csv = await admin.get('/admin/audit/export?from=0001-01-01&to=9999-12-31');
    expect(csv.status).toBe(200);
    const rows: string[][] = parse(await csv.text(), { bom: true });
    expect(rows[0]?.[0]).toBe('日時 (UTC)');
    expect(rows.length).toBe(widest.items.length + 1);
  });

  it('answers 400 naming the field for numbers that are not whole decimal numbers in range', async () => {
    for (const value of ['-1', '0', '1e309', '9007199254740992', 'NaN', '5e1', '0x32', '%2050'])
      await expectFieldError(await staff.get(`/tasks?limit=${value}`), 'limit');
    for (const value of ['1988', '2201', '2026.5', '１９９０'])
      await expectFieldError(await staff.get(`/tasks?fiscalYear=${value}`), 'fiscalYear');
    expect((await staff.get('/tasks?limit=100&fiscalYear=2026')).status).toBe(200);
    await expectFieldError(await admin.get('/admin/audit?limit=201'), 'limit');
    await expectFieldError(await admin.get('/admin/mail?limit=1e2'), 'limit');
  });

  it('answers 400 for a forged cursor whose values PostgreSQL would refuse', async () => {
    const cursor = (values: Record<string, string>) =>
      Buffer.from(JSON.stringify(values)).toString('base64url');
    const id = '00000000-0000-4000-8000-000000000000';
    for (const forged of [
      { d: '0000-01-01', c: 'A-1', id },
      { d: '2026-13-45', c: 'A-1', id },
      { d: '2026-04-01', c: 'A-1', id: '-'.repeat(36) },
      { d: '2026-04-01', c: 'x'.repeat(201), id },
    ])
      await expectFieldError(
        await staff.get(`/tasks?cursor=${cursor(forged)}`),
        'cursor',
        'invalid_cursor',
      );
    for (const t of [
      '0000-01-01 00:00:00+00',
      '2026-04-01 99:99:99+00',
      '2026-02-30 00:00:00+00',
    ]) {
      await expectFieldError(
        await admin.get(`/admin/audit?cursor=${cursor({ t, id })}`),
        'cursor',
        'invalid_cursor',
      );
      await expectFieldError(
        await admin.get(`/admin/mail?cursor=${cursor({ c: t, id })}`),
        'cursor',
        'invalid_cursor',
      );
      await expectFieldError(
        await staff.get(`/me/mail?cursor=${cursor({ c: t, id })}`),
        'cursor',
        'invalid_cursor',
      );
    }
    // A well-formed cursor (due date, project code, id) still pages.
    const valid = cursor({ d: '2026-04-01', c: 'A-1', id });
    expect((await staff.get(`/tasks?cursor=${valid}`)).status).toBe(200);
  });
});
