import { createRepositories, type Repositories } from '@hyoka/persistence';
import { createTestDatabase, type TestDatabase } from '../support/environment';
import { createMiniGovernment, type MiniGovernment } from './fixtures';

/**
 * The repositories on the real PostgreSQL, for what no API or workflow test pins: the counts and
 * rows the `UPDATE … RETURNING` helper unpacks, and the guards that make an update a no-op.
 */
describe('repositories', () => {
  let db: TestDatabase;
  let repos: Repositories;
  let gov: MiniGovernment;

  beforeAll(async () => {
    db = await createTestDatabase();
    repos = createRepositories(db.dataSource);
    gov = await createMiniGovernment(db.dataSource.manager, 'rp1');
  });
  afterAll(async () => {
    await db?.drop();
  });

  const task = () => ({ sheetId: gov.sheetId, stage: 'self_evaluation', round: 1 });

  it('tasks: opened once, flagged overdue with a count, moved, claimed and completed', async () => {
    const open = {
      ...task(),
      assigneeUserId: null,
      candidateRole: 'evaluator',
      candidateScopeKind: 'section',
      candidateScopeId: gov.sectionId,
      dueDate: '2025-05-30',
      deadlineAt: null,
    };
    await repos.tasks.open(open);
    await repos.tasks.open(open); // idempotent
    expect(await repos.tasks.markOverdue(task())).toBe(1);
    expect(await repos.tasks.markOverdue({ ...task(), round: 2 })).toBe(0);
    await repos.tasks.moveDue(task(), {
      dueDate: '2025-06-30',
      deadlineAt: '2025-06-30T08:00:00.000Z',
      overdue: false,
    });
    await repos.tasks.claim(task(), gov.userId);
    const rows = await db.dataSource.query<
      { due: string; overdue: boolean; claimed_by: string; project_code: string }[]
    >(
      `SELECT to_char(due_date, 'YYYY-MM-DD') AS due, overdue, claimed_by, project_code FROM task WHERE sheet_id = $1`,
      [gov.sheetId],
    );
    expect(rows).toEqual([
      { due: '2025-06-30', overdue: false, claimed_by: gov.userId, project_code: '010101' },
    ]);
    const found = await repos.tasks.findInGovernment(
      (await db.dataSource.query<{ id: string }[]>(`SELECT id FROM task`))[0]!.id,
      gov.governmentId,
    );
    expect(found).toMatchObject({ stage: 'self_evaluation', round: 1, claimedBy: gov.userId });
    await repos.tasks.completeOpen(gov.sheetId, 'submit', gov.userId);
    expect(await repos.tasks.markOverdue(task())).toBe(0);
  });

  it('sheets: a draft saves at the current revision only; an import of a stale one is refused', async () => {
    const saved = await repos.sheets.saveDraft({
      sheetId: gov.sheetId,
      governmentId: gov.governmentId,
      expectedRevision: 0,
      content: { a: 1 },
    });
    expect(saved).toBe(1);
    const stale = await repos.sheets.saveDraft({
      sheetId: gov.sheetId,
      governmentId: gov.governmentId,
      expectedRevision: 0,
      content: { a: 2 },
    });
    expect(stale).toBeUndefined();
    expect(await repos.sheets.draft(gov.sheetId)).toEqual({ draft_revision: 1, content: { a: 1 } });
    await repos.transaction(async (m) => {
      const update = { sheetId: gov.sheetId, content: { a: 3 }, draftRevision: 0 };
      expect(await repos.sheets.importContent(update, m)).toBe(false);
      expect(await repos.sheets.importContent({ ...update, draftRevision: 1 }, m)).toBe(true);
    });
    expect(await repos.sheets.draft(gov.sheetId)).toEqual({ draft_revision: 2, content: { a: 3 } });
  });

  it('outbox: claimed rows come back as rows; a failed one is counted and requeued', async () => {
    const row = (key: string) => ({
      governmentId: gov.governmentId,
      key,
      kind: 'digest' as const,
      recipientUserId: gov.userId,
      to: 'staff@rp1.example',
      locale: 'ja' as const,
      mail: { subject: `s ${key}`, text: 't', html: '<p>t</p>' },
    });
    expect(await repos.outbox.insert([row('k1'), row('k2')])).toBe(2);
    expect(await repos.outbox.insert([row('k1')])).toBe(0);
    const claimed = await repos.outbox.claimReady(gov.governmentId, 10, 60_000);
    expect(claimed.map((c) => [c.idempotency_key, c.attempts]).sort()).toEqual([
      ['k1', 1],
      ['k2', 1],
    ]);
    expect(await repos.outbox.claimReady(gov.governmentId, 10, 60_000)).toEqual([]);
    expect(await repos.outbox.countSending(gov.governmentId)).toBe(2);
    const [first, second] = claimed;
    await repos.outbox.markSent(first!.id, new Date(), '250 ok');
    await repos.outbox.markNotSent(second!.id, { status: 'failed', error: 'down', retryInMs: 0 });
    expect(await repos.outbox.countRetryableFailed(gov.governmentId)).toBe(1);
    expect(await repos.outbox.requeueRetryableFailed(gov.governmentId)).toBe(1);
    expect(await repos.outbox.requeueRetryableFailed(gov.governmentId)).toBe(0);

    // The API's retry of one failed mail answers the row (instants as Dates), else nothing.
    await repos.outbox.claimReady(gov.governmentId, 10, 60_000);
    await repos.outbox.markNotSent(second!.id, { status: 'failed', error: 'down', retryInMs: 0 });
    const retried = await repos.outbox.requeueFailed(second!.id, gov.governmentId);
    expect(retried).toMatchObject({ id: second!.id, status: 'pending', attempts: 0 });
    expect(retried?.createdAt).toBeInstanceOf(Date);
    expect(await repos.outbox.requeueFailed(second!.id, gov.governmentId)).toBeUndefined();
    expect(await repos.outbox.statusOf(first!.id, gov.governmentId)).toBe('sent');
  });

  it('comments: the one insert, read back by audience', async () => {
    const comment = {
      governmentId: gov.governmentId,
      sheetId: gov.sheetId,
      stage: 'self_evaluation',
      round: 1,
      authorId: gov.userId,
      body: 'for the chief',
      audience: 'section_review',
    };
    await repos.comments.insert(comment);
    const reader = {
      governmentId: gov.governmentId,
      sheetId: gov.sheetId,
      userId: '00000000-0000-4000-8000-000000000009',
    };
    const seen = (audiences: string[]) =>
      repos.comments.visibleTo({ ...reader, readsAll: false, audiences });
    expect((await seen(['section_review'])).map((c) => [c.body, c.action])).toEqual([
      ['for the chief', null],
    ]);
    expect(await seen(['self_evaluation'])).toEqual([]);
    const added = await repos.comments.add({ ...comment, body: 'alone' });
    expect(added).toMatchObject({ body: 'alone', authorName: '試験 太郎' });
    expect(added.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
