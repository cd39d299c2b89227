import * as http from 'node:http';
import { managementSheetTemplate } from '@hyoka/domain';
import {
  createCycleFixture,
  eventually,
  startSheet,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { addSectionB, as, emailOf, insertTask, setPassword, signIn, type Api } from './helpers';

/**
 * A conditional GET over plain HTTP: fetch() adds `Cache-Control: no-cache` to a request with
 * If-None-Match, which makes any server answer in full.
 */
function conditionalGet(
  system: TestSystem,
  path: string,
  token: string,
  etag: string,
): Promise<{ status: number; etag: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${system.baseUrl}${path}`,
      { headers: { authorization: `Bearer ${token}`, 'if-none-match': etag } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag }));
      },
    );
    req.on('error', reject);
  });
}

interface ErrorBody {
  error: { code: string; message: string; messageJa: string; details?: unknown };
}

describe('sheets, inbox and permissions', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let b: Awaited<ReturnType<typeof addSectionB>>;
  let other: CycleFixture;
  const api: Record<string, Api> = {};

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 4, selectedForCommittee: (i) => i === 1 });
    b = await addSectionB(ds, f);
    other = await createCycleFixture(ds, { sheets: 1 });
    const people: [string, CycleFixture, string, string][] = [
      ['evaluator', f, f.evaluatorId, 'staff'],
      ['chief', f, f.chiefId, 'chief'],
      ['chiefB', f, b.chiefId, 'chief-b'],
      ['planner', f, f.plannerId, 'planning'],
      ['committee', f, f.committeeId, 'committee'],
      ['otherPlanner', other, other.plannerId, 'planning'],
    ];
    for (const [key, fx, id, name] of people) {
      await setPassword(ds, id);
      api[key] = as(system, await signIn(system, fx.governmentCode, emailOf(fx, name)));
    }
  });
  afterAll(async () => {
    await system?.close();
  });

  const sheet = (i: number) => f.sheets[i]!.sheetId;
  const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;

  it('scopes every sheet endpoint to what the caller may see (404 otherwise, also across governments)', async () => {
    const a0 = sheet(0);
    const a1 = sheet(1); // selected for the committee
    const matrix: [string, string, number][] = [
      ['evaluator', a0, 200],
      ['evaluator', a1, 200],
      ['evaluator', b.sheetId, 404],
      ['chief', a0, 200],
      ['chief', b.sheetId, 404],
      ['chiefB', a0, 404],
      ['chiefB', b.sheetId, 200],
      ['planner', a0, 200],
      ['planner', b.sheetId, 200],
      ['committee', a0, 404],
      ['committee', a1, 200],
      ['committee', b.sheetId, 404],
      ['otherPlanner', a0, 404],
      ['otherPlanner', b.sheetId, 404],
    ];
    for (const [who, id, status] of matrix) {
      for (const path of [
        `/sheets/${id}`,
        `/sheets/${id}/versions`,
        `/sheets/${id}/comments`,
        `/sheets/${id}/versions/1`,
      ]) {
        const res = await api[who]!.get(path);
        const expected = path.endsWith('/versions/1') && status === 200 ? 404 : status;
        expect([who, path, res.status]).toEqual([who, path, expected]);
      }
      for (const action of ['submit', 'approve', 'claim']) {
        const res = await api[who]!.send('POST', `/sheets/${id}/${action}`, {});
        if (status === 404) expect([who, action, res.status]).toEqual([who, action, 404]);
        else expect([who, action, res.status]).not.toEqual([who, action, 200]);
      }
    }
    // Malformed ids are a 400, not a 500.
    expect((await api['planner']!.get('/sheets/not-a-uuid')).status).toBe(400);
  });

  it('saves drafts with optimistic locking: a second save with the same If-Match gets 412 and the current revision', async () => {
    const id = sheet(2);
    await insertTask(system.db.dataSource, f, {
      sheetId: id,
      stage: 'self_evaluation',
      dueDate: '2026-06-30',
      assignee: f.evaluatorId,
    });
    const ev = api['evaluator']!;
    const got = await ev.get(`/sheets/${id}`);
    // The tag starts with the draft revision, which is what a save's If-Match compares.
    expect(got.headers.get('etag')).toMatch(/^"0-[\w-]+"$/);
    const view = (await got.json()) as { actions: string[]; template: unknown; computed: unknown };
    expect(view.actions).toEqual(['edit_draft', 'submit']);
    expect(view.template).toBeDefined();
    expect(view.computed).toBeDefined();

    const missing = await ev.send('PUT', `/sheets/${id}/draft`, { content: {} });
    expect(missing.status).toBe(428);
    const first = await ev.send(
      'PUT',
      `/sheets/${id}/draft`,
      { content: { summary: { text: '一人目' } } },
      { 'if-match': '"0"' },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toMatch(/^"1-[\w-]+"$/);
    const second = await ev.send(
      'PUT',
      `/sheets/${id}/draft`,
      { content: { summary: { text: '二人目' } } },
      { 'if-match': '"0"' },
    );
    expect(second.status).toBe(412);
    const error = await errorOf(second);
    expect(error.code).toBe('stale_revision');
    expect(error.details).toEqual({ currentRevision: 1, content: { summary: { text: '一人目' } } });
    const [row] = await system.db.dataSource.query<{ content: unknown; draft_revision: number }[]>(
      `SELECT content, draft_revision FROM sheet WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ content: { summary: { text: '一人目' } }, draft_revision: 1 });

    // Lenient validation still rejects wrong shapes; unknown body fields are a 400.
    const bad = await ev.send(
      'PUT',
      `/sheets/${id}/draft`,
      { content: { summary: { text: 42 } } },
      { 'if-match': '"1"' },
    );
    expect(bad.status).toBe(422);
    expect(JSON.stringify((await errorOf(bad)).details)).toContain('summary');
    expect(
      (
        await ev.send(
          'PUT',
          `/sheets/${id}/draft`,
          { content: {}, revision: 1 },
          { 'if-match': '"1"' },
        )
      ).status,
    ).toBe(400);
    // Someone who does not work this step cannot save it.
    expect(
      (
        await api['planner']!.send(
          'PUT',
          `/sheets/${id}/draft`,
          { content: {} },
          { 'if-match': '"1"' },
        )
      ).status,
    ).toBe(403);
  });

  it('runs actions through the real workflow: 422 with paths, new state, 403 for an evaluator approving, 409 when stale; versions and a labelled diff', async () => {
    const id = sheet(0);
    await startSheet(system.temporal, system.taskQueue, f, 0);
    await eventually(async () => {
      const rows = await system.db.dataSource.query<unknown[]>(
        `SELECT 1 FROM task WHERE sheet_id = $1 AND status = 'open'`,
        [id],
      );
      return rows.length > 0 ? true : undefined;
    });
    const ev = api['evaluator']!;
    const chief = api['chief']!;

    // An empty draft saves (lenient) but does not submit (strict): 422 with the paths.
    expect(
      (await ev.send('PUT', `/sheets/${id}/draft`, { content: {} }, { 'if-match': '"0"' })).status,
    ).toBe(200);
    const invalid = await ev.send('POST', `/sheets/${id}/submit`, {});
    expect(invalid.status).toBe(422);
    const invalidError = await errorOf(invalid);
    expect(invalidError.code).toBe('sheet_invalid');
    const errors = (invalidError.details as { errors: { path: unknown[] }[] }).errors;
    expect(errors.map((e) => e.path)).toContainEqual(['summary', 'text']);

    expect(
      (
        await ev.send(
          'PUT',
          `/sheets/${id}/draft`,
          { content: { summary: { text: '目標を達成した。' } } },
          { 'if-match': '"1"' },
        )
      ).status,
    ).toBe(200);
    // The chief cannot act on the evaluator's step.
    expect((await chief.send('POST', `/sheets/${id}/submit`, {})).status).toBe(403);
    const submitted = await ev.send(
      'POST',
      `/sheets/${id}/submit`,
      {},
      { 'idempotency-key': 'k1' },
    );
    expect(submitted.status).toBe(200);
    expect(
      ((await submitted.json()) as { state: { stage: string; versionNo: number } }).state,
    ).toMatchObject({ stage: 'section_chief', versionNo: 1 });

    // The chief's group task is in their inbox, not in chief B's.
    const inbox = (await (await chief.get('/tasks')).json()) as {
      items: { sheetId: string; kind: string }[];
    };
    expect(inbox.items).toContainEqual(expect.objectContaining({ sheetId: id, kind: 'group' }));
    const inboxB = (await (await api['chiefB']!.get('/tasks')).json()) as {
      items: { sheetId: string }[];
    };
    expect(inboxB.items.map((i) => i.sheetId)).not.toContain(id);

    // An evaluator cannot approve (403); the chief may edit only the review block.
    expect((await ev.send('POST', `/sheets/${id}/approve`, {})).status).toBe(403);
    const view = (await (await chief.get(`/sheets/${id}`)).json()) as {
      actions: string[];
      draftRevision: number;
    };
    expect(view.actions).toEqual(['claim', 'edit_draft', 'approve', 'send_back']);
    // Claiming and releasing the group task answer the state and what the chief may do now.
    const claimed = await chief.send('POST', `/sheets/${id}/claim`, {});
    expect(claimed.status).toBe(200);
    expect(await claimed.json()).toMatchObject({
      state: { claimedBy: f.chiefId },
      actions: ['release', 'edit_draft', 'approve', 'send_back'],
    });
    const released = await chief.send('POST', `/sheets/${id}/release`, {});
    expect(released.status).toBe(200);
    expect(await released.json()).toMatchObject({ state: { claimedBy: null } });
    const locked = await chief.send(
      'PUT',
      `/sheets/${id}/draft`,
      { content: { summary: { text: '書き換え' }, review: { note: 'よい' } } },
      { 'if-match': `"${view.draftRevision}"` },
    );
    expect(locked.status).toBe(422);
    expect((await errorOf(locked)).code).toBe('draft_invalid');
    expect(
      (
        await chief.send(
          'PUT',
          `/sheets/${id}/draft`,
          { content: { summary: { text: '目標を達成した。' }, review: { note: '妥当' } } },
          { 'if-match': `"${view.draftRevision}"` },
        )
      ).status,
    ).toBe(200);

    // Send back needs a comment; then a stale approve is 409.
    const noComment = await chief.send('POST', `/sheets/${id}/send-back`, {
      toStage: 'self_evaluation',
      comment: ' ',
    });
    expect(noComment.status).toBe(400);
    expect((await errorOf(noComment)).code).toBe('comment_required');
    const approved = await chief.send('POST', `/sheets/${id}/approve`, { comment: '承認します' });
    expect(approved.status).toBe(200);
    expect(((await approved.json()) as { state: { stage: string } }).state.stage).toBe(
      'planning_office',
    );
    const stale = await chief.send('POST', `/sheets/${id}/approve`, {
      expectedStage: 'section_chief',
      expectedRound: 1,
    });
    expect(stale.status).toBe(409);
    expect((await errorOf(stale)).code).toBe('stale_task');

    const versions = (await (await chief.get(`/sheets/${id}/versions`)).json()) as {
      versionNo: number;
      action: string;
    }[];
    expect(versions.map((v) => [v.versionNo, v.action])).toEqual([
      [1, 'submit'],
      [2, 'approve'],
    ]);
    const v2 = (await (await chief.get(`/sheets/${id}/versions/2`)).json()) as {
      content: unknown;
    };
    expect(v2.content).toEqual({ summary: { text: '目標を達成した。' }, review: { note: '妥当' } });
    const diff = (await (await chief.get(`/sheets/${id}/diff?from=1&to=2&locale=ja`)).json()) as {
      changes: { label: string; text: string; kind: string }[];
    };
    expect(diff.changes).toEqual([
      expect.objectContaining({
        kind: 'added',
        label: '所見',
        text: expect.stringContaining('妥当') as unknown,
      }),
    ]);
    const comments = (await (await chief.get(`/sheets/${id}/comments`)).json()) as {
      body: string;
    }[];
    expect(comments.map((c) => c.body)).toEqual(['承認します']);
    expect((await chief.get(`/sheets/${id}/diff?from=1&to=9`)).status).toBe(404);
    expect((await chief.get(`/sheets/${id}/diff?from=1`)).status).toBe(400);
  });

  it('changes the ETag with the stage, round and status, not only the draft revision; a save compares only the revision', async () => {
    const id = sheet(3);
    await startSheet(system.temporal, system.taskQueue, f, 3);
    await eventually(async () => {
      const rows = await system.db.dataSource.query<unknown[]>(
        `SELECT 1 FROM task WHERE sheet_id = $1 AND status = 'open'`,
        [id],
      );
      return rows.length > 0 ? true : undefined;
    });
    const ev = api['evaluator']!;
    const tagOf = (res: Response) => res.headers.get('etag') ?? '';

    // Unchanged: a conditional GET answers 304.
    const first = await ev.get(`/sheets/${id}`);
    const tag0 = tagOf(first);
    expect(tag0).toMatch(/^"0-[\w-]+"$/);
    const token = await signIn(system, f.governmentCode, emailOf(f, 'staff'));
    const conditional = (tag: string) => conditionalGet(system, `/sheets/${id}`, token, tag);
    expect(await conditional(tag0)).toEqual({ status: 304, etag: tag0 });

    // A save accepts the whole tag from GET (its revision part is compared) and answers the new tag.
    const saved = await ev.send(
      'PUT',
      `/sheets/${id}/draft`,
      { content: { summary: { text: '目標を達成した。' } } },
      { 'if-match': tag0 },
    );
    expect(saved.status).toBe(200);
    const tag1 = tagOf(saved);
    expect(tag1).toMatch(/^"1-[\w-]+"$/);
    // The same tag again is stale: the draft revision moved on.
    const stale = await ev.send(
      'PUT',
      `/sheets/${id}/draft`,
      { content: { summary: { text: '別の内容' } } },
      { 'if-match': tag0 },
    );
    expect(stale.status).toBe(412);
    expect((await errorOf(stale)).code).toBe('stale_revision');
    // The save's tag is the one GET answers now.
    expect(await conditional(tag1)).toEqual({ status: 304, etag: tag1 });

    // Submitting moves the stage but not the draft revision: the cached copy is stale.
    expect((await ev.send('POST', `/sheets/${id}/submit`, {})).status).toBe(200);
    const revalidated = await conditional(tag1);
    expect(revalidated.status).toBe(200);
    const after = await ev.get(`/sheets/${id}`);
    const tag2 = tagOf(after);
    expect(revalidated.etag).toBe(tag2);
    expect(tag2).toMatch(/^"1-[\w-]+"$/);
    expect(tag2).not.toBe(tag1);
    const view = (await after.json()) as { stage: string; round: number; draftRevision: number };
    expect(view).toMatchObject({ stage: 'section_chief', round: 1, draftRevision: 1 });

    // Sent back: a new round at the first stage, again a new tag.
    const chief = api['chief']!;
    expect(
      (
        await chief.send('POST', `/sheets/${id}/send-back`, {
          toStage: 'self_evaluation',
          comment: '数値を確認してください',
        })
      ).status,
    ).toBe(200);
    expect((await conditional(tag2)).status).toBe(200);
    const back = await ev.get(`/sheets/${id}`);
    expect(tagOf(back)).not.toBe(tag2);
    expect(((await back.json()) as { round: number }).round).toBe(2);
    // The send-back's comment is listed as such; a comment on its own is not.
    expect((await ev.send('POST', `/sheets/${id}/comments`, { body: '確認しました' })).status).toBe(
      201,
    );
    const comments = (await (await ev.get(`/sheets/${id}/comments`)).json()) as {
      body: string;
      action: string | null;
    }[];
    expect(comments.map((c) => [c.body, c.action])).toEqual([
      ['数値を確認してください', 'send_back'],
      ['確認しました', null],
    ]);
  });

  it('at publication (no task), the planning office and administrators edit the publication blocks, nobody else, nothing else', async () => {
    const ds = system.db.dataSource;
    const g = await createCycleFixture(ds, { sheets: 1, content: {} });
    const id = g.sheets[0]!.sheetId;
    // The management sheet as version 1 stored it (cycles set up before the decision had a
    // stage of its own): 最終決定 edited at publication, without a task.
    const { pipeline: _pipeline, ...v2 } = managementSheetTemplate;
    const v1 = {
      ...v2,
      version: 1,
      blocks: v2.blocks.map((b) =>
        b.key === 'final_decision' ? { ...b, editableAt: ['publication'] } : b,
      ),
    };
    await ds.query(`UPDATE template SET definition = $2 WHERE government_id = $1`, [
      g.governmentId,
      JSON.stringify(v1),
    ]);
    await ds.query(
      `UPDATE sheet SET current_stage = 'publication', status = 'in_progress' WHERE id = $1`,
      [id],
    );
    const who: Record<string, Api> = {};
    for (const [key, userId, name] of [
      ['planner', g.plannerId, 'planning'],
      ['evaluator', g.evaluatorId, 'staff'],
      ['chief', g.chiefId, 'chief'],
    ] as const) {
      await setPassword(ds, userId);
      who[key] = as(system, await signIn(system, g.governmentCode, emailOf(g, name)));
    }
    const actions = async (a: Api) =>
      ((await (await a.get(`/sheets/${id}`)).json()) as { actions: string[] }).actions;
    expect(await actions(who['planner']!)).toEqual(['edit_draft']);
    expect(await actions(who['evaluator']!)).toEqual([]);
    expect(await actions(who['chief']!)).toEqual([]);

    const decision = { direction: ['expand'], comment: '市長査定により拡充する。' };
    const saved = await who['planner']!.send(
      'PUT',
      `/sheets/${id}/draft`,
      { content: { final_decision: decision } },
      { 'if-match': '"0"' },
    );
    expect(saved.status).toBe(200);
    const rows = await ds.query<{ content: { final_decision: unknown } }[]>(
      `SELECT content FROM sheet WHERE id = $1`,
      [id],
    );
    expect(rows[0]!.content.final_decision).toEqual(decision);
    // Other blocks stay as they are; the evaluator has no step here.
    const other = await who['planner']!.send(
      'PUT',
      `/sheets/${id}/draft`,
      { content: { final_decision: decision, summary: { text: '書き換え' } } },
      { 'if-match': '"1"' },
    );
    expect([other.status, (await errorOf(other)).code]).toEqual([422, 'draft_invalid']);
    const evaluator = await who['evaluator']!.send(
      'PUT',
      `/sheets/${id}/draft`,
      { content: { final_decision: decision } },
      { 'if-match': '"1"' },
    );
    expect([evaluator.status, (await errorOf(evaluator)).code]).toEqual([409, 'no_open_task']);
    // Once published, nobody edits.
    await ds.query(`UPDATE sheet SET status = 'published' WHERE id = $1`, [id]);
    expect(await actions(who['planner']!)).toEqual([]);
  });

  it('lists the inbox: mine and group tasks, filters, stable cursor pagination and counts per stage', async () => {
    const ds = system.db.dataSource;
    const g = await createCycleFixture(ds, { sheets: 7 });
    await setPassword(ds, g.evaluatorId);
    await setPassword(ds, g.chiefId);
    const ev = as(system, await signIn(system, g.governmentCode, emailOf(g, 'staff')));
    const chief = as(system, await signIn(system, g.governmentCode, emailOf(g, 'chief')));
    const s = (i: number) => g.sheets[i]!;
    const due = ['2026-05-01', '2026-05-03', '2026-05-03', '2026-05-07', null];
    for (let i = 0; i < 5; i++) {
      await insertTask(ds, g, {
        sheetId: s(i).sheetId,
        projectCode: s(i).projectCode,
        projectName: i === 3 ? '図書館運営事業' : `試験事業${i + 1}`,
        stage: 'self_evaluation',
        dueDate: due[i] ?? null,
        overdue: i === 0,
        assignee: g.evaluatorId,
      });
    }
    const group = { role: 'section_chief', scopeKind: 'section', scopeId: g.sectionId };
    await insertTask(ds, g, {
      sheetId: s(5).sheetId,
      projectCode: s(5).projectCode,
      stage: 'section_chief',
      dueDate: '2026-05-02',
      group,
    });
    await insertTask(ds, g, {
      sheetId: s(6).sheetId,
      projectCode: s(6).projectCode,
      stage: 'section_chief',
      dueDate: '2026-05-04',
      group,
      claimedBy: g.chiefId,
    });

    type Page = {
      items: {
        sheetId: string;
        kind: string;
        dueDate: string | null;
        sectionName: string;
        shared: boolean;
      }[];
      nextCursor: string | null;
      counts: Record<string, number>;
    };
    const page = async (a: Api, query: string) => {
      const res = await a.get(`/tasks${query}`);
      expect(res.status).toBe(200);
      return (await res.json()) as Page;
    };

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: Page = await page(ev, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(p.counts).toEqual({ self_evaluation: 5 });
      seen.push(...p.items.map((i) => i.sheetId));
      cursor = p.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen[0]).toBe(s(0).sheetId);
    expect(seen[3]).toBe(s(3).sheetId);
    expect(seen[4]).toBe(s(4).sheetId); // no due date: last

    expect((await page(ev, '?overdue=true')).items.map((i) => i.sheetId)).toEqual([s(0).sheetId]);
    expect((await page(ev, '?q=図書館')).items.map((i) => i.sheetId)).toEqual([s(3).sheetId]);
    expect((await page(ev, `?q=${s(1).projectCode.toLowerCase()}`)).items).toHaveLength(1);
    expect((await page(ev, '?dueBefore=2026-05-03')).items).toHaveLength(1);
    expect((await page(ev, '?stage=section_chief')).items).toHaveLength(0);
    expect(
      (await page(ev, `?fiscalYear=${g.fiscalYear}&sectionId=${g.sectionId}`)).items,
    ).toHaveLength(5);

    const chiefInbox = await page(chief, '');
    expect(chiefInbox.items.map((i) => [i.sheetId, i.kind])).toEqual([
      [s(5).sheetId, 'group'],
      [s(6).sheetId, 'mine'],
    ]);
    expect(chiefInbox.items[0]!.sectionName).toBe('企画課');
    // The chief is the section's only chief: nobody else could take the group task, so there is
    // nothing to claim (shared: false). A second active chief makes it a shared task.
    expect(chiefInbox.items.map((i) => i.shared)).toEqual([false, false]);
    const [second] = await ds.query<{ id: string }[]>(
      `INSERT INTO app_user (government_id, email, display_name) VALUES ($1, $2, '課長 四郎') RETURNING id`,
      [g.governmentId, `chief2@${g.governmentCode}.example`],
    );
    await ds.query(
      `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, 'section_chief', 'section', $3)`,
      [g.governmentId, second!.id, g.sectionId],
    );
    expect((await page(chief, '')).items.map((i) => [i.sheetId, i.kind, i.shared])).toEqual([
      [s(5).sheetId, 'group', true],
      [s(6).sheetId, 'mine', false],
    ]);
    await ds.query(`UPDATE app_user SET active = false WHERE id = $1`, [second!.id]);
    expect((await page(chief, '')).items.map((i) => i.shared)).toEqual([false, false]);
    expect(chiefInbox.counts).toEqual({ section_chief: 2 });

    for (const bad of ['?limit=101', '?limit=0', '?cursor=nope', '?overdue=yes', '?foo=1', '?q=']) {
      const res = await ev.get(`/tasks${bad}`);
      expect([bad, res.status]).toEqual([bad, 400]);
    }
  });
});
