import { FixedClock } from '@hyoka/config';
import {
  SheetVersionEntity,
  type AuditInsert,
  type NewCommentRow,
  type NewTask,
  type Queryable,
  type Repositories,
} from '@hyoka/persistence';
import type { EntityManager } from 'typeorm';
import { createSheetActivities, type TransitionCommand } from './sheet.activities';

/**
 * The sheet activities against in-memory repositories: no database, no Temporal. Shows the seam
 * (activities reach the database only through `repositories`) and pins what a transition writes.
 */

const SHEET = '00000000-0000-4000-8000-000000000001';
const GOV = '00000000-0000-4000-8000-0000000000aa';
const CHIEF = '00000000-0000-4000-8000-0000000000c1';
const EVALUATOR = '00000000-0000-4000-8000-0000000000e1';

/** A repository's methods, answering at once or with a promise. */
type Given<T> = {
  [K in keyof T]?: T[K] extends (...args: infer A) => Promise<infer R>
    ? (...args: A) => R | Promise<R>
    : never;
};

/** A repository from the methods given; calling one the test did not give throws. */
function fake<T extends object>(name: string, given: Given<T>): T {
  return new Proxy(given, {
    get(target, key) {
      const method: unknown = target[key as keyof T];
      if (typeof method !== 'function')
        throw new Error(`${name}.${String(key)} is not part of this fake`);
      const call = method as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => Promise.resolve(call(...args));
    },
  }) as T;
}

interface OpenTaskRow extends NewTask {
  status: 'open' | 'completed';
  outcome: string | null;
  claimedBy: string | null;
}

/** One sheet at section review, in memory, and what the activities wrote. */
function inMemory() {
  const state = {
    sheet: {
      stage: 'section_review',
      round: 1,
      status: 'in_progress' as string,
      content: { a: 1 },
    },
    versions: [] as { versionNo: number; transitionKey: string | null; action: string }[],
    comments: [] as NewCommentRow[],
    tasks: [] as OpenTaskRow[],
    audit: [] as AuditInsert[],
    transactions: 0,
    /** The manager the statements of the open transaction must run on. */
    tx: null as Queryable | null,
  };
  const inTx = (m: Queryable) => {
    if (m !== state.tx) throw new Error('a statement ran outside the transition');
  };
  const repositories: Repositories = {
    transaction: async <T>(work: (m: EntityManager) => Promise<T>): Promise<T> => {
      state.transactions++;
      const manager = { query: () => Promise.reject(new Error('no SQL')) } as unknown;
      state.tx = manager as Queryable;
      try {
        return await work(manager as EntityManager);
      } finally {
        state.tx = null;
      }
    },
    sheets: fake<Repositories['sheets']>('sheets', {
      lockForTransition: (_id, m) => {
        inTx(m!);
        return { content: state.sheet.content, cycle_id: 'cycle' };
      },
      commentContext: () => ({
        pipeline: [
          { key: 'self_evaluation', role: 'evaluator' },
          { key: 'section_review', role: 'section_chief' },
          { key: 'planning_review', role: 'planning_office' },
        ],
        selected: false,
      }),
      move: (to, m) => {
        inTx(m!);
        Object.assign(state.sheet, { stage: to.stage, round: to.round, status: to.status });
      },
    }),
    versions: fake<Repositories['versions']>('versions', {
      versionNoOfTransition: (_sheet, key) =>
        state.versions.find((v) => v.transitionKey === key)?.versionNo,
      append: (input, m) => {
        inTx(m!);
        const versionNo = state.versions.length + 1;
        state.versions.push({
          versionNo,
          transitionKey: input.transitionKey ?? null,
          action: input.action,
        });
        return Object.assign(new SheetVersionEntity(), { id: `version-${versionNo}`, versionNo });
      },
    }),
    comments: fake<Repositories['comments']>('comments', {
      insert: (comment, m) => {
        inTx(m!);
        state.comments.push(comment);
      },
    }),
    tasks: fake<Repositories['tasks']>('tasks', {
      completeOpen: (sheetId, outcome, _by, m) => {
        inTx(m!);
        for (const t of state.tasks)
          if (t.sheetId === sheetId && t.status === 'open')
            Object.assign(t, { status: 'completed', outcome });
      },
      open: (task) => {
        if (!state.tasks.some((t) => t.stage === task.stage && t.round === task.round))
          state.tasks.push({ ...task, status: 'open', outcome: null, claimedBy: null });
      },
      openTaskRecipients: () => [],
      claim: (task, userId) => {
        for (const t of state.tasks)
          if (t.stage === task.stage && t.round === task.round && t.status === 'open')
            t.claimedBy = userId;
      },
    }),
    cycles: fake('cycles', {}),
    publications: fake('publications', {}),
    outbox: fake<Repositories['outbox']>('outbox', { insert: (rows) => rows.length }),
    users: fake<Repositories['users']>('users', { displayName: () => 'Chief' }),
    audit: fake<Repositories['audit']>('audit', {
      insert: (row, m) => {
        inTx(m!);
        state.audit.push(row);
      },
    }),
  };
  state.tasks.push({
    sheetId: SHEET,
    stage: 'section_review',
    round: 1,
    assigneeUserId: null,
    candidateRole: 'section_chief',
    candidateScopeKind: 'section',
    candidateScopeId: GOV,
    dueDate: null,
    deadlineAt: null,
    status: 'open',
    outcome: null,
    claimedBy: null,
  });
  const activities = createSheetActivities({
    repositories,
    publicUrl: 'http://hyoka.test',
    clock: new FixedClock(new Date('2026-06-01T01:02:03Z')),
  });
  return { state, activities };
}

