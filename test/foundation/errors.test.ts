import { postJson, startTestSystem, type TestSystem } from '../support/system';

interface ErrorBody {
  error: {
    code: string;
    message: string;
    messageJa: string;
    details?: { problems?: { path: string }[] };
    requestId: string;
  };
}

describe('one error shape for every failure', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
  });
  afterAll(async () => {
    await system?.close();
  });

  async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
    expect(res.status).toBe(status);
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe(code);
    expect(body.error.requestId).toBe(requestId);
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(body.error.messageJa.length).toBeGreaterThan(0);
    return body;
  }

  it('400 for malformed JSON, with a correlation id even though the body never parsed', async () => {
    const res = await system.fetch('/dev/wiring-checks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"note":',
    });
    await expectError(res, 400, 'bad_request');
  });

  it('400 naming the field for wrong types, empty values and unknown fields', async () => {
    const wrongType = await expectError(
      await postJson(system, '/dev/wiring-checks', { note: 42 }),
      400,
      'validation_failed',
    );
    expect(wrongType.error.details?.problems?.map((p) => p.path)).toEqual(['note']);
    const unknown = await expectError(
      await postJson(system, '/dev/wiring-checks', { note: 'ok', admin: true }),
      400,
      'validation_failed',
    );
    expect(unknown.error.details?.problems?.map((p) => p.path)).toEqual(['admin']);
    const tooLong = await expectError(
      await postJson(system, '/dev/wiring-checks', { note: 'あ'.repeat(501) }),
      400,
      'validation_failed',
    );
    expect(tooLong.error.message).toContain('500');
  });

  it('413 for a body over the limit', async () => {
    const res = await postJson(system, '/dev/wiring-checks', { note: 'x'.repeat(2 * 1024 * 1024) });
    await expectError(res, 413, 'payload_too_large');
  });

  it('404 for unknown routes and ids, 400 for a malformed id', async () => {
    await expectError(await system.fetch('/no/such/route'), 404, 'not_found');
    await expectError(await system.fetch('/dev/wiring-checks/not-a-uuid'), 400, 'bad_request');
  });

  it('keeps a sane caller-provided correlation id and replaces a hostile one', async () => {
    const kept = await system.fetch('/no/such/route', { headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers.get('x-request-id')).toBe('abc-123');
    const replaced = await system.fetch('/no/such/route', {
      headers: { 'x-request-id': '<script>' },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('nothing was created by any rejected request', async () => {
    const count = await system.db.dataSource.query<{ n: string }[]>(
      'SELECT count(*)::text AS n FROM wiring_check',
    );
    expect(count[0]?.n).toBe('0');
  });
});
