import { parse } from 'csv-parse/sync';
import { onOrAfterBusinessDay } from '@hyoka/calendar';
import { parseTemplate, STAGE_DEFINITIONS } from '@hyoka/domain';
import { workflowIds } from '@hyoka/workflows/ids';
import { workflowTypes, type WorkflowOf } from '@hyoka/workflows/workflow-types';
import type { CycleProgress } from '@hyoka/workflows/cycle/messages';
import {
  TEST_CYCLE_RECOUNT_MS,
  calendarIn,
  createCycleFixture,
  eventually,
  VALID_CONTENT,
  WORKFLOW_TEST_TEMPLATE,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { as, emailOf, setPassword, signIn, type Api } from './helpers';
import { openTaskOf } from './people';

/**
 * The workflow test layout with the management sheet's pipeline shape: 一次評価 → 課長承認 →
 * 二次評価 → 外部評価 (selected sheets) → 最終決定 (the planning office) → 公表, and a public
 * 最終決定 block editable at the decision stage only.
 */
const DECISION_TEMPLATE = (() => {
  const d = STAGE_DEFINITIONS;
  const parsed = parseTemplate({
    ...WORKFLOW_TEST_TEMPLATE,
    key: 'test/final-decision',
    pipeline: [
      d.self_evaluation,
      d.section_chief,
      d.planning_office,
      d.committee,
      d.final_decision,
      d.publication,
    ],
    blocks: [
      ...WORKFLOW_TEST_TEMPLATE.blocks,
      {
        key: 'final_decision',
        title: { ja: '最終決定', en: 'Final decision' },
        editableAt: ['final_decision'],
        visibility: 'public',
        fields: [
          {
            key: 'direction',
            type: 'multiple_choice',
            label: { ja: '今後の方向性（決定）', en: 'Decided direction' },
            required: true,
            options: [
              { id: 'keep', label: { ja: '現状維持', en: 'Keep as is' }, exclusive: true },
              { id: 'expand', label: { ja: '拡充', en: 'Expand' } },
            ],
          },
          {
            key: 'comment',
            type: 'long_text',
            label: { ja: '決定内容', en: 'Decision' },
            required: true,
            maxLength: 1000,
          },
        ],
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.template;
})();

const DECISION_TEXT = [
  '委員会の意見を踏まえ、事業を拡充する。',
  '対象を見直して現状のまま継続する。',
];
const decisionOf = (i: number) => ({
  direction: [i === 0 ? 'expand' : 'keep'],
  comment: DECISION_TEXT[i]!,
});

interface ErrorBody {
  error: {
    code: string;
    details?: { errors: { path: unknown[]; code: string; message: { ja: string; en: string } }[] };
  };
}

/** A refused draft: status, code and each error's block and code. */
const notEditable = (status: number, body: ErrorBody) => [
  status,
  body.error.code,
  (body.error.details?.errors ?? []).map((e) => [e.path[0], e.code]),
];

describe('the final decision (最終決定): its own stage, task, validation and version', () => {
  let system: TestSystem;
  let f: CycleFixture;
  const api: Record<string, Api> = {};
  let cycleResult: Promise<CycleProgress>;

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    const base = calendarIn();
    const decisionDue = new Date(Date.now() + 150 * 24 * 3600 * 1000);
    f = await createCycleFixture(ds, {
      sheets: 2,
      // Sheet 0 goes through the committee, sheet 1 skips it.
      selectedForCommittee: (i) => i === 0,
      calendar: {
        ...base,
        final_decision: {
          dueDate: decisionDue.toISOString().slice(0, 10),
          deadlineAt: decisionDue.toISOString(),
        },
      },
    });
    await ds.query(
      `UPDATE template SET definition = $2, key = $3 WHERE id = (SELECT template_id FROM cycle WHERE id = $1)`,
      [f.cycleId, JSON.stringify(DECISION_TEMPLATE), DECISION_TEMPLATE.key],
    );
    // The cycle's pipeline is data: this cycle has the decision stage, as one set up from the template.
    await ds.query(`UPDATE cycle SET pipeline = $2 WHERE id = $1`, [
      f.cycleId,
      JSON.stringify(
        DECISION_TEMPLATE.pipeline!.map(({ key, role, optional }) => ({
          key,
          role,
          ...(optional ? { optional } : {}),
        })),
      ),
    ]);
    for (const [key, id, name] of [
      ['evaluator', f.evaluatorId, 'staff'],
      ['chief', f.chiefId, 'chief'],
      ['planner', f.plannerId, 'planning'],
      ['committee', f.committeeId, 'committee'],
    ] as const) {
      await setPassword(ds, id);
      api[key] = as(system, await signIn(system, f.governmentCode, emailOf(f, name)));
    }
    const cycle = await system.temporal.workflow.start<WorkflowOf<'cycle'>>(workflowTypes.cycle, {
      taskQueue: system.taskQueue,
      workflowId: workflowIds.cycle(f.governmentCode, f.fiscalYear),
      args: [{ cycleId: f.cycleId, calendar: f.calendar, recountEveryMs: TEST_CYCLE_RECOUNT_MS }],
    });
    cycleResult = cycle.result();
    // Awaited by the third test; a failure before it must not be an unhandled rejection.
    cycleResult.catch(() => undefined);
  }, 120_000);
  afterAll(async () => {
    await system?.close();
  });

  const ds = () => system.db.dataSource;
  const sheet = (i: number) => f.sheets[i]!.sheetId;
  const taskAt = async (i: number, stage: string) => {
    const task = await eventually(async () => {
      const t = await openTaskOf(ds(), sheet(i));
      return t?.stage === stage ? t : undefined;
    });
    return task.id;
  };
  const step = async (who: string, i: number, action: 'submit' | 'approve') => {
    const res = await api[who]!.send('POST', `/sheets/${sheet(i)}/${action}`, {});
    expect({
      who,
      i,
      action,
      status: res.status,
      body: res.status === 200 ? '' : await res.text(),
    }).toEqual({ who, i, action, status: 200, body: '' });
  };
  const saveDraft = async (who: string, i: number, content: unknown) => {
    const view = (await (await api[who]!.get(`/sheets/${sheet(i)}`)).json()) as {
      draftRevision: number;
    };
    return api[who]!.send(
      'PUT',
      `/sheets/${sheet(i)}/draft`,
      { content },
      { 'if-match': `"${view.draftRevision}"` },
    );
  };
  const versionsOf = async (i: number) =>
    (
      (await (await api['planner']!.get(`/sheets/${sheet(i)}/versions`)).json()) as {
        versionNo: number;
        stage: string;
        action: string;
      }[]
    ).map((v) => `${v.stage}:${v.action}`);

  it('takes each sheet through every stage to the decision; before it, nobody may write the decision', async () => {
    for (const i of [0, 1]) {
      await taskAt(i, 'self_evaluation');
      // The evaluator's stage does not edit the decision.
      const early = await saveDraft('evaluator', i, {
        ...VALID_CONTENT,
        final_decision: decisionOf(i),
      });
      expect(notEditable(early.status, (await early.json()) as ErrorBody)).toEqual([
        422,
        'draft_invalid',
        [['final_decision', 'block_not_editable']],
      ]);
      await step('evaluator', i, 'submit');
      await taskAt(i, 'section_chief');
      await step('chief', i, 'approve');
      await taskAt(i, 'planning_office');
      // Nor does the planning office's 二次評価: only the decision stage does.
      const secondary = await saveDraft('planner', i, {
        ...VALID_CONTENT,
        final_decision: decisionOf(i),
      });
      expect(notEditable(secondary.status, (await secondary.json()) as ErrorBody)).toEqual([
        422,
        'draft_invalid',
        [['final_decision', 'block_not_editable']],
      ]);
      await step('planner', i, 'approve');
    }
    await taskAt(0, 'committee');
    await step('committee', 0, 'approve');
    const decisionTasks = [await taskAt(0, 'final_decision'), await taskAt(1, 'final_decision')];

    // The decision is the planning office's task, in its inbox with its due date.
    const inbox = (await (await api['planner']!.get('/tasks?stage=final_decision')).json()) as {
      items: { taskId: string; stage: string; dueDate: string | null }[];
      counts: Record<string, number>;
    };
    expect(inbox.items.map((t) => t.taskId).sort()).toEqual([...decisionTasks].sort());
    // Its due date is the calendar's (on a business day).
    const due = onOrAfterBusinessDay(f.calendar['final_decision']!.dueDate);
    expect(inbox.items.map((t) => t.dueDate)).toEqual([due, due]);
    expect(inbox.counts['final_decision']).toBe(2);
    // Nobody else has it.
    for (const who of ['evaluator', 'chief', 'committee']) {
      const other = (await (await api[who]!.get('/tasks')).json()) as { items: unknown[] };
      expect({ who, items: other.items }).toEqual({ who, items: [] });
    }
    const view = (await (await api['planner']!.get(`/sheets/${sheet(0)}`)).json()) as {
      stage: string;
      actions: string[];
    };
    expect(view.stage).toBe('final_decision');
    expect(view.actions).toEqual(expect.arrayContaining(['claim', 'edit_draft', 'approve']));
  }, 120_000);

  it('refuses to approve without the decision, naming each missing field; nothing is written', async () => {
    const res = await api['planner']!.send('POST', `/sheets/${sheet(0)}/approve`, {});
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe('sheet_invalid');
    const errors = error.details?.errors ?? [];
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      [['final_decision', 'direction'], 'required'],
      [['final_decision', 'comment'], 'required'],
    ]);
    expect(errors[0]!.message.ja).toContain('今後の方向性（決定）');
    expect(errors[1]!.message.en).toContain('Decision');
    expect((await openTaskOf(ds(), sheet(0)))?.stage).toBe('final_decision');
    expect(await versionsOf(0)).toEqual([
      'self_evaluation:submit',
      'section_chief:approve',
      'planning_office:approve',
      'committee:approve',
    ]);
    // The evaluator cannot write it at this stage either.
    const evaluator = await saveDraft('evaluator', 0, {
      ...VALID_CONTENT,
      final_decision: decisionOf(0),
    });
    expect(evaluator.status).toBe(403);
  });

  it('records the decision as a version of the decision stage, then the cycle publishes it', async () => {
    for (const i of [0, 1]) {
      const saved = await saveDraft('planner', i, {
        ...VALID_CONTENT,
        final_decision: decisionOf(i),
      });
      expect([saved.status, saved.status === 200 ? '' : await saved.text()]).toEqual([200, '']);
      await step('planner', i, 'approve');
    }
    const final = await cycleResult;
    expect(final).toMatchObject({ status: 'closed', published: 2 });
    expect(await versionsOf(1)).toEqual([
      'self_evaluation:submit',
      'section_chief:approve',
      'planning_office:approve',
      'final_decision:approve',
      'publication:publish',
    ]);
    const rows = await ds().query<
      { project_code: string; stage: string; action: string; decision: unknown }[]
    >(
      `SELECT p.project_code, v.stage, v.action, v.content->'final_decision' AS decision
         FROM published_sheet p JOIN sheet_version v ON v.id = p.sheet_version_id
        WHERE p.cycle_id = $1 ORDER BY p.project_code`,
      [f.cycleId],
    );
    expect(rows).toEqual(
      f.sheets.map((s, i) => ({
        project_code: s.projectCode,
        stage: 'publication',
        action: 'publish',
        decision: decisionOf(i),
      })),
    );
    // The decision's own version holds the decision.
    const decided = await ds().query<{ decision: unknown; author_id: string }[]>(
      `SELECT content->'final_decision' AS decision, author_id FROM sheet_version
        WHERE sheet_id = $1 AND stage = 'final_decision' AND action = 'approve'`,
      [sheet(0)],
    );
    expect(decided).toEqual([{ decision: decisionOf(0), author_id: f.plannerId }]);
  }, 120_000);

  it('shows the decision on the published page and in open data, not “―”', async () => {
    const base = `/public/${f.governmentCode}/jimu-jigyo/${f.fiscalYear}`;
    const page = await (await system.fetch(`${base}/${f.sheets[0]!.projectCode}`)).text();
    expect(page).toContain('最終決定');
    expect(page).toContain('今後の方向性（決定）');
    expect(page).toContain(DECISION_TEXT[0]);
    expect(page).toContain('拡充');
    const en = await (await system.fetch(`${base}/${f.sheets[0]!.projectCode}?lang=en`)).text();
    expect(en).toContain('Final decision');
    expect(en).toContain('Expand');

    const list = JSON.parse(await (await system.fetch(`${base}/data/list.json`)).text()) as {
      rows: { project_code: string; direction: string | null }[];
    };
    expect(list.rows.map((r) => [r.project_code, r.direction])).toEqual([
      [f.sheets[0]!.projectCode, '拡充'],
      [f.sheets[1]!.projectCode, '現状維持'],
    ]);
    const values = parse<Record<string, string>>(
      await (await system.fetch(`${base}/data/values.utf8.csv`)).text(),
      { columns: true },
    );
    expect(values.map((r) => [r['final_decision.direction'], r['final_decision.comment']])).toEqual(
      [
        ['expand', DECISION_TEXT[0]],
        ['keep', DECISION_TEXT[1]],
      ],
    );
    for (const row of values)
      expect([row['final_decision.direction'], row['final_decision.comment']]).not.toContain('―');
  });
});
