import { createHash } from 'node:crypto';
import { appendSheetVersion, PlatformOperatorRepository } from '@hyoka/persistence';
import {
  createCycleFixture,
  eventually,
  VALID_CONTENT,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startApiProcess } from '../support/api-process';
import {
  EDGE_VALUES,
  sendChunked,
  sendCutOff,
  sendDeclaredOnly,
  sendSized,
  type SentBody,
} from '../support/hostile-bodies';
import { isUndescribed } from '../support/response-contract';
import { startTestSystem, type TestSystem } from '../support/system';
import { addSectionB, emailOf, setPassword, signIn } from './helpers';
import { addAdministrator } from './people';

/**
 * The API's contract, checked against every operation of its own OpenAPI document (so routes
 * added later are covered without editing this file): every operation documents what it answers
 * on success (a JSON schema, a file's media type, or no body), every JSON read answers what its
 * schema says (every 2xx any integration test gets is checked too: see
 * support/response-contract.ts), every failure answers exactly
 * `{ "error": { code, message, messageJa, details?, requestId } }` with the right status, and a
 * seeded fuzz run of hostile requests never gets a 500 and changes nothing (but for comments on a
 * sheet by the one fuzzing caller allowed to see it, which the API acknowledges).
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
  /** A route taking a file as its raw body (`@AcceptsUpload`): its media types and limit. */
  readonly upload:
    { readonly mediaTypes: readonly string[]; readonly maxBytes: number } | undefined;
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
    await addAdministrator(ds, f);
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
      'GET /sheets/{id}/print',
      'GET /sheets/{id}/print.pdf',
    ])
      expect([expected, keys.includes(expected)]).toEqual([expected, true]);
  });

  it('documents what every operation answers on success: a JSON schema, a media type or no body', async () => {
    const doc = await system.contract.doc();
    const problems: string[] = [];
    let schemas = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      // The public portal's pages and files and the development pages are described by path only.
      if (isUndescribed(path)) continue;
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        const success = Object.entries(op.responses ?? {}).filter(([status]) =>
          /^[23]\d\d$/.test(status),
        );
        if (success.length === 0) problems.push(`${where}: no success response documented`);
        for (const [status, response] of success) {
          for (const [type, media] of Object.entries(response.content ?? {})) {
            if (type !== 'application/json') continue;
            if (media.schema === undefined) {
              problems.push(`${where} ${status}: JSON without a schema`);
              continue;
            }
            // Every documented schema compiles (it is what the answers are checked against).
            await system.contract.compile(media.schema);
            schemas++;
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(schemas).toBeGreaterThan(60);
  });

  it('answers every documented JSON read as its schema says, with data in every list', async () => {
    const ds = system.db.dataSource;
    const g = await createCycleFixture(ds, { sheets: 2 });
    const sheetId = g.sheets[0]!.sheetId;
    await addAdministrator(ds, g);
    await setPassword(ds, g.evaluatorId);
    // What the workflows and the mail relay would have written: an overdue task, a version with
    // its comment, a comment on its own, mails sent and failed, a policy node.
    await ds.query(
      `INSERT INTO task (government_id, cycle_id, sheet_id, fiscal_year, project_code, project_name, section_id,
                         stage, round, assignee_user_id, due_date, deadline_at, overdue)
       SELECT s.government_id, s.cycle_id, s.id, $2, p.code, p.name_ja, s.section_id,
              'self_evaluation', 1, $3, '2026-04-30', '2026-04-30T15:00:00Z', true
         FROM sheet s JOIN project p ON p.id = s.project_id WHERE s.id = $1`,
      [g.sheets[1]!.sheetId, g.fiscalYear, g.evaluatorId],
    );
    const version = await appendSheetVersion(ds.manager, {
      sheetId,
      content: VALID_CONTENT,
      authorId: g.evaluatorId,
      stage: 'self_evaluation',
      round: 1,
      action: 'submit',
      reason: '提出します',
    });
    await ds.query(
      `INSERT INTO comment (government_id, sheet_id, stage, round, author_id, body, audience, sheet_version_id, created_at)
       VALUES ($1, $2, 'self_evaluation', 1, $3, '提出します', 'section_chief', $5, $4),
              ($1, $2, 'self_evaluation', 1, $3, '補足', 'section_chief', NULL, now())`,
      [g.governmentId, sheetId, g.evaluatorId, version.createdAt, version.id],
    );
    await ds.query(
      `INSERT INTO mail_outbox (government_id, idempotency_key, kind, recipient_user_id, to_address, locale, subject,
                                body_text, body_html, message_id, sheet_id, business_day, status, attempts, last_error, sent_at)
       VALUES ($1, 'contract/1', 'task_arrived', $2, $3, 'ja', '作業が届きました', '本文', '<p>本文</p>', '<c1@hyoka>', $4, NULL, 'sent', 1, NULL, now()),
              ($1, 'contract/2', 'digest', $2, $3, 'ja', '本日の作業', '本文', '<p>本文</p>', '<c2@hyoka>', NULL, '2026-05-07', 'failed', 8, '550 no such user', NULL)`,
      [g.governmentId, g.evaluatorId, emailOf(g, 'staff'), sheetId],
    );
    const [policyNode] = await ds.query<{ id: string }[]>(
      `INSERT INTO policy_node (government_id, kind, code, name_ja) VALUES ($1, 'policy', '1', '安心して暮らせるまち') RETURNING id`,
      [g.governmentId],
    );
    const [programme] = await ds.query<{ id: string }[]>(
      `SELECT programme_id AS id FROM cycle WHERE id = $1`,
      [g.cycleId],
    );
    const [template] = await ds.query<{ id: string }[]>(
      `SELECT template_id AS id FROM cycle WHERE id = $1`,
      [g.cycleId],
    );
    const [project] = await ds.query<{ id: string }[]>(
      `SELECT project_id AS id FROM sheet WHERE id = $1`,
      [sheetId],
    );
    // A reorganisation's trace: the project was renamed into a successor.
    await ds.query(
      `WITH successor AS (
         INSERT INTO project (government_id, code, name_ja, section_id, period_type)
         SELECT government_id, code || '-new', name_ja, section_id, period_type FROM project WHERE id = $2 RETURNING id
       )
       INSERT INTO project_lineage (government_id, from_project_id, to_project_id, kind, fiscal_year)
       SELECT $1, $2, id, 'rename', $3 FROM successor`,
      [g.governmentId, project!.id, g.fiscalYear + 1],
    );
    const admin = await signIn(system, g.governmentCode, emailOf(g, 'admin'));
    const staff = await signIn(system, g.governmentCode, emailOf(g, 'staff'));
    const savedFilter = await request('POST', '/me/inbox-filters', {
      token: staff,
      body: JSON.stringify({ name: '期限超過', filters: { overdue: true } }),
    });
    expect(savedFilter.status).toBe(201);
    const operator = 'hyop_contract-test-operator-token';
    await new PlatformOperatorRepository(ds).insert({
      email: 'ops@contract.example',
      displayName: 'Ops',
      tokenHash: createHash('sha256').update(operator).digest('hex'),
    });

    // A bound report (one that failed: the report runner leaves it alone).
    const [boundReport] = await ds.query<{ id: string }[]>(
      `INSERT INTO bound_report (government_id, cycle_id, form_key, locale, status, error)
       VALUES ($1, $2, 'sheet', 'ja', 'failed', '{"ja":"試験","en":"test"}') RETURNING id`,
      [g.governmentId, g.cycleId],
    );

    // One request per documented JSON read; a route added later needs its line here.
    const reads: Record<
      string,
      { path: string; token?: string; list?: (body: never) => unknown[] }
    > = {
      '/health': { path: '/health' },
      '/health/live': { path: '/health/live' },
      '/health/ready': { path: '/health/ready' },
      '/auth/me': { path: '/auth/me', token: staff, list: (b: { roles: unknown[] }) => b.roles },
      '/tasks': { path: '/tasks', token: staff, list: (b: { items: unknown[] }) => b.items },
      '/sheets/{id}': { path: `/sheets/${sheetId}`, token: staff },
      '/sheets/{id}/versions': {
        path: `/sheets/${sheetId}/versions`,
        token: staff,
        list: (b: unknown[]) => b,
      },
      '/sheets/{id}/versions/{no}': { path: `/sheets/${sheetId}/versions/1`, token: staff },
      '/sheets/{id}/diff': { path: `/sheets/${sheetId}/diff?from=1&to=draft`, token: staff },
      '/sheets/{id}/reference-options': {
        path: `/sheets/${sheetId}/reference-options?target=person&q=`,
        token: staff,
        list: (b: { items: unknown[] }) => b.items,
      },
      '/sheets/{id}/comments': {
        path: `/sheets/${sheetId}/comments`,
        token: staff,
        list: (b: unknown[]) => b,
      },
      '/me/mail': { path: '/me/mail', token: staff, list: (b: { items: unknown[] }) => b.items },
      '/me/mail-settings': { path: '/me/mail-settings', token: staff },
      '/me/inbox-filters': {
        path: '/me/inbox-filters',
        token: staff,
        list: (b: { items: unknown[] }) => b.items,
      },
      '/admin/templates': { path: '/admin/templates', list: (b: unknown[]) => b },
      '/admin/templates/{id}': { path: `/admin/templates/${template!.id}` },
      '/admin/cycles': { path: '/admin/cycles', list: (b: unknown[]) => b },
      '/admin/cycles/{id}': { path: `/admin/cycles/${g.cycleId}` },
      '/admin/cycles/{id}/progress': {
        path: `/admin/cycles/${g.cycleId}/progress`,
        list: (b: { overdue: unknown[] }) => b.overdue,
      },
      '/admin/cycles/{id}/reminder-policy': { path: `/admin/cycles/${g.cycleId}/reminder-policy` },
      '/admin/cycles/{id}/roster': {
        path: `/admin/cycles/${g.cycleId}/roster`,
        list: (b: { sheets: unknown[] }) => b.sheets,
      },
      '/admin/cycles/{id}/progress/sections/{sectionId}': {
        path: `/admin/cycles/${g.cycleId}/progress/sections/${g.sectionId}`,
        list: (b: { sheets: unknown[] }) => b.sheets,
      },
      '/admin/departments': { path: '/admin/departments', list: (b: unknown[]) => b },
      '/admin/departments/{id}': { path: `/admin/departments/${g.departmentId}` },
      '/admin/sections': { path: '/admin/sections', list: (b: unknown[]) => b },
      '/admin/sections/{id}': { path: `/admin/sections/${g.sectionId}` },
      '/admin/projects': { path: '/admin/projects', list: (b: unknown[]) => b },
      '/admin/projects/{id}': { path: `/admin/projects/${project!.id}` },
      '/admin/policy-nodes': { path: '/admin/policy-nodes', list: (b: unknown[]) => b },
      '/admin/policy-nodes/{id}': { path: `/admin/policy-nodes/${policyNode!.id}` },
      '/admin/projects/{id}/lineage': {
        path: `/admin/projects/${project!.id}/lineage`,
        list: (b: unknown[]) => b,
      },
      '/admin/users': { path: '/admin/users', list: (b: unknown[]) => b },
      '/admin/users/{id}': { path: `/admin/users/${g.evaluatorId}` },
      '/admin/csv-columns': { path: '/admin/csv-columns' },
      '/admin/mail': { path: '/admin/mail', list: (b: { items: unknown[] }) => b.items },
      '/admin/audit': { path: '/admin/audit', list: (b: { items: unknown[] }) => b.items },
      '/admin/programmes': { path: '/admin/programmes', list: (b: unknown[]) => b },
      '/admin/programmes/{id}': { path: `/admin/programmes/${programme!.id}` },
      '/platform/governments': {
        path: '/platform/governments',
        token: operator,
        list: (b: { items: unknown[] }) => b.items,
      },
      '/reports': { path: '/reports', list: (b: unknown[]) => b },
      '/reports/scopes': { path: '/reports/scopes', list: (b: unknown[]) => b },
      '/reports/{id}': { path: `/reports/${boundReport!.id}` },
    };
    const doc = await system.contract.doc();
    const jsonReads = Object.entries(doc.paths)
      .filter(
        ([path, ops]) =>
          !isUndescribed(path) && ops['get']?.responses?.['200']?.content?.['application/json'],
      )
      .map(([path]) => path);
    expect(jsonReads.filter((path) => !(path in reads))).toEqual([]);
    await eventually(async () => {
      // The sign-ins' audit entries are written after the answer.
      const rows = await ds.query<unknown[]>(`SELECT 1 FROM audit_log WHERE government_id = $1`, [
        g.governmentId,
      ]);
      return rows.length > 0 ? true : undefined;
    });
    for (const [template, read] of Object.entries(reads)) {
      // system.fetch checks the answer against the document: a mismatch rejects right here.
      const res = await request('GET', read.path, { token: read.token ?? admin });
      expect([template, res.status]).toEqual([template, 200]);
      const body = (await res.json()) as never;
      if (read.list) expect([template, read.list(body).length > 0]).toEqual([template, true]);
      expect([template, system.contract.checked.has(`GET ${template} 200`)]).toEqual([
        template,
        true,
      ]);
    }
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
    // A path parameter that is not valid percent-encoding is the client's mistake: 400, not 500
    // (a fuzz run found `/app/…` answering 500 when the router could not decode it).
    for (const path of ['/app/%E3%81', '/public/%E3%81', `/sheets/%E3%81/versions`]) {
      const res = await request('GET', path, { token: tokens['administrator'] });
      expect([path, res.status]).toEqual([path, 400]);
      await expectErrorShape(res, { path });
    }
    expect(checked).toBeGreaterThan(60);
  });

  const portalTarget = (): PortalTarget => ({
    governmentCode: f.governmentCode,
    fiscalYear: f.fiscalYear,
    projectCode: f.sheets[0]!.projectCode,
  });

  it('generates the same fuzz requests from the same seed, so a printed seed replays the run', () => {
    const requests = (seed: number) => {
      const rnd = mulberry32(seed);
      return Array.from({ length: 300 }, () =>
        fuzzRequest(rnd, pick(rnd, operations), other.sheets[0]!.sheetId, portalTarget()),
      );
    };
    expect(requests(8)).toEqual(requests(8));
    expect(requests(9)).not.toEqual(requests(8));
  });

  it('survives a seeded fuzz run of malformed, oversized and hostile requests: never a 500, always the error shape, nothing changed', async () => {
    const seed = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
    const count = Number(process.env['FUZZ_COUNT'] ?? 2000);
    // Printed so a failure can be replayed: FUZZ_SEED=<seed> npx jest test/api/contract.test.ts
    process.stdout.write(`fuzz: seed=${seed} count=${count} (FUZZ_SEED=${seed} replays it)\n`);
    const rnd = mulberry32(seed);
    const before = await snapshot(system);
    const identities = [undefined, ...Object.entries(tokens)];
    const foreignSheetId = other.sheets[0]!.sheetId;
    // Writes the API answered with success. The foreign sheet belongs to the `other` planner's
    // government, and whoever sees a sheet may comment on it: those comments are legitimate.
    const accepted: (ReturnType<typeof describeRequest> & { status: number; response: string })[] =
      [];
    const acceptedComments: string[] = [];
    let errors = 0;
    for (let i = 0; i < count; i++) {
      const op = pick(rnd, operations);
      const fuzzed = fuzzRequest(rnd, op, foreignSheetId, portalTarget());
      let identity = pick(rnd, identities);
      // Signing out would end the fuzz run's own sessions.
      if (op.path === '/auth/sign-out') identity = undefined;
      const init: RequestInit = {
        method: fuzzed.method,
        headers: {
          ...(identity ? { authorization: `Bearer ${identity[1]}` } : {}),
          ...fuzzed.headers,
        },
        ...(fuzzed.body !== undefined ? { body: fuzzed.body } : {}),
      };
      const res = await system.fetch(fuzzed.path, init);
      // Enough to replay one request by hand (`FUZZ_SEED` replays the whole run).
      const where = describeRequest(seed, i, identity?.[0], fuzzed);
      if (res.status >= 500) {
        const response = (await res.text()).slice(0, 2_000);
        throw new Error(
          `a fuzz request was answered ${res.status}: ${JSON.stringify({ ...where, response }, null, 2)}`,
        );
      }
      if (res.status >= 400) {
        await expectErrorShape(res, where);
        errors++;
        continue;
      }
      const text = await res.text();
      if (fuzzed.method === 'GET' || fuzzed.method === 'OPTIONS') continue;
      accepted.push({ ...where, status: res.status, response: text.slice(0, 300) });
      const commentPath = new RegExp(`^/sheets/${foreignSheetId}/comments(\\?|$)`);
      if (res.status === 201 && commentPath.test(fuzzed.path)) {
        // Only a caller of the sheet's own government may see it, hence comment on it.
        expect([where, identity?.[0]]).toEqual([where, 'other']);
        acceptedComments.push((JSON.parse(text) as { id: string }).id);
      }
    }
    expect(errors).toBeGreaterThan(count * 0.5);
    // Still serving, and nothing any fuzz request sent changed the data, but for the comments
    // the API acknowledged (each on the foreign sheet, by its own planner).
    const me = await system.fetch('/auth/me', {
      headers: { authorization: `Bearer ${tokens['evaluator']}` },
    });
    expect(me.status).toBe(200);
    const comments = await system.db.dataSource.query<{ id: string }[]>(
      `SELECT id FROM comment WHERE id = ANY($1::uuid[]) AND sheet_id = $2 AND author_id = $3`,
      [acceptedComments, foreignSheetId, other.plannerId],
    );
    expect(comments.length).toBe(acceptedComments.length);
    const after = await snapshot(system, acceptedComments);
    const changed = Object.keys(before).filter((table) => after[table] !== before[table]);
    if (changed.length > 0)
      throw new Error(
        `the fuzz run changed ${changed.join(', ')}; the writes answered with success were ${JSON.stringify(accepted, null, 2)}`,
      );
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

  it('survives, as its own process, oversized, chunked and cut-off bodies on every route with a body and edge dates and numbers in every filter: alive at the end, never a 5xx', async () => {
    // The built API on this file's database (the sessions above sign it in): what an operator runs.
    const api = await startApiProcess({
      databaseUrl: system.db.url,
      smtpUrl: system.sink.url,
      env: { HYOKA_EMBEDDED_WORKER: 'false' },
    });
    const answers: SentBody[] = [];
    /** Reads that got no whole answer. */
    const cut: string[] = [];
    const auth = { authorization: `Bearer ${tokens['administrator']}` };
    /** A path with this government's own ids and the portal's real values (bodies here are never valid). */
    const realPath = (path: string, params: Record<string, string> = {}) =>
      path.replace(/\{([a-zA-Z]+)\}/g, (_m, name: string) => {
        if (params[name] !== undefined) return encodeURIComponent(params[name]);
        if (name === 'cycleId') return f.cycleId;
        if (name === 'gov') return f.governmentCode;
        if (name === 'fy') return String(f.fiscalYear);
        if (name === 'code') return f.sheets[0]!.projectCode;
        if (name === 'no') return '1';
        if (name === 'file') return 'list.csv';
        if (name === 'format') return 'json';
        return f.sheets[0]!.sheetId;
      });
    try {
      for (const op of operations.filter((o) => o.method !== 'GET')) {
        const url = `${api.baseUrl}${realPath(op.path)}`;
        const upload = op.upload;
        if (upload) {
          const headers = { ...auth, 'content-type': upload.mediaTypes[0]! };
          const over = upload.maxBytes + 1024 * 1024;
          for (const sent of [
            await sendSized(url, op.method, headers, over),
            await sendChunked(url, op.method, headers, over),
          ]) {
            expect([sent.what, sent.status]).toEqual([sent.what, 413]);
            await expectErrorShape(
              new Response(sent.text, { status: sent.status!, headers: sent.headers! }),
              sent.what,
            );
            answers.push(sent);
          }
          // Declared far past the limit: refused without reading it.
          const huge = await sendDeclaredOnly(url, op.method, headers, 1024 ** 3, 64 * 1024);
          expect([huge.what, huge.status]).toEqual([huge.what, 413]);
          answers.push(huge);
          const wrongType = await sendSized(
            url,
            op.method,
            { ...auth, 'content-type': 'image/png' },
            64 * 1024,
          );
          expect([wrongType.what, wrongType.status]).toEqual([wrongType.what, 415]);
          answers.push(wrongType);
          answers.push(await sendCutOff(url, op.method, headers, 1024 * 1024, 64 * 1024));
        } else {
          // JSON (or no body at all): over the 1 MB limit in chunks, and cut off half way.
          const headers = { ...auth, 'content-type': 'application/json' };
          answers.push(await sendChunked(url, op.method, headers, 2 * 1024 * 1024, '{"a":"'));
          answers.push(await sendCutOff(url, op.method, headers, 512 * 1024, 64 * 1024));
        }
      }
      // Every filter and every numeric path parameter of every read, at the edges of its range.
      for (const op of operations.filter((o) => o.method === 'GET')) {
        const numericParams = ['no', 'fy'].filter((name) => op.path.includes(`{${name}}`));
        for (const value of EDGE_VALUES) {
          const paths = [
            ...op.query.map((name) => `${realPath(op.path)}?${name}=${encodeURIComponent(value)}`),
            ...numericParams.map((name) => realPath(op.path, { [name]: value })),
          ];
          for (const path of paths) {
            const what = `GET ${path}`;
            const res = await fetch(`${api.baseUrl}${path}`, { headers: auth }).catch(() => null);
            const text = await res?.text().catch(() => null);
            if (!res || text === null || text === undefined) {
              // An answer cut off (headers sent, then the connection ended) or none at all.
              cut.push(what);
              continue;
            }
            if (res.status >= 400 && !path.startsWith('/public')) {
              await expectErrorShape(
                new Response(text, { status: res.status, headers: res.headers }),
                what,
              );
            }
            answers.push({ what, status: res.status, text });
          }
        }
      }
      expect(answers.length).toBeGreaterThan(200);
      expect(
        answers.filter((a) => a.status !== undefined && a.status >= 500).map((a) => a.what),
      ).toEqual([]);
      expect(cut).toEqual([]);
      // Still alive and serving, and nothing went wrong that it had to log as an error.
      expect(api.alive()).toBe(true);
      expect((await fetch(`${api.baseUrl}/health/live`)).status).toBe(200);
      const me = await fetch(`${api.baseUrl}/auth/me`, { headers: auth });
      expect(me.status).toBe(200);
      const errors = api
        .output()
        .split('\n')
        .filter((line) => /"level":(50|60)/.test(line));
      expect(errors).toEqual([]);
    } finally {
      await api.stop();
    }
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
          'x-max-body-bytes'?: number;
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
        upload:
          op['x-max-body-bytes'] !== undefined
            ? {
                mediaTypes: Object.keys(op.requestBody?.content ?? {}),
                maxBytes: op['x-max-body-bytes'],
              }
            : undefined,
      });
    }
  }
  return ops;
}

/**
 * A hash of every domain table (the audit log, sessions and the dev probe are left out), without
 * the given comments.
 */
async function snapshot(
  system: TestSystem,
  exceptComments: readonly string[] = [],
): Promise<Record<string, string>> {
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
      table === 'comment'
        ? `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM comment t
            WHERE t.id <> ALL($1::uuid[])`
        : `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM "${table}" t`,
      table === 'comment' ? [exceptComments] : [],
    );
    out[table] = rows[0]?.h ?? '';
  }
  return out;
}

