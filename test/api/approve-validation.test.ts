import { parseTemplate } from '@hyoka/domain';
import {
  createCycleFixture,
  eventually,
  startSheet,
  VALID_CONTENT,
  WORKFLOW_TEST_TEMPLATE,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { as, emailOf, setPassword, signIn, type Api } from './helpers';
import { openTaskOf } from './people';

/**
 * The workflow test layout plus the planning office's own block: 二次評価の方向性 and 意見 are
 * required, as in the built-in management sheet.
 */
const REVIEW_TEMPLATE = (() => {
  const parsed = parseTemplate({
    ...WORKFLOW_TEST_TEMPLATE,
    key: 'test/approve-validation',
    blocks: [
      ...WORKFLOW_TEST_TEMPLATE.blocks,
      {
        key: 'secondary',
        title: { ja: '二次評価', en: 'Secondary evaluation' },
        editableAt: ['planning_office'],
        visibility: 'public',
        fields: [
          {
            key: 'direction',
            type: 'single_choice',
            label: { ja: '二次評価の方向性', en: 'Direction' },
            required: true,
            options: [
              { id: 'keep', label: { ja: '現状維持', en: 'Keep' } },
              { id: 'improve', label: { ja: '改善', en: 'Improve' } },
            ],
          },
          {
            key: 'opinion',
            type: 'long_text',
            label: { ja: '二次評価意見', en: 'Opinion' },
            required: true,
          },
        ],
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.template;
})();

const FILLED = {
  ...VALID_CONTENT,
  secondary: { direction: 'improve', opinion: '対象を絞って継続する。' },
};

interface ErrorBody {
  error: {
    code: string;
    details?: { errors: { path: unknown[]; code: string; message: { ja: string; en: string } }[] };
  };
}

describe('approval checks the reviewer’s required fields', () => {
  let system: TestSystem;
  let f: CycleFixture;
  const api: Record<string, Api> = {};

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 3 });
    await ds.query(
      `UPDATE template SET definition = $2, key = $3 WHERE id = (SELECT template_id FROM cycle WHERE id = $1)`,
      [f.cycleId, JSON.stringify(REVIEW_TEMPLATE), REVIEW_TEMPLATE.key],
    );
    for (const [key, id, name] of [
      ['evaluator', f.evaluatorId, 'staff'],
      ['chief', f.chiefId, 'chief'],
      ['planner', f.plannerId, 'planning'],
    ] as const) {
      await setPassword(ds, id);
      api[key] = as(system, await signIn(system, f.governmentCode, emailOf(f, name)));
    }
  });
  afterAll(async () => {
    await system?.close();
  });

  const ds = () => system.db.dataSource;
  const sheet = (i: number) => f.sheets[i]!.sheetId;

  /** Sheet i submitted and approved by the chief: answers the planning office's task. */
  async function atPlanningOffice(i: number): Promise<string> {
    await startSheet(system.temporal, system.taskQueue, f, i);
    await eventually(() => openTaskOf(ds(), sheet(i)));
    expect((await api['evaluator']!.send('POST', `/sheets/${sheet(i)}/submit`, {})).status).toBe(
      200,
    );
    // Nothing is required of the chief in this layout: the approval goes through.
    expect((await api['chief']!.send('POST', `/sheets/${sheet(i)}/approve`, {})).status).toBe(200);
    const task = await eventually(() => openTaskOf(ds(), sheet(i)));
    expect(task.stage).toBe('planning_office');
    return task.id;
  }

  async function saveAsPlanner(i: number, content: unknown): Promise<void> {
    const view = (await (await api['planner']!.get(`/sheets/${sheet(i)}`)).json()) as {
      draftRevision: number;
    };
    const res = await api['planner']!.send(
      'PUT',
      `/sheets/${sheet(i)}/draft`,
      { content },
      { 'if-match': `"${view.draftRevision}"` },
    );
    expect(res.status).toBe(200);
  }

  const versionsOf = async (i: number) =>
    (
      (await (await api['planner']!.get(`/sheets/${sheet(i)}/versions`)).json()) as {
        action: string;
      }[]
    ).map((v) => v.action);

  it('refuses an approval at 二次評価 with the opinion and direction empty: 422 per cell, nothing written', async () => {
    await atPlanningOffice(0);
    const res = await api['planner']!.send('POST', `/sheets/${sheet(0)}/approve`, {});
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe('sheet_invalid');
    const errors = error.details?.errors ?? [];
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      [['secondary', 'direction'], 'required'],
      [['secondary', 'opinion'], 'required'],
    ]);
    expect(errors[0]!.message.ja).toContain('二次評価の方向性');
    expect(errors[1]!.message.en).toContain('Opinion');
    // The sheet stays where it was, with no new version.
    const view = (await (await api['planner']!.get(`/sheets/${sheet(0)}`)).json()) as {
      stage: string;
      status: string;
    };
    expect(view).toMatchObject({ stage: 'planning_office', status: 'in_progress' });
    expect(await versionsOf(0)).toEqual(['submit', 'approve']);

    // Filled in, the same approval goes through to publication.
    await saveAsPlanner(0, FILLED);
    const approved = await api['planner']!.send('POST', `/sheets/${sheet(0)}/approve`, {});
    expect(approved.status).toBe(200);
    expect(await versionsOf(0)).toEqual(['submit', 'approve', 'approve']);
  });

  it('bulk approval approves the complete sheet and reports the incomplete one’s cells in its row', async () => {
    const filledTask = await atPlanningOffice(1);
    const emptyTask = await atPlanningOffice(2);
    await saveAsPlanner(1, FILLED);
    // Only the opinion is missing on the other one.
    await saveAsPlanner(2, { ...VALID_CONTENT, secondary: { direction: 'keep' } });

    const res = await api['planner']!.send('POST', '/tasks/bulk-approve', {
      taskIds: [filledTask, emptyTask],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      approved: number;
      failed: number;
      results: {
        taskId: string;
        ok: boolean;
        status: number;
        error?: ErrorBody['error'] & { message: string; messageJa: string };
      }[];
    };
    expect([body.approved, body.failed]).toEqual([1, 1]);
    expect(body.results.map((r) => [r.taskId, r.ok, r.status, r.error?.code])).toEqual([
      [filledTask, true, 200, undefined],
      [emptyTask, false, 422, 'sheet_invalid'],
    ]);
    const row = body.results[1]!.error!;
    expect(row.messageJa).toBe('評価シートに入力漏れや誤りがあります');
    expect(row.details?.errors.map((e) => e.path)).toEqual([['secondary', 'opinion']]);
    expect(await versionsOf(2)).toEqual(['submit', 'approve']);
    expect((await openTaskOf(ds(), sheet(2)))?.stage).toBe('planning_office');
  });
});
