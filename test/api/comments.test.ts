import { publishSignal } from '@hyoka/workflows/sheet/messages';
import { workflowIds } from '@hyoka/workflows/ids';
import {
  createCycleFixture,
  eventually,
  startSheet,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { as, emailOf, setPassword, signIn, type Api } from './helpers';
import { addPerson, openTaskOf, addAdministrator } from './people';

interface ErrorBody {
  error: { code: string; message: string; messageJa: string; details?: unknown };
}
interface CommentView {
  id: string;
  stage: string;
  body: string;
  authorId: string;
  audience: string;
  action: string | null;
}
interface VersionSummary {
  versionNo: number;
  stage: string;
  action: string;
  reason: string | null;
}

/**
 * Who reads which comment. One sheet selected for the committee goes through the whole pipeline
 * (一次評価 → 課長承認 → 二次評価 → 外部評価 → 公表) on a real workflow, with a send-back exchange
 * between the evaluator and the chief, comments addressed to the committee, and comments by every
 * role; then every reader's thread, version reasons and mails are compared with the rule.
 */
describe('comment audiences', () => {
  let system: TestSystem;
  let f: CycleFixture;
  const api: Record<string, Api> = {};
  const ds = () => system.db.dataSource;
  const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;

  beforeAll(async () => {
    system = await startTestSystem();
    f = await createCycleFixture(ds(), { sheets: 2, selectedForCommittee: () => true });
    await addPerson(ds(), f, 'head', '部長 七郎', 'department_head', {
      kind: 'department',
      id: f.departmentId,
    });
    await addAdministrator(ds(), f);
    await addPerson(ds(), f, 'staff2', '担当 五郎', 'evaluator', {
      kind: 'section',
      id: f.sectionId,
    });
    for (const id of [f.evaluatorId, f.chiefId, f.plannerId, f.committeeId]) {
      await setPassword(ds(), id);
    }
    for (const [key, name] of [
      ['evaluator', 'staff'],
      ['staff2', 'staff2'],
      ['chief', 'chief'],
      ['head', 'head'],
      ['planner', 'planning'],
      ['admin', 'admin'],
      ['committee', 'committee'],
    ] as const) {
      api[key] = as(system, await signIn(system, f.governmentCode, emailOf(f, name)));
    }
  });
  afterAll(async () => {
    await system?.close();
  });

  const sheetId = () => f.sheets[0]!.sheetId;
  const post = (who: string, path: string, body: unknown) =>
    api[who]!.send('POST', `/sheets/${sheetId()}${path}`, body);
  const ok = async (res: Response | Promise<Response>, status = 200) => {
    const r = await res;
    if (r.status !== status) throw new Error(`${r.status}: ${await r.text()}`);
    return r;
  };
  const comment = async (who: string, body: string, audience?: string) =>
    (await (
      await ok(post(who, '/comments', { body, ...(audience ? { audience } : {}) }), 201)
    ).json()) as CommentView;
  const thread = async (who: string) => {
    const res = await api[who]!.get(`/sheets/${sheetId()}/comments`);
    expect(res.status).toBe(200);
    return (await res.json()) as CommentView[];
  };

  it('shows each role exactly the comments addressed to it; the committee never reads the internal send-back exchange', async () => {
    await startSheet(system.temporal, system.taskQueue, f, 0, { selectedForCommittee: true });
    await eventually(() => openTaskOf(ds(), sheetId()));

    // 一次評価 (round 1): a note among evaluators, then the submission with a comment for the chief.
    const note = await comment('evaluator', 'E0 担当内メモ：指標の出典を確認中', 'self_evaluation');
    expect(note.audience).toBe('self_evaluation');
    await ok(post('evaluator', '/submit', { comment: 'E1 提出します。指標を更新しました' }));
    // 課長承認: the chief sends it back (the internal exchange).
    await ok(
      post('chief', '/send-back', {
        toStage: 'self_evaluation',
        comment: 'C2 差戻し：成果指標の実績値を確認してください',
      }),
    );
    // 一次評価 (round 2): the evaluator answers, resubmits.
    await comment('evaluator', 'E3 実績値を決算書と照合して修正しました');
    await ok(post('evaluator', '/submit', {}));
    // The chief writes one note for the committee too, then approves with an internal note.
    await comment('chief', 'C4 委員会へ：本事業は来年度に統合予定です', 'committee');
    await ok(post('chief', '/approve', { comment: 'C5 承認。来年度予算は要調整' }));
    // 二次評価: the department head (no stage of their own in this pipeline) and the planning office.
    await comment('head', 'H6 部内で予算配分を検討します');
    // A send-back whose comment would not reach the stage it goes back to is refused.
    const unreachable = await post('planner', '/send-back', {
      toStage: 'section_chief',
      comment: '差戻し',
      audience: 'self_evaluation',
    });
    expect(unreachable.status).toBe(422);
    expect(await errorOf(unreachable)).toMatchObject({
      code: 'audience_excludes_target',
      details: { field: 'audience' },
    });
    const planningTask = await eventually(() => openTaskOf(ds(), sheetId()));
    expect(planningTask.stage).toBe('planning_office');
    await ok(
      api['admin']!.send('POST', `/tasks/${planningTask.id}/reassign`, {
        assigneeId: f.plannerId,
        comment: 'A7 企画課の担当者を割り当てます',
      }),
    );
    await comment('planner', 'P8 委員会へ：費用対効果を重点的に審議願います', 'committee');
    await ok(post('planner', '/approve', { comment: 'P9 二次評価完了（庁内限り）' }));
    // 外部評価: the committee member, and an administrator speaking to the stage at work.
    await comment('committee', 'M10 成果指標の設定根拠を説明してください');
    await comment('admin', 'A11 委員会の審議日程は9月です');
    await ok(
      post('committee', '/send-back', {
        toStage: 'planning_office',
        comment: 'M12 二次評価の意見を補足してください',
      }),
    );

    const all = ['E0', 'E1', 'C2', 'E3', 'C4', 'C5', 'H6', 'A7', 'P8', 'P9', 'M10', 'A11', 'M12'];
    const except = (...hidden: string[]) => all.filter((c) => !hidden.includes(c));
    // Every audience reaches back to the first stage, so the section's evaluators read all of
    // it; each later stage reads less: only what is addressed to it or to a stage after it.
    const expected: Record<string, string[]> = {
      evaluator: all,
      staff2: all,
      chief: except('E0'),
      head: except('E0'),
      planner: all,
      admin: all,
      committee: ['C4', 'P8', 'M10', 'A11', 'M12'],
    };
    for (const [who, tags] of Object.entries(expected)) {
      const seen = (await thread(who)).map((c) => c.body.slice(0, c.body.indexOf(' ')));
      expect([who, seen]).toEqual([who, tags]);
    }

    // Each comment says who it is for: the default is the author's own stage (an evaluator's
    // reaches the stage that reviews it); an administrator writes for the stage at work.
    const audiences = Object.fromEntries(
      (await thread('admin')).map((c) => [c.body.slice(0, c.body.indexOf(' ')), c.audience]),
    );
    expect(audiences).toEqual({
      E0: 'self_evaluation',
      E1: 'section_chief',
      C2: 'section_chief',
      E3: 'section_chief',
      C4: 'committee',
      C5: 'section_chief',
      H6: 'section_chief',
      A7: 'planning_office',
      P8: 'committee',
      P9: 'planning_office',
      M10: 'committee',
      A11: 'committee',
      M12: 'committee',
    });

    // The versions' reasons follow the comments they were given with.
    const reasons = async (who: string) =>
      ((await (await api[who]!.get(`/sheets/${sheetId()}/versions`)).json()) as VersionSummary[])
        .filter((v) => v.action !== 'publish')
        .map((v) => [v.action, v.reason?.slice(0, v.reason.indexOf(' ')) ?? null]);
    const steps = (...tags: (string | null)[]) =>
      ['submit', 'send_back', 'submit', 'approve', 'approve', 'send_back'].map((a, i) => [
        a,
        tags[i] ?? null,
      ]);
    expect(await reasons('evaluator')).toEqual(steps('E1', 'C2', null, 'C5', 'P9', 'M12'));
    expect(await reasons('planner')).toEqual(steps('E1', 'C2', null, 'C5', 'P9', 'M12'));
    expect(await reasons('committee')).toEqual(steps(null, null, null, null, null, 'M12'));
    const sendBack = (
      (await (
        await api['committee']!.get(`/sheets/${sheetId()}/versions`)
      ).json()) as VersionSummary[]
    ).find((v) => v.action === 'send_back')!;
    const one = await api['committee']!.get(`/sheets/${sheetId()}/versions/${sendBack.versionNo}`);
    expect(((await one.json()) as VersionSummary).reason).toBeNull();

    // The send-back mail quotes its comment to the evaluator: its audience reaches that stage.
    const mails = await ds().query<{ to_address: string; body_text: string }[]>(
      `SELECT to_address, body_text FROM mail_outbox WHERE sheet_id = $1 AND kind = 'sent_back' ORDER BY created_at`,
      [sheetId()],
    );
    expect(mails.map((m) => m.to_address)).toContain(emailOf(f, 'staff'));
    expect(mails.find((m) => m.to_address === emailOf(f, 'staff'))!.body_text).toContain('> C2');
  });

  it('lets the writer choose the audience, with clear errors, and says what the caller may choose', async () => {
    const view = (await (await api['planner']!.get(`/sheets/${sheetId()}`)).json()) as {
      commentAudiences: string[];
      defaultCommentAudience: string;
    };
    expect(view.commentAudiences).toEqual([
      'self_evaluation',
      'section_chief',
      'planning_office',
      'committee',
      'publication',
    ]);
    expect(view.defaultCommentAudience).toBe('planning_office');
    const committeeView = (await (await api['committee']!.get(`/sheets/${sheetId()}`)).json()) as {
      defaultCommentAudience: string;
    };
    expect(committeeView.defaultCommentAudience).toBe('committee');

    for (const audience of ['mayor', 'Committee', '']) {
      const res = await post('planner', '/comments', { body: 'x', audience });
      expect([audience, res.status]).toEqual([audience, audience === 'mayor' ? 422 : 400]);
      if (res.status === 422) {
        const error = await errorOf(res);
        expect(error.code).toBe('unknown_audience');
        expect(error.message).toContain('audience');
        expect(error.messageJa).toContain('宛先');
      }
    }
    // Nothing was written by the refused requests.
    expect((await thread('planner')).some((c) => c.body === 'x')).toBe(false);
  });

  it('takes comments while the sheet waits at the publication stage, and none once it is published', async () => {
    // A second sheet through every stage without a word: it waits for the publication.
    const id = f.sheets[1]!.sheetId;
    const act = (who: string, action: string) =>
      ok(api[who]!.send('POST', `/sheets/${id}/${action}`, {}));
    await startSheet(system.temporal, system.taskQueue, f, 1, { selectedForCommittee: true });
    await eventually(() => openTaskOf(ds(), id));
    await act('evaluator', 'submit');
    await act('chief', 'approve');
    await act('planner', 'approve');
    await act('committee', 'approve');
    const waiting = (await (await api['planner']!.get(`/sheets/${id}`)).json()) as {
      stage: string;
      status: string;
    };
    expect(waiting).toMatchObject({ stage: 'publication', status: 'in_progress' });

    const write = (who: string, body: string) =>
      api[who]!.send('POST', `/sheets/${id}/comments`, { body });
    const planning = await ok(write('planner', 'P1 最終決定を記録しました'), 201);
    expect(await planning.json()).toMatchObject({
      stage: 'publication',
      audience: 'planning_office',
    });
    const member = await ok(write('committee', 'M2 公表前に誤字を一件見つけました'), 201);
    expect(await member.json()).toMatchObject({ stage: 'publication', audience: 'committee' });
    const bodies = async (who: string) =>
      ((await (await api[who]!.get(`/sheets/${id}/comments`)).json()) as CommentView[]).map((c) =>
        c.body.slice(0, 2),
      );
    expect(await bodies('evaluator')).toEqual(['P1', 'M2']);
    expect(await bodies('committee')).toEqual(['M2']);

    await system.temporal.workflow
      .getHandle(workflowIds.sheet(f.governmentCode, f.fiscalYear, f.sheets[1]!.projectCode))
      .signal(publishSignal);
    await eventually(async () => {
      const rows = await ds().query<{ status: string }[]>(
        `SELECT status FROM sheet WHERE id = $1`,
        [id],
      );
      return rows[0]?.status === 'published' ? true : undefined;
    });
    const closed = await write('planner', '公表後のコメント');
    expect([closed.status, (await errorOf(closed)).code]).toEqual([409, 'sheet_closed']);
  });
});