const sendBack: TransitionCommand = {
  sheetId: SHEET,
  governmentId: GOV,
  fiscalYear: 2026,
  transitionKey: 'send_back/section_review/1',
  action: 'send_back',
  actorId: CHIEF,
  fromStage: 'section_review',
  fromRound: 1,
  comment: '指標の根拠を追記してください',
  validate: false,
  next: {
    stage: 'self_evaluation',
    round: 2,
    assignment: { kind: 'user', userId: EVALUATOR },
    dueDate: '2026-07-10',
    deadlineAt: null,
  },
  nextStage: 'self_evaluation',
  status: 'in_progress',
  audit: {
    action: 'sheets.send_back',
    targetType: 'sheets',
    targetId: SHEET,
    method: 'POST',
    path: `/sheets/${SHEET}/send-back`,
    ip: '127.0.0.1',
    userAgent: 'jest',
    requestId: 'req-1',
    idempotencyKey: 'key-1',
    details: null,
  },
};

describe('sheet activities on in-memory repositories', () => {
  it('a send-back writes its version, its comment, the next task and the move in one transaction', async () => {
    const { state, activities } = inMemory();
    await expect(activities.applyTransition(sendBack)).resolves.toEqual({ versionNo: 1 });
    expect(state.transactions).toBe(1);
    expect(state.versions).toEqual([
      { versionNo: 1, transitionKey: 'send_back/section_review/1', action: 'send_back' },
    ]);
    // The chief's own stage is the audience, and it reaches the stage the sheet goes back to.
    expect(state.comments).toEqual([
      {
        governmentId: GOV,
        sheetId: SHEET,
        stage: 'section_review',
        round: 1,
        authorId: CHIEF,
        body: '指標の根拠を追記してください',
        audience: 'section_review',
        sheetVersionId: 'version-1',
      },
    ]);
    expect(
      state.tasks.map((t) => [t.stage, t.round, t.status, t.outcome, t.assigneeUserId]),
    ).toEqual([
      ['section_review', 1, 'completed', 'send_back', null],
      ['self_evaluation', 2, 'open', null, EVALUATOR],
    ]);
    expect(state.sheet).toMatchObject({
      stage: 'self_evaluation',
      round: 2,
      status: 'in_progress',
    });
    // The request's audit entry commits with the transition.
    expect(state.audit).toEqual([
      expect.objectContaining({
        governmentId: GOV,
        userId: CHIEF,
        sheetId: SHEET,
        action: 'sheets.send_back',
        outcome: 'ok',
        requestId: 'req-1',
        details: JSON.stringify({ idempotencyKey: 'key-1' }),
        at: new Date('2026-06-01T01:02:03Z'),
      }),
    ]);
  });

  it('a retried transition finds its version and writes nothing twice', async () => {
    const { state, activities } = inMemory();
    await activities.applyTransition(sendBack);
    await expect(activities.applyTransition(sendBack)).resolves.toEqual({ versionNo: 1 });
    expect(state.versions).toHaveLength(1);
    expect(state.comments).toHaveLength(1);
    expect(state.tasks).toHaveLength(2);
    expect(state.audit).toHaveLength(1);
  });

  it('claiming a group task records who took it', async () => {
    const { state, activities } = inMemory();
    await activities.claimTask({
      sheetId: SHEET,
      stage: 'section_review',
      round: 1,
      userId: CHIEF,
    });
    expect(state.tasks[0]?.claimedBy).toBe(CHIEF);
  });
});
