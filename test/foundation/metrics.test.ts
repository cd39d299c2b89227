import { request } from 'node:http';
import { setPassword, signIn } from '../api/helpers';
import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { histogramSeries, parsePrometheus, type MetricFamily } from '../support/prometheus';
import { startTestSystem, type TestSystem } from '../support/system';

const TOKEN = 'metrics-token-for-the-test-0123456789';

/** A GET straight to the API, outside the contract check (/metrics is not an API operation). */
function get(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const family = (families: Map<string, MetricFamily>, name: string): MetricFamily => {
  const f = families.get(name);
  if (!f) throw new Error(`no metric ${name} in [${[...families.keys()].join(', ')}]`);
  return f;
};

describe('/metrics with METRICS_TOKEN', () => {
  let system: TestSystem;
  let f: CycleFixture;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false, env: { METRICS_TOKEN: TOKEN } });
    f = await createCycleFixture(system.db.dataSource, { sheets: 1 });
    await setPassword(system.db.dataSource, f.evaluatorId);
  });
  afterAll(() => system.close());

  it('refuses a scrape without the bearer token or with a wrong one', async () => {
    const none = await get(system.baseUrl, '/metrics');
    expect(none.status).toBe(401);
    expect(none.body).toContain('METRICS_TOKEN');
    expect(none.body).not.toContain('hyoka_http');
    const wrong = await get(system.baseUrl, '/metrics', { authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
  });

  it('counts requests per route template and status, times the inbox, reports outbox and PDF queue', async () => {
    const token = await signIn(system, f.governmentCode, `staff@${f.governmentCode}.example`);
    const auth = { authorization: `Bearer ${token}` };
    for (let i = 0; i < 3; i++)
      expect((await system.fetch('/tasks', { headers: auth })).status).toBe(200);
    const sheetId = f.sheets[0]!.sheetId;
    expect((await system.fetch(`/sheets/${sheetId}`, { headers: auth })).status).toBe(200);
    expect((await get(system.baseUrl, '/no/such/path/123')).status).toBe(404);

    const scrape = await get(system.baseUrl, '/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(scrape.status).toBe(200);
    expect(scrape.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheus(scrape.body);

    expect(family(families, 'hyoka_http_request_duration_seconds').type).toBe('HISTOGRAM');
    const http = histogramSeries(scrape.body, 'hyoka_http_request_duration_seconds');
    const count = (method: string, route: string, status: string) =>
      http.find(
        (m) =>
          m.labels['route'] === route &&
          m.labels['status'] === status &&
          m.labels['method'] === method,
      )?.count;
    expect(count('GET', '/tasks', '200')).toBe(3);
    expect(count('GET', '/sheets/:id', '200')).toBe(1);
    expect(count('POST', '/auth/sign-in', '200')).toBe(1);
    // A path no route serves is counted under the catch-all's template, never its raw path.
    const routes = http.map((m) => m.labels['route'] ?? '');
    expect(routes.filter((r) => r.includes(sheetId) || r.includes('/no/such'))).toEqual([]);
    expect(http.filter((m) => m.labels['status'] === '404').map((m) => m.labels['route'])).toEqual([
      '/{*path}',
    ]);
    expect(http.every((m) => m.sum > 0)).toBe(true);

    const inbox = family(families, 'hyoka_inbox_statement_duration_seconds');
    expect(Number(inbox.metrics[0]?.count)).toBe(3);
    expect(Number(inbox.metrics[0]?.sum)).toBeGreaterThan(0);

    expect(family(families, 'hyoka_outbox_depth').metrics[0]?.value).toBe('0');
    expect(family(families, 'hyoka_outbox_oldest_age_seconds').metrics[0]?.value).toBe('0');
    const pdf = family(families, 'hyoka_pdf_queue').metrics;
    expect(Object.fromEntries(pdf.map((m) => [m.labels?.['state'], m.value]))).toEqual({
      waiting: '0',
      rendering: '0',
      capacity: String(system.config.pdfPages),
    });
    expect(family(families, 'hyoka_api_process_resident_memory_bytes').type).toBe('GAUGE');

    // The caches: the first read looked the session up, the three after found it kept.
    expect(family(families, 'hyoka_change_feed_listening').metrics[0]?.value).toBe('1');
    expect(family(families, 'hyoka_session_cache_entries').metrics[0]?.value).toBe('1');
    const lookups = family(families, 'hyoka_cache_lookups_total');
    expect(lookups.type).toBe('COUNTER');
    expect(
      Object.fromEntries(
        lookups.metrics.map((m) => [`${m.labels?.['cache']}/${m.labels?.['result']}`, m.value]),
      ),
    ).toEqual({
      'session/hit': '3',
      'session/miss': '1',
      'portal_page/hit': '0',
      'portal_page/miss': '0',
    });
  });

  it('reports the outbox depth and the oldest mail age from PostgreSQL', async () => {
    await system.db.dataSource.query(
      `INSERT INTO mail_outbox (government_id, idempotency_key, kind, to_address, locale, subject,
                                body_text, body_html, message_id, created_at, next_attempt_at)
       SELECT $1, 'metrics-test-' || n, 'digest', 'x@example.jp', 'ja', 's', 'b', '<p>b</p>',
              '<m' || n || '@test>', now() - interval '90 seconds', now() + interval '1 day'
         FROM generate_series(1, 2) AS n`,
      [f.governmentId],
    );
    const families = parsePrometheus(
      (await get(system.baseUrl, '/metrics', { authorization: `Bearer ${TOKEN}` })).body,
    );
    expect(family(families, 'hyoka_outbox_depth').metrics[0]?.value).toBe('2');
    const age = Number(family(families, 'hyoka_outbox_oldest_age_seconds').metrics[0]?.value);
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(600);
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
  });
  afterAll(() => system.close());

  it('serves a direct client on the loopback, never one through a proxy', async () => {
    const direct = await get(system.baseUrl, '/metrics');
    expect(direct.status).toBe(200);
    expect(parsePrometheus(direct.body).has('hyoka_http_request_duration_seconds')).toBe(true);
    const proxied = await get(system.baseUrl, '/metrics', { 'x-forwarded-for': '203.0.113.9' });
    expect(proxied.status).toBe(403);
    expect(proxied.body).not.toContain('hyoka_');
    expect(proxied.body).toContain('METRICS_TOKEN');
  });
});
