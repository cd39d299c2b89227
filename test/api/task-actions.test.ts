import { tokyoDateOf } from '@hyoka/calendar';
import {
  createCycleFixture,
  eventually,
  startSheet,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { addSectionB, as, emailOf, setPassword, signIn, type Api } from './helpers';
import { addPerson, openTaskOf, addAdministrator } from './people';

interface ErrorBody {
  error: { code: string; message: string; messageJa: string; details?: unknown };
}
interface AuditPage {
  items: {
    id: string;
    at: string;
    userId: string | null;
    userName: string | null;
    email: string | null;
    action: string;
    sheetId: string | null;
    targetId: string | null;
    outcome: string;
    status: number | null;
    ip: string | null;
    userAgent: string | null;
    requestId: string | null;
    details: Record<string, unknown> | null;
  }[];
  nextCursor: string | null;
}

describe('reassign, bulk approve, comments and the audit trail', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let b: Awaited<ReturnType<typeof addSectionB>>;
  let other: CycleFixture;
  let staff2Id: string;
  let chief2Id: string;
  const api: Record<string, Api> = {};

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 8, selectedForCommittee: (i) => i === 1 });
    b = await addSectionB(ds, f);
    other = await createCycleFixture(ds, { sheets: 1 });
    await addAdministrator(ds, f);
    staff2Id = await addPerson(ds, f, 'staff2', '担当 五郎', 'evaluator', {
      kind: 'section',
      id: f.sectionId,
    });
    chief2Id = await addPerson(ds, f, 'chief2', '課長 六郎', 'section_chief', {
      kind: 'section',
      id: f.sectionId,
    });
    await addPerson(ds, other, 'admin', '他市 管理者', 'administrator', {
      kind: 'government',
      id: other.governmentId,
    });
    const people: [string, CycleFixture, string, string][] = [
      ['evaluator', f, f.evaluatorId, 'staff'],
      ['chief', f, f.chiefId, 'chief'],
      ['chiefB', f, b.chiefId, 'chief-b'],
      ['planner', f, f.plannerId, 'planning'],
      ['committee', f, f.committeeId, 'committee'],
    ];
    for (const [, , id] of people) await setPassword(ds, id);
    for (const [key, fx, , name] of people)
      api[key] = as(system, await signIn(system, fx.governmentCode, emailOf(fx, name)));
    api['admin'] = as(system, await signIn(system, f.governmentCode, emailOf(f, 'admin')));
    api['staff2'] = as(system, await signIn(system, f.governmentCode, emailOf(f, 'staff2')));
    api['chief2'] = as(system, await signIn(system, f.governmentCode, emailOf(f, 'chief2')));
    api['otherAdmin'] = as(
      system,
      await signIn(system, other.governmentCode, emailOf(other, 'admin')),
    );
  });
  afterAll(async () => {
    await system?.close();
  });

  const sheet = (i: number) => f.sheets[i]!.sheetId;
  const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;
  const ds = () => system.db.dataSource;

  /** Starts sheet i's workflow and waits for its first (self-evaluation) task. */
  async function started(i: number): Promise<string> {
    await startSheet(system.temporal, system.taskQueue, f, i);
    return (await eventually(() => openTaskOf(ds(), sheet(i)))).id;
  }

  /** Sheet i submitted by the evaluator: answers the section chief's group task. */
  async function atChief(i: number): Promise<string> {
    await started(i);
    const res = await api['evaluator']!.send('POST', `/sheets/${sheet(i)}/submit`, {});
    expect(res.status).toBe(200);
    const task = await eventually(() => openTaskOf(ds(), sheet(i)));
    expect(task.stage).toBe('section_chief');
    return task.id;
  }

  async function auditWhere(
    a: Api,
    query: string,
    until: (page: AuditPage) => boolean,
  ): Promise<AuditPage> {
    return eventually(async () => {
      const res = await a.get(`/admin/audit${query}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as AuditPage;
      return until(page) ? page : undefined;
    });
  }

  it('reassigns a task to someone who can work its stage: chief or administrator only, with clear errors', async () => {
    const selfTask = await started(2);
    const ev = api['evaluator']!;
    const chief = api['chief']!;
    const reassign = (a: Api, taskId: string, body: unknown) =>
      a.send('POST', `/tasks/${taskId}/reassign`, body);

    // An evaluator cannot reassign (403); chief B cannot even see section A's task (404).
    const byEvaluator = await reassign(ev, selfTask, { assigneeId: staff2Id });
    expect(byEvaluator.status).toBe(403);
    expect((await errorOf(byEvaluator)).code).toBe('forbidden');
    expect((await reassign(api['chiefB']!, selfTask, { assigneeId: staff2Id })).status).toBe(404);
    // The planning office may not reassign a section's own stage.
    expect((await reassign(api['planner']!, selfTask, { assigneeId: staff2Id })).status).toBe(403);
    // Nobody reaches another government's task.
    expect((await reassign(api['otherAdmin']!, selfTask, { assigneeId: staff2Id })).status).toBe(
      404,
    );

    // The new assignee must be able to work the stage, in this government.
    const planner = await reassign(chief, selfTask, { assigneeId: f.plannerId });
    expect(planner.status).toBe(422);
    expect(await errorOf(planner)).toMatchObject({
      code: 'assignee_cannot_act',
      details: { requiredRole: 'evaluator' },
    });
    const foreign = await reassign(chief, selfTask, { assigneeId: other.evaluatorId });
    expect(foreign.status).toBe(422);
    expect((await errorOf(foreign)).code).toBe('invalid_assignee');
    const same = await reassign(chief, selfTask, { assigneeId: f.evaluatorId });
    expect(same.status).toBe(409);
    expect((await errorOf(same)).code).toBe('already_assigned');
    expect((await reassign(chief, selfTask, { assigneeId: 'nope' })).status).toBe(400);
    expect((await reassign(chief, selfTask, { assigneeId: staff2Id, extra: true })).status).toBe(
      400,
    );
    expect(
      (await reassign(chief, '00000000-0000-4000-8000-000000000000', { assigneeId: staff2Id }))
        .status,
    ).toBe(404);

    const moved = await reassign(chief, selfTask, {
      assigneeId: staff2Id,
      comment: '担当替えのため',
    });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({
      taskId: selfTask,
      sheetId: sheet(2),
      assigneeId: staff2Id,
      state: { stage: 'self_evaluation', claimedBy: staff2Id },
    });
    const inbox = (await (await api['staff2']!.get('/tasks')).json()) as {
      items: { taskId: string; kind: string }[];
    };
    expect(inbox.items).toContainEqual(expect.objectContaining({ taskId: selfTask, kind: 'mine' }));
    const oldInbox = (await (await ev.get('/tasks')).json()) as { items: { taskId: string }[] };
    expect(oldInbox.items.map((i) => i.taskId)).not.toContain(selfTask);
    // The new assignee can act; the old one cannot.
    expect((await ev.send('POST', `/sheets/${sheet(2)}/submit`, {})).status).toBe(403);
    expect((await api['staff2']!.send('POST', `/sheets/${sheet(2)}/submit`, {})).status).toBe(200);
    const comments = (await (await chief.get(`/sheets/${sheet(2)}/comments`)).json()) as {
      body: string;
      authorName: string;
    }[];
    expect(comments).toContainEqual(
      expect.objectContaining({ body: '担当替えのため', authorName: '課長 二郎' }),
    );

    // An administrator reassigns the chief's group task to another chief of the section.
    const chiefTask = await eventually(() => openTaskOf(ds(), sheet(2)));
    expect(chiefTask.stage).toBe('section_chief');
    expect((await reassign(api['admin']!, chiefTask.id, { assigneeId: chief2Id })).status).toBe(
      200,
    );
    const chief2Inbox = (await (await api['chief2']!.get('/tasks')).json()) as {
      items: { taskId: string; kind: string }[];
    };
    expect(chief2Inbox.items).toContainEqual(
      expect.objectContaining({ taskId: chiefTask.id, kind: 'mine' }),
    );
    // A closed task cannot be reassigned.
    expect((await api['chief2']!.send('POST', `/sheets/${sheet(2)}/approve`, {})).status).toBe(200);
    const closed = await reassign(api['admin']!, chiefTask.id, { assigneeId: f.chiefId });
    expect(closed.status).toBe(409);
    expect((await errorOf(closed)).code).toBe('task_closed');
  });

  it('bulk-approves up to 100 tasks through the single approve path, reporting each task', async () => {
    const t3 = await atChief(3);
    const t4 = await atChief(4);
    const selfTask = await started(5); // the evaluator's step: not the chief's to approve
    const bTask = (
      await ds().query<{ id: string }[]>(
        `INSERT INTO task (government_id, cycle_id, sheet_id, fiscal_year, project_code, project_name, section_id, stage, round,
                           candidate_role, candidate_scope_kind, candidate_scope_id, due_date)
         VALUES ($1, $2, $3, $4, $5, '財政事業', $6, 'section_chief', 1, 'section_chief', 'section', $6, '2026-06-30') RETURNING id`,
        [f.governmentId, f.cycleId, b.sheetId, f.fiscalYear, b.projectCode, b.sectionId],
      )
    )[0]!.id;
    const unknown = '00000000-0000-4000-8000-000000000001';
    const chief = api['chief']!;

    const res = await chief.send('POST', '/tasks/bulk-approve', {
      taskIds: [t3, t4, t3, bTask, unknown, selfTask],
      comment: 'まとめて承認',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      results: {
        taskId: string;
        sheetId: string | null;
        ok: boolean;
        status: number;
        stage?: string;
        error?: { code: string; message: string; messageJa: string };
      }[];
      approved: number;
      failed: number;
    };
    expect(body.approved).toBe(2);
    expect(body.failed).toBe(3);
    expect(body.results.map((r) => [r.taskId, r.ok, r.status, r.error?.code])).toEqual([
      [t3, true, 200, undefined],
      [t4, true, 200, undefined],
      [bTask, false, 404, 'not_found'],
      [unknown, false, 404, 'not_found'],
      [selfTask, false, 403, 'not_your_task'],
    ]);
    expect(body.results[0]).toMatchObject({ sheetId: sheet(3), stage: 'planning_office' });
    expect(body.results[2]!.sheetId).toBeNull(); // another section's sheet stays unnamed
    for (const r of body.results.filter((x) => !x.ok)) {
      expect(Object.keys(r.error!).sort()).toEqual(['code', 'message', 'messageJa']);
    }
    // The approvals went through the workflow: versions and the comment are there.
    const versions = (await (await chief.get(`/sheets/${sheet(3)}/versions`)).json()) as {
      action: string;
    }[];
    expect(versions.map((v) => v.action)).toEqual(['submit', 'approve']);
    const comments = (await (await chief.get(`/sheets/${sheet(4)}/comments`)).json()) as {
      body: string;
    }[];
    expect(comments.map((c) => c.body)).toContain('まとめて承認');

    // Already done: reported per task, not a failure of the request.
    const again = await chief.send('POST', '/tasks/bulk-approve', { taskIds: [t3] });
    expect(again.status).toBe(200);
    const againBody = (await again.json()) as { results: { error?: { code: string } }[] };
    expect(againBody.results[0]!.error?.code).toBe('task_closed');

    // An evaluator cannot approve; more than 100 is a 422; none is a 400.
    expect(
      (await api['evaluator']!.send('POST', '/tasks/bulk-approve', { taskIds: [selfTask] })).status,
    ).toBe(403);
    const many = Array.from(
      { length: 101 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const tooMany = await chief.send('POST', '/tasks/bulk-approve', { taskIds: many });
    expect(tooMany.status).toBe(422);
    expect(await errorOf(tooMany)).toMatchObject({
      code: 'too_many_tasks',
      details: { max: 100, received: 101 },
    });
    expect((await chief.send('POST', '/tasks/bulk-approve', { taskIds: [] })).status).toBe(400);
    expect((await chief.send('POST', '/tasks/bulk-approve', { taskIds: ['x'] })).status).toBe(400);

    // Each task is audited on its own, with its sheet and outcome.
    const page = await auditWhere(api['admin']!, `?action=sheets.approve&limit=200`, (p) =>
      p.items.some((i) => i.details?.['bulk'] === true && i.targetId === selfTask),
    );
    const bulk = page.items.filter((i) => i.details?.['bulk'] === true);
    expect(bulk).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ targetId: t3, sheetId: sheet(3), outcome: 'ok' }),
        expect.objectContaining({ targetId: t4, sheetId: sheet(4), outcome: 'ok' }),
        expect.objectContaining({ targetId: selfTask, outcome: 'not_your_task', status: 403 }),
      ]),
    );
    expect(bulk.every((i) => i.userName === '課長 二郎')).toBe(true);
  });

  it('takes comments per sheet and stage from whoever may see the sheet, within limits', async () => {
    const ev = api['evaluator']!;
    const post = (a: Api, id: string, body: unknown) =>
      a.send('POST', `/sheets/${id}/comments`, body);

    const created = await post(ev, sheet(0), { body: '  確認をお願いします  ' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      body: '確認をお願いします',
      stage: 'self_evaluation',
      round: 1,
      authorId: f.evaluatorId,
      authorName: '担当 一郎',
      createdAt: expect.any(String) as unknown,
    });
    expect(
      (await post(api['planner']!, sheet(0), { body: '二次評価の観点', stage: 'planning_office' }))
        .status,
    ).toBe(201);
    // A committee member comments only on sheets selected for the committee.
    expect((await post(api['committee']!, sheet(1), { body: '外部評価の意見' })).status).toBe(201);
    expect((await post(api['committee']!, sheet(0), { body: '意見' })).status).toBe(404);
    // Chief B cannot see section A's sheets; nobody reaches another government.
    expect((await post(api['chiefB']!, sheet(0), { body: '意見' })).status).toBe(404);
    expect((await post(api['otherAdmin']!, sheet(0), { body: '意見' })).status).toBe(404);
    // Limits and stages.
    expect((await post(ev, sheet(0), { body: '' })).status).toBe(400);
    expect((await post(ev, sheet(0), { body: '   ' })).status).toBe(400);
    expect((await post(ev, sheet(0), { body: 'あ'.repeat(4001) })).status).toBe(400);
    expect((await post(ev, sheet(0), { body: 'ok', author: 'x' })).status).toBe(400);
    expect((await post(ev, sheet(0), { body: 'a\u0000b' })).status).toBe(400);
    // A lone surrogate (a JSON escape with no UTF-8 form) is refused, saying where, instead of
    // being stored as U+FFFD; a real pair (an emoji) is kept as typed.
    const lone = await post(ev, sheet(0), { body: 'a\uD800b' });
    expect(lone.status).toBe(400);
    const loneError = await errorOf(lone);
    expect(loneError.message).toBe('Invalid input: body: contains a lone UTF-16 surrogate');
    expect(loneError.messageJa).toContain('body');
    const emoji = await post(api['committee']!, sheet(1), { body: '確認👍' });
    expect(emoji.status).toBe(201);
    expect(((await emoji.json()) as { body: string }).body).toBe('確認👍');
    const badStage = await post(ev, sheet(0), { body: 'ok', stage: 'no_such_stage' });
    expect(badStage.status).toBe(422);
    expect((await errorOf(badStage)).code).toBe('unknown_stage');

    const list = (await (await ev.get(`/sheets/${sheet(0)}/comments`)).json()) as {
      body: string;
      stage: string;
      authorName: string;
    }[];
    expect(list.map((c) => [c.stage, c.body, c.authorName])).toEqual([
      ['self_evaluation', '確認をお願いします', '担当 一郎'],
      ['planning_office', '二次評価の観点', '企画 三郎'],
    ]);
  });

  it('audits sign-ins, sign-outs and every mutating request; administrators search and export their own government', async () => {
    const admin = api['admin']!;
    // The test's own day in Tokyo (taken before its requests, so a run across midnight still
    // finds them in the date window below).
    const firstDay = tokyoDateOf(new Date());
    // A failed sign-in with the e-mail tried, a successful one, a sign-out.
    const wrong = await system.fetch('/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'audit-test/1.0' },
      body: JSON.stringify({
        email: 'nobody@example.jp',
        password: 'x',
        governmentCode: f.governmentCode,
      }),
    });
    expect(wrong.status).toBe(401);
    const token = await signIn(system, f.governmentCode, emailOf(f, 'planning'));
    expect((await as(system, token).send('POST', '/auth/sign-out')).status).toBe(204);
    // A request a guard rejects is audited too, under its route's action name.
    const rejected = await api['evaluator']!.send(
      'POST',
      `/tasks/00000000-0000-4000-8000-000000000002/reassign`,
      { assigneeId: staff2Id },
    );
    expect(rejected.status).toBe(403);

    const page = await auditWhere(admin, '?limit=200', (p) =>
      p.items.some((i) => i.action === 'tasks.reassign' && i.outcome === 'forbidden'),
    );
    const failed = page.items.find(
      (i) => i.action === 'auth.sign_in' && i.email === 'nobody@example.jp',
    );
    expect(failed).toMatchObject({
      outcome: 'invalid_credentials',
      status: 401,
      userId: null,
      userAgent: 'audit-test/1.0',
      ip: expect.stringMatching(/127\.0\.0\.1/) as unknown,
      requestId: wrong.headers.get('x-request-id'),
    });
    expect(page.items).toContainEqual(
      expect.objectContaining({
        action: 'auth.sign_in',
        userId: f.plannerId,
        userName: '企画 三郎',
        outcome: 'ok',
      }),
    );
    expect(page.items).toContainEqual(
      expect.objectContaining({ action: 'auth.sign_out', userId: f.plannerId, outcome: 'ok' }),
    );
    expect(page.items).toContainEqual(
      expect.objectContaining({
        action: 'tasks.reassign',
        userId: f.evaluatorId,
        outcome: 'forbidden',
        status: 403,
      }),
    );
    // Every action of the earlier tests, with its sheet.
    const actions = new Set(page.items.map((i) => i.action));
    for (const action of [
      'sheets.submit',
      'sheets.approve',
      'sheets.add_comment',
      'tasks.reassign',
      'tasks.bulk_approve',
    ])
      expect([action, actions.has(action)]).toEqual([action, true]);
    expect(page.items).toContainEqual(
      expect.objectContaining({ action: 'sheets.submit', sheetId: sheet(2), outcome: 'ok' }),
    );
    // Newest first.
    const times = page.items.map((i) => i.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(JSON.stringify(page)).not.toContain('correct horse');

    // Filters: user, action, sheet, free text, dates; cursor pagination covers everything once.
    const byUser = (await (await admin.get(`/admin/audit?userId=${staff2Id}`)).json()) as AuditPage;
    expect(byUser.items.length).toBeGreaterThan(0);
    expect(byUser.items.every((i) => i.userId === staff2Id)).toBe(true);
    const bySheet = (await (
      await admin.get(`/admin/audit?sheetId=${sheet(2)}&action=tasks.reassign`)
    ).json()) as AuditPage;
    expect(
      bySheet.items.every((i) => i.action === 'tasks.reassign' && i.sheetId === sheet(2)),
    ).toBe(true);
    expect(bySheet.items.map((i) => i.outcome).sort()).toEqual(
      [
        'already_assigned',
        'assignee_cannot_act',
        'forbidden',
        'invalid_assignee',
        'ok',
        'ok',
        'task_closed',
      ].sort(),
    );
    const text = (await (await admin.get(`/admin/audit?q=NOBODY@example`)).json()) as AuditPage;
    expect(text.items.map((i) => i.email)).toEqual(['nobody@example.jp']);
    const future = (await (await admin.get(`/admin/audit?from=2999-01-01`)).json()) as AuditPage;
    expect(future.items).toEqual([]);
    const today = tokyoDateOf(new Date());
    const past = (await (await admin.get(`/admin/audit?to=2000-01-01`)).json()) as AuditPage;
    expect(past.items).toEqual([]);
    const window = (await (
      await admin.get(`/admin/audit?from=${firstDay}&to=${today}&limit=200`)
    ).json()) as AuditPage;
    expect(window.items.length).toBeGreaterThan(0);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await admin.get(
        `/admin/audit?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const p = (await res.json()) as AuditPage;
      seen.push(...p.items.map((i) => i.id));
      cursor = p.nextCursor;
    } while (cursor);
    const [{ n }] = (await ds().query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_log WHERE government_id = $1`,
      [f.governmentId],
    )) as [{ n: number }];
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(page.items.length);
    expect(seen.length).toBeLessThanOrEqual(n);
    for (const bad of ['?limit=0', '?cursor=nope', '?from=yesterday', '?userId=1', '?x=1'])
      expect([bad, (await admin.get(`/admin/audit${bad}`)).status]).toEqual([bad, 400]);

    // CSV export of the same query: UTF-8 with BOM, a header, one row per entry.
    const csv = await admin.get(`/admin/audit/export?action=auth.sign_in`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\n');
    expect(lines[0]).toMatch(/^日時 \(UTC\),利用者ID,利用者,メールアドレス,操作/);
    expect(lines.slice(1).every((l) => l.includes('auth.sign_in'))).toBe(true);
    expect(lines.some((l) => l.includes('nobody@example.jp'))).toBe(true);

    // Administrators only, and only their own government.
    expect((await api['chief']!.get('/admin/audit')).status).toBe(403);
    expect((await api['planner']!.get('/admin/audit/export')).status).toBe(403);
    const foreign = (await (
      await api['otherAdmin']!.get('/admin/audit?limit=200')
    ).json()) as AuditPage;
    expect(foreign.items.some((i) => i.userId === f.evaluatorId)).toBe(false);
    expect(foreign.items.some((i) => i.email === 'nobody@example.jp')).toBe(false);
  });

  it('keeps the audit log append-only', async () => {
    const [row] = await ds().query<{ id: string }[]>(`SELECT id FROM audit_log LIMIT 1`);
    const state = async (sql: string) =>
      ds()
        .query(sql, sql.includes('$1') ? [row!.id] : [])
        .then(
          () => 'ok',
          (e: { driverError?: { code?: string }; code?: string }) => e.driverError?.code ?? e.code,
        );
    expect(await state(`UPDATE audit_log SET outcome = 'ok' WHERE id = $1`)).toBe('23000');
    expect(await state(`DELETE FROM audit_log WHERE id = $1`)).toBe('23000');
    expect(await state(`TRUNCATE audit_log`)).toBe('23000');
  });

  it('serves the OpenAPI document and Swagger UI without signing in, for every route, bodies from the zod schemas', async () => {
    const res = await system.fetch('/api/docs-json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
            parameters?: { name: string; in: string }[];
            security?: unknown[];
          }
        >
      >;
    };
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/auth/sign-in',
      '/tasks',
      '/tasks/{id}/reassign',
      '/tasks/bulk-approve',
      '/sheets/{id}',
      '/sheets/{id}/comments',
      '/admin/audit',
      '/admin/audit/export',
      '/health',
    ])
      expect([path, path in doc.paths]).toEqual([path, true]);
    const reassign = doc.paths['/tasks/{id}/reassign']!['post']!;
    expect(reassign.requestBody?.content['application/json']?.schema).toMatchObject({
      type: 'object',
      required: ['assigneeId'],
      additionalProperties: false,
      properties: { assigneeId: { type: 'string', format: 'uuid' } },
    });
    expect(reassign.security).toEqual(expect.arrayContaining([{ bearer: [] }]));
    expect(doc.paths['/auth/sign-in']!['post']!.security ?? []).toEqual([]);
    const inboxQuery = doc.paths['/tasks']!['get']!.parameters!.map((p) => `${p.in}:${p.name}`);
    expect(inboxQuery).toEqual(expect.arrayContaining(['query:stage', 'query:cursor', 'query:q']));
    const ui = await system.fetch('/api/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
  });
});