// ---- the fuzzer ------------------------------------------------------------------------------

/** One fuzz request as a failure shows it. */
function describeRequest(
  seed: number,
  i: number,
  identity: string | undefined,
  fuzzed: ReturnType<typeof fuzzRequest>,
) {
  const clip = (text: string) =>
    text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text;
  return {
    seed,
    i,
    as: identity ?? 'anonymous',
    method: fuzzed.method,
    path: clip(fuzzed.path),
    headers: fuzzed.headers,
    ...(fuzzed.body !== undefined ? { body: clip(fuzzed.body) } : {}),
  };
}

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
  '0000-01-01',
  '9999-12-31',
  '10000-01-01',
  '0000-01-01T00:00:00Z',
  '9007199254740992',
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
  if (r < 0.5) return seededUuid(rnd);
  if (r < 0.6 && depth < 4)
    return Array.from({ length: Math.floor(rnd() * 4) }, () => hostileValue(rnd, depth + 1));
  if (r < 0.7 && depth < 4) {
    const o: Record<string, unknown> = {};
    for (let k = 0; k < Math.floor(rnd() * 4); k++)
      setOwn(o, hostileString(rnd).slice(0, 50), hostileValue(rnd, depth + 1));
    return o;
  }
  if (r < 0.75) {
    let nested: unknown = 1;
    for (let d = 0; d < 200 + Math.floor(rnd() * 2000); d++) nested = [nested];
    return nested;
  }
  // Parsed, so that `__proto__` is an own key that JSON.stringify sends (a literal would set the
  // object's prototype instead, and the key would never reach the API).
  return JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}');
}

