import { randomUUID } from 'node:crypto';
import { createCycleFixture, eventually, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { addSectionB, emailOf, setPassword, signIn } from './helpers';
import { addPerson } from './people';

/**
 * The API's contract, checked against every operation of its own OpenAPI document (so routes
 * added later are covered without editing this file): every failure answers exactly
 * `{ "error": { code, message, messageJa, details?, requestId } }` with the right status, and a
 * seeded fuzz run of hostile requests never gets a 500 and changes nothing.
 */

interface Operation {
  readonly method: string;
  /** OpenAPI path, e.g. `/sheets/{id}/approve`. */
  readonly path: string;
  readonly isPublic: boolean;
  readonly roles: readonly string[] | undefined;
  readonly body: JsonSchema | undefined;
  readonly query: readonly string[];
  readonly requiredQuery: boolean;
}

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  [key: string]: unknown;
}

const ERROR_KEYS = new Set(['code', 'message', 'messageJa', 'details', 'requestId']);

/** Asserts the one error shape; answers the body's error. */
async function expectErrorShape(
  res: Response,
  context: unknown,
): Promise<{ code: string; message: string }> {
  const text = await res.text();
  const where = JSON.stringify(context);
  expect([where, res.headers.get('content-type')?.startsWith('application/json')]).toEqual([
    where,
    true,
  ]);
  const body = JSON.parse(text) as { error?: Record<string, unknown> };
  expect([where, Object.keys(body)]).toEqual([where, ['error']]);
  const error = body.error!;
  const keys = Object.keys(error);
  expect([where, keys.filter((k) => !ERROR_KEYS.has(k))]).toEqual([where, []]);
  for (const key of ['code', 'message', 'messageJa', 'requestId']) {
    expect([where, key, typeof error[key]]).toEqual([where, key, 'string']);
    expect([where, key, (error[key] as string).length > 0]).toEqual([where, key, true]);
  }
  expect([where, error['requestId']]).toEqual([where, res.headers.get('x-request-id')]);
  // A failure never leaks internals (the caller's own input may be echoed, JSON-escaped).
  expect([
    where,
    /\bat [\w.<>]+ \(|node_modules|QueryFailedError|\.[jt]s:\d+:\d+/.test(text),
  ]).toEqual([where, false]);
  return { code: error['code'] as string, message: error['message'] as string };
}

describe('the API contract: one error shape everywhere, and hostile input never breaks it', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let other: CycleFixture;
  let operations: Operation[];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 3, selectedForCommittee: (i) => i === 1 });
    await addSectionB(ds, f);
    other = await createCycleFixture(ds, { sheets: 1 });
    await addPerson(ds, f, 'admin', '管理 花子', 'administrator', {
      kind: 'government',
      id: f.governmentId,
    });
    for (const id of [f.evaluatorId, f.chiefId, f.plannerId, f.committeeId, other.plannerId])
      await setPassword(ds, id);
    const people: [string, CycleFixture, string][] = [
      ['evaluator', f, 'staff'],
      ['section_chief', f, 'chief'],
      ['planning_office', f, 'planning'],
      ['committee_member', f, 'committee'],
      ['administrator', f, 'admin'],
      ['other', other, 'planning'],
    ];
    for (const [key, fx, name] of people)
      tokens[key] = await signIn(system, fx.governmentCode, emailOf(fx, name));
    operations = await operationsOf(system);
  });
  afterAll(async () => {
    await system?.close();
  });

  const request = (
    method: string,
    path: string,
    options: { token?: string; body?: string; headers?: Record<string, string> } = {},
  ) =>
    system.fetch(path, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: options.body } : {}),
    });

  it('documents every route it serves', () => {
    const keys = operations.map((o) => `${o.method} ${o.path}`);
    for (const expected of [
      'POST /auth/sign-in',
      'POST /auth/sign-out',
      'GET /auth/me',
      'GET /tasks',
      'POST /tasks/bulk-approve',
      'POST /tasks/{id}/reassign',
      'GET /sheets/{id}',
      'PUT /sheets/{id}/draft',
      'POST /sheets/{id}/approve',
      'POST /sheets/{id}/send-back',
      'GET /sheets/{id}/diff',
      'POST /sheets/{id}/comments',
      'GET /admin/audit',
      'GET /admin/audit/export',
    ])
      expect([expected, keys.includes(expected)]).toEqual([expected, true]);
  });

  it('answers missing auth, bad input and a wrong role on every endpoint with the one error shape and the right status', async () => {
    let checked = 0;
    for (const op of operations) {
      const path = op.path.replace(/\{id\}/g, f.sheets[0]!.sheetId).replace(/\{no\}/g, '1');
      const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
      // 401 without a session (public routes excepted), also with a forged token.
      if (!op.isPublic) {
        for (const token of [undefined, 'x'.repeat(43)]) {
          const res = await request(op.method, path, {
            ...(token ? { token } : {}),
            ...(hasBody ? { body: '{}' } : {}),
          });
          expect([op.method, op.path, res.status]).toEqual([op.method, op.path, 401]);
          expect((await expectErrorShape(res, op)).code).toBe('unauthenticated');
          checked++;
        }
      }
      const token = tokens['administrator'];
      const as = op.isPublic ? {} : { token };
      // 400 for a malformed id.
      if (op.path.includes('{id}')) {
        const res = await request(op.method, op.path.replace(/\{id\}/g, 'not-a-uuid'), {
          ...as,
          ...(hasBody ? { body: '{}' } : {}),
        });
        if (op.roles && !op.roles.includes('administrator')) {
          expect([op.path, res.status]).toEqual([op.path, 403]);
        } else {
          expect([op.method, op.path, res.status]).toEqual([op.method, op.path, 400]);
        }
        await expectErrorShape(res, op);
        checked++;
      }
      // 400 for malformed JSON and for a body of the wrong type; 413 for a body over the limit.
      if (op.body && hasBody) {
        for (const [body, status] of [
          ['{"a":', 400],
          ['[1,2,3]', 400],
          ['"text"', 400],
          [JSON.stringify({ x: 'y'.repeat(1_100_000) }), 413],
        ] as const) {
          const res = await request(op.method, path, { ...as, body });
          const allowed: number[] = op.roles && !op.roles.includes('administrator') ? [403] : [];
          expect([op.method, op.path, body.slice(0, 10), [status, ...allowed]]).toEqual([
            op.method,
            op.path,
            body.slice(0, 10),
            expect.arrayContaining([res.status]),
          ]);
          await expectErrorShape(res, op);
          checked++;
        }
      }
      // 400 for an unknown query parameter on routes that take a query (the development pages
      // are not part of the API; the public portal's pages ignore what they do not know, so a
      // citizen's link with a tracking parameter still opens).
      if (op.query.length > 0 && !op.path.startsWith('/dev/') && !op.path.startsWith('/public')) {
        const res = await request(op.method, `${path}?no_such_param=1`, as);
        expect([op.method, op.path, res.status]).toEqual([op.method, op.path, 400]);
        await expectErrorShape(res, op);
        checked++;
      }
      // 403 for a role the route does not admit.
      if (op.roles) {
        const outsider = ['evaluator', 'committee_member'].find((r) => !op.roles!.includes(r));
        if (outsider) {
          const res = await request(op.method, path, {
            token: tokens[outsider],
            ...(hasBody ? { body: '{}' } : {}),
          });
          expect([op.method, op.path, outsider, res.status]).toEqual([
            op.method,
            op.path,
            outsider,
            403,
          ]);
          expect((await expectErrorShape(res, op)).code).toBe('forbidden');
          checked++;
        }
      }
      // 404 for another government's sheet (ids of sheets the caller cannot see); routes whose
      // body has required fields answer 400 for `{}` first, and are covered by the role matrix.
      if (
        op.path.startsWith('/sheets/{id}') &&
        !op.isPublic &&
        !op.body?.required?.length &&
        !op.requiredQuery
      ) {
        const foreign = op.path.replace('{id}', other.sheets[0]!.sheetId).replace('{no}', '1');
        const res = await request(op.method, foreign, {
          token: tokens['administrator'],
          ...(hasBody ? { body: '{}' } : {}),
        });
        expect([op.method, op.path, res.status]).toEqual([op.method, op.path, 404]);
        await expectErrorShape(res, op);
        checked++;
      }
    }
    // Unknown routes and methods.
    for (const [method, path] of [
      ['GET', '/no/such/route'],
      ['DELETE', '/tasks'],
      ['PATCH', `/sheets/${f.sheets[0]!.sheetId}`],
    ] as const) {
      const res = await request(method, path, { token: tokens['administrator'] });
      expect([method, path, res.status]).toEqual([method, path, 404]);
      await expectErrorShape(res, { method, path });
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('survives a seeded fuzz run of malformed, oversized and hostile requests: never a 500, always the error shape, nothing changed', async () => {
    const seed = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
    const count = Number(process.env['FUZZ_COUNT'] ?? 2000);
    // Printed so a failure can be replayed: FUZZ_SEED=<seed> npx jest test/api/contract.test.ts
    process.stdout.write(`fuzz: seed=${seed} count=${count} (FUZZ_SEED=${seed} replays it)\n`);
    const rnd = mulberry32(seed);
    const before = await snapshot(system);
    const identities = [undefined, ...Object.values(tokens)];
    let errors = 0;
    for (let i = 0; i < count; i++) {
      const op = pick(rnd, operations);
      const fuzzed = fuzzRequest(rnd, op, other.sheets[0]!.sheetId);
      let token = pick(rnd, identities);
      // Signing out would end the fuzz run's own sessions.
      if (op.path === '/auth/sign-out') token = undefined;
      const init: RequestInit = {
        method: fuzzed.method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...fuzzed.headers },
        ...(fuzzed.body !== undefined ? { body: fuzzed.body } : {}),
      };
      const res = await system.fetch(fuzzed.path, init);
      const where = { seed, i, method: fuzzed.method, path: fuzzed.path.slice(0, 200) };
      expect([where, res.status < 500]).toEqual([where, true]);
      if (res.status >= 400) {
        await expectErrorShape(res, where);
        errors++;
      } else {
        await res.arrayBuffer();
      }
    }
    expect(errors).toBeGreaterThan(count * 0.5);
    // Still serving, and nothing any fuzz request sent changed the data.
    const me = await system.fetch('/auth/me', {
      headers: { authorization: `Bearer ${tokens['evaluator']}` },
    });
    expect(me.status).toBe(200);
    expect(await snapshot(system)).toEqual(before);
    // A URL carrying U+0000 is still audited (PostgreSQL text cannot hold it as such).
    const nul = await system.fetch('/sheets/%00/approve', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['evaluator']}` },
    });
    expect(nul.status).toBe(400);
    const requestId = nul.headers.get('x-request-id');
    await eventually(async () => {
      const rows = await system.db.dataSource.query<{ target_id: string }[]>(
        `SELECT target_id FROM audit_log WHERE request_id = $1`,
        [requestId],
      );
      return rows[0]?.target_id === '\uFFFD' ? true : undefined;
    });
    // Thousands of requests, some of a megabyte: minutes on a busy machine.
  }, 600_000);
});

/** Every operation of the API's own OpenAPI document. */
async function operationsOf(system: TestSystem): Promise<Operation[]> {
  const res = await system.fetch('/api/docs-json');
  const doc = (await res.json()) as {
    paths: Record<
      string,
      Record<
        string,
        {
          security?: unknown[];
          'x-required-roles'?: string[];
          requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
          parameters?: { in: string; name: string; required?: boolean }[];
        }
      >
    >;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        isPublic: !op.security || op.security.length === 0,
        roles: op['x-required-roles'],
        body: op.requestBody?.content?.['application/json']?.schema,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        requiredQuery: (op.parameters ?? []).some((p) => p.in === 'query' && p.required),
      });
    }
  }
  return ops;
}

/** A hash of every domain table (the audit log, sessions and the dev probe are left out). */
async function snapshot(system: TestSystem): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of [
    'government',
    'department',
    'section',
    'app_user',
    'user_role',
    'project',
    'template',
    'cycle',
    'sheet',
    'sheet_version',
    'comment',
    'task',
  ]) {
    const rows = await system.db.dataSource.query<{ h: string | null }[]>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM "${table}" t`,
    );
    out[table] = rows[0]?.h ?? '';
  }
  return out;
}

// ---- the fuzzer ------------------------------------------------------------------------------

/** Small, fast, seedable PRNG (mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)] as T;
}

const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE sheet; --",
  '1; SELECT pg_sleep(0)',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '\uFEFF',
  '\u202Eevil',
  'Z\u0351\u0368\u0349a\u0353\u0337lgo',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '\uD800',
  'ｱｲｳｴｵ㍻﨑髙',
  '𠮷野家',
  '',
  ' ',
  'null',
  'true',
  '-1',
  '1e309',
  'NaN',
  '__proto__',
  'constructor',
];

function hostileString(rnd: () => number): string {
  const r = rnd();
  if (r < 0.04) return 'あ'.repeat(5_000 + Math.floor(rnd() * 100_000));
  if (r < 0.08) return 'x'.repeat(1_000);
  return pick(rnd, HOSTILE_STRINGS);
}

function hostileValue(rnd: () => number, depth = 0): unknown {
  const r = rnd();
  if (r < 0.25) return hostileString(rnd);
  if (r < 0.35) return pick(rnd, [0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MIN_VALUE]);
  if (r < 0.42) return pick(rnd, [true, false, null]);
  if (r < 0.5) return randomUUID();
  if (r < 0.6 && depth < 4)
    return Array.from({ length: Math.floor(rnd() * 4) }, () => hostileValue(rnd, depth + 1));
  if (r < 0.7 && depth < 4) {
    const o: Record<string, unknown> = {};
    for (let k = 0; k < Math.floor(rnd() * 4); k++)
      o[hostileString(rnd).slice(0, 50)] = hostileValue(rnd, depth + 1);
    return o;
  }
  if (r < 0.75) {
    let nested: unknown = 1;
    for (let d = 0; d < 200 + Math.floor(rnd() * 2000); d++) nested = [nested];
    return nested;
  }
  return { __proto__: { admin: true }, constructor: { prototype: { admin: true } } };
}

function fuzzBody(rnd: () => number, schema: JsonSchema | undefined): string | undefined {
  const r = rnd();
  if (r < 0.1) return undefined;
  if (r < 0.2) return pick(rnd, ['{', '{"a":1,}', "{'a':1}", '[', 'nul', '{"a":"\\x"}', '\u0000']);
  if (r < 0.22) return JSON.stringify({ pad: 'x'.repeat(1_100_000) });
  if (r < 0.35) return JSON.stringify(hostileValue(rnd));
  // Mostly: the route's own fields with hostile values (and sometimes an unknown one).
  const o: Record<string, unknown> = {};
  for (const key of Object.keys(schema?.properties ?? {})) {
    if (rnd() < 0.8) o[key] = hostileValue(rnd);
  }
  if (rnd() < 0.3) o[hostileString(rnd).slice(0, 30) || 'extra'] = hostileValue(rnd);
  return JSON.stringify(o);
}

/** Percent-encodes, keeping lone surrogates as their (invalid) UTF-8 bytes. */
function encodeLoose(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text
      .split(/([\uD800-\uDFFF])/)
      .map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
      .join('');
  }
}