/**
 * Sets `key` as an own, enumerable property even when it is `__proto__`: plain assignment would
 * replace the object's prototype instead (with `null`, leaving an object that `String()` cannot
 * convert, which made some seeds throw inside the fuzzer), and the key would never be sent.
 */
function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A random (version 4 shaped) UUID from the seeded generator, so a seed replays exactly. */
function seededUuid(rnd: () => number): string {
  const hex = Array.from({ length: 4 }, () =>
    Math.floor(rnd() * 2 ** 32)
      .toString(16)
      .padStart(8, '0'),
  ).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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
  if (rnd() < 0.3) setOwn(o, hostileString(rnd).slice(0, 30) || 'extra', hostileValue(rnd));
  return JSON.stringify(o);
}

/** A value as text; an object whose prototype a `__proto__` key replaced has no toString. */
function textOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    return JSON.stringify(value) ?? '';
  }
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
  if (r < 0.3) return seededUuid(rnd);
  if (r < 0.4) return foreignSheetId;
  if (r < 0.45) return '%E0%A4%A'; // malformed percent-encoding
  if (r < 0.5) return '%ED%A0%80'; // a lone surrogate
  if (r < 0.55) return 'a'.repeat(2000);
  return encodeLoose(hostileString(rnd).slice(0, 200));
}

/** Real values for the public portal's path parameters (read-only routes), so fuzzing gets past the router's first checks. */
interface PortalTarget {
  readonly governmentCode: string;
  readonly fiscalYear: number;
  readonly projectCode: string;
}

/** A value for one path parameter: sometimes a real one, mostly hostile. */
function fuzzParam(
  rnd: () => number,
  name: string,
  foreignSheetId: string,
  portal: PortalTarget,
): string {
  const real = rnd() < 0.4;
  switch (name) {
    case 'no':
      return pick(rnd, ['0', '-1', '1', '1e9', 'x', '99999999999999999999']);
    case 'gov':
      return real ? portal.governmentCode : fuzzSegment(rnd, foreignSheetId);
    case 'fy':
      return real
        ? pick(rnd, [String(portal.fiscalYear), '0', '-1', '99999', '2026.5', '２０２６', 'x'])
        : fuzzSegment(rnd, foreignSheetId);
    case 'code':
      return real ? portal.projectCode : fuzzSegment(rnd, foreignSheetId);
    case 'file':
      return real
        ? pick(rnd, ['list.csv', 'values.json', 'list.xlsx', 'x.pdf', '..%2F..%2Fetc%2Fpasswd'])
        : fuzzSegment(rnd, foreignSheetId);
    case 'format':
      return real
        ? pick(rnd, ['pdf', 'json', 'xlsx', 'html', 'csv'])
        : fuzzSegment(rnd, foreignSheetId);
    default:
      // {id}, {sheetId}, {cycleId}: random ids and the foreign sheet, never this government's own
      // (an administrator among the callers could legitimately change those).
      return fuzzSegment(rnd, foreignSheetId);
  }
}

function fuzzRequest(
  rnd: () => number,
  op: Operation,
  foreignSheetId: string,
  portal: PortalTarget,
): { method: string; path: string; body?: string; headers: Record<string, string> } {
  const method =
    rnd() < 0.1 ? pick(rnd, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) : op.method;
  let path = op.path.replace(/\{([a-zA-Z]+)\}/g, (_m, name: string) =>
    fuzzParam(rnd, name, foreignSheetId, portal),
  );
  if (rnd() < 0.1) path += `/${fuzzSegment(rnd, foreignSheetId)}`;
  if (rnd() < 0.05)
    path = `/${fuzzSegment(rnd, foreignSheetId)}/${fuzzSegment(rnd, foreignSheetId)}`;
  if (rnd() < 0.5) {
    const names = [...op.query, 'limit', 'cursor', '__proto__', 'constructor[prototype]'];
    const parts: string[] = [];
    for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) {
      const value =
        rnd() < 0.3
          ? encodeLoose(textOf(hostileValue(rnd)).slice(0, 300))
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