function fuzzSegment(rnd: () => number, foreignSheetId: string): string {
  const r = rnd();
  if (r < 0.3) return randomUUID();
  if (r < 0.4) return foreignSheetId;
  if (r < 0.45) return '%E0%A4%A'; // malformed percent-encoding
  if (r < 0.5) return '%ED%A0%80'; // a lone surrogate
  if (r < 0.55) return 'a'.repeat(2000);
  return encodeLoose(hostileString(rnd).slice(0, 200));
}

function fuzzRequest(
  rnd: () => number,
  op: Operation,
  foreignSheetId: string,
): { method: string; path: string; body?: string; headers: Record<string, string> } {
  const method =
    rnd() < 0.1 ? pick(rnd, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) : op.method;
  let path = op.path
    .replace(/\{id\}/g, () => fuzzSegment(rnd, foreignSheetId))
    .replace(/\{no\}/g, () => pick(rnd, ['0', '-1', '1e9', 'x', '99999999999999999999']));
  if (rnd() < 0.1) path += `/${fuzzSegment(rnd, foreignSheetId)}`;
  if (rnd() < 0.05)
    path = `/${fuzzSegment(rnd, foreignSheetId)}/${fuzzSegment(rnd, foreignSheetId)}`;
  if (rnd() < 0.5) {
    const names = [...op.query, 'limit', 'cursor', '__proto__', 'constructor[prototype]'];
    const parts: string[] = [];
    for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) {
      const value =
        rnd() < 0.3
          ? encodeLoose(String(hostileValue(rnd)).slice(0, 300))
          : fuzzSegment(rnd, foreignSheetId);
      parts.push(`${encodeURIComponent(pick(rnd, names))}=${value}`);
    }
    path += `?${parts.join('&')}`;
  }
  const headers: Record<string, string> = {};
  const body = method === 'GET' || method === 'OPTIONS' ? undefined : fuzzBody(rnd, op.body);
  if (body !== undefined)
    headers['content-type'] = pick(rnd, [
      'application/json',
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
    ]);
  if (rnd() < 0.2) headers['if-match'] = pick(rnd, ['"1"', '*', 'W/"x"', '"99999999999"', '']);
  if (rnd() < 0.2) headers['idempotency-key'] = encodeLoose(hostileString(rnd).slice(0, 200));
  if (rnd() < 0.1) headers['x-request-id'] = encodeLoose(hostileString(rnd).slice(0, 200));
  return { method, path, ...(body !== undefined ? { body } : {}), headers };
}
