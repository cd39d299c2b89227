import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { csvRecords } from '../../apps/api/src/common/csv';
import { ArchiveRepository, exportGovernment } from '@hyoka/persistence';
import { workflowIds } from '@hyoka/workflows/ids';
import { cycleProgressQuery, recountUpdate } from '@hyoka/workflows/cycle/messages';
import { sheetStateQuery } from '@hyoka/workflows/sheet/messages';
import { as, emailOf, setPassword, signIn, type Api } from '../api/helpers';
import { addAdministrator, openTaskOf } from '../api/people';
import { createCycleFixture, eventually, type CycleFixture } from '../support/cycle-fixture';
import { testEnvironment } from '../support/environment';
import { startTestSystem, type TestSystem } from '../support/system';
import { runCli } from './cli';

interface OpenTask {
  readonly stage: string;
  readonly round: number;
  readonly claimed_by: string | null;
}

/**
 * A government leaves with its cycle open: the archive is imported into a fresh database and a
 * fresh Temporal namespace, the CLI recreates the running workflows, and people carry on through
 * the API of the new deployment where they stopped.
 */
describe('hyoka archive import recreates the running workflows', () => {
  let source: TestSystem;
  let target: TestSystem;
  let f: CycleFixture;
  let dir: string;
  let file: string;
  let namespace: string;
  const sheet = (i: number) => f.sheets[i]!.sheetId;

  const openTask = async (s: TestSystem, sheetId: string) =>
    (
      await s.db.dataSource.query<OpenTask[]>(
        `SELECT stage, round, claimed_by FROM task WHERE sheet_id = $1 AND status = 'open'`,
        [sheetId],
      )
    )[0];
  const taskAt = (s: TestSystem, sheetId: string, stage: string, round: number) =>
    eventually(async () => {
      const t = await openTask(s, sheetId);
      return t?.stage === stage && t.round === round ? t : undefined;
    });
  const people = async (s: TestSystem): Promise<Record<string, Api>> => {
    const api: Record<string, Api> = {};
    for (const [key, id, name] of [
      ['evaluator', f.evaluatorId, 'staff'],
      ['chief', f.chiefId, 'chief'],
      ['planner', f.plannerId, 'planning'],
    ] as const) {
      await setPassword(s.db.dataSource, id);
      api[key] = as(s, await signIn(s, f.governmentCode, emailOf(f, name)));
    }
    return api;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyoka-archive-workflows-'));
    file = path.join(dir, 'city.tar.gz');
    source = await startTestSystem();
    f = await createCycleFixture(source.db.dataSource, { sheets: 4 });
    await addAdministrator(source.db.dataSource, f);
    const admin = as(source, await signIn(source, f.governmentCode, emailOf(f, 'admin')));
    const api = await people(source);
    expect((await admin.send('POST', `/admin/cycles/${f.cycleId}/open`)).status).toBe(200);
    for (let i = 0; i < 4; i++) await taskAt(source, sheet(i), 'self_evaluation', 1);

    // Sheet 0 stays a draft; 1 waits for the chief; 2 was returned; 3 is with the planning office,
    // claimed by the planner.
    for (const i of [1, 2, 3]) {
      expect((await api['evaluator']!.send('POST', `/sheets/${sheet(i)}/submit`, {})).status).toBe(
        200,
      );
      await taskAt(source, sheet(i), 'section_chief', 1);
    }
    const back = await api['chief']!.send('POST', `/sheets/${sheet(2)}/send-back`, {
      toStage: 'self_evaluation',
      comment: '成果指標の根拠を追記してください。',
    });
    expect(back.status).toBe(200);
    await taskAt(source, sheet(2), 'self_evaluation', 2);
    expect((await api['chief']!.send('POST', `/sheets/${sheet(3)}/approve`, {})).status).toBe(200);
    await taskAt(source, sheet(3), 'planning_office', 1);
    expect((await api['planner']!.send('POST', `/sheets/${sheet(3)}/claim`, {})).status).toBe(200);
    await eventually(async () =>
      (await openTask(source, sheet(3)))?.claimed_by === f.plannerId ? true : undefined,
    );

    const out = fs.createWriteStream(file);
    await exportGovernment(new ArchiveRepository(source.db.dataSource), f.governmentCode, out, {
      csvRecords,
    });

    // A fresh namespace of the run's Temporal: nothing of the source's workflows is there.
    namespace = `import-${randomUUID().slice(0, 8)}`;
    const connection = await Connection.connect({ address: testEnvironment().temporalAddress });
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('1 day'),
      });
    } finally {
      await connection.close();
    }
    target = await startTestSystem({
      env: { TEMPORAL_NAMESPACE: namespace },
      mailDelivery: { pollMs: 200 },
    });
    // A new namespace takes a moment to reach every part of the server.
    await eventually(async () => {
      for await (const _ of target.temporal.workflow.list({ query: `WorkflowType = 'none'` }));
      return true;
    });
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const cliEnv = () => ({
    DATABASE_URL: target.db.url,
    TEMPORAL_ADDRESS: testEnvironment().temporalAddress,
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_TASK_QUEUE: target.taskQueue,
  });

  /** Executions per sheet workflow id in the target namespace (all runs, closed ones too). */
  async function sheetRuns(): Promise<Map<string, number>> {
    const runs = new Map<string, number>();
    for await (const w of target.temporal.workflow.list({
      query: `WorkflowType = 'sheetWorkflow'`,
    }))
      runs.set(w.workflowId, (runs.get(w.workflowId) ?? 0) + 1);
    return runs;
  }

  it('starts one workflow per unfinished sheet at its recorded stage, once, and people carry on', async () => {
    const imported = await runCli(['archive', 'import', '--in', file], cliEnv());
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/1 open cycles, 4 sheet workflows started, 0 running already/);

    // The same again starts nothing.
    const again = await runCli(
      ['archive', 'restore-workflows', '--government', f.governmentCode],
      cliEnv(),
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 sheet workflows started, 4 running already/);

    const ids = f.sheets.map((s) =>
      workflowIds.sheet(f.governmentCode, f.fiscalYear, s.projectCode),
    );
    const runs = await eventually(async () => {
      const r = await sheetRuns();
      return r.size === 4 ? r : undefined;
    });
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    expect([...runs.values()]).toEqual([1, 1, 1, 1]);

    // Each waits where it stood, with the recorded version, claim and due date.
    const states = await Promise.all(
      ids.map((id) => target.temporal.workflow.getHandle(id).query(sheetStateQuery)),
    );
    expect(states.map((s) => [s.stage, s.round, s.claimedBy])).toEqual([
      ['self_evaluation', 1, null],
      ['section_chief', 1, null],
      ['self_evaluation', 2, null],
      ['planning_office', 1, f.plannerId],
    ]);
    expect(states.map((s) => s.versionNo)).toEqual([0, 1, 2, 2]);
    expect(states[1]!.dueDate).toBe(f.calendar['section_chief']!.dueDate);
    const cycle = target.temporal.workflow.getHandle(
      workflowIds.cycle(f.governmentCode, f.fiscalYear),
    );
    expect(await cycle.query(cycleProgressQuery)).toMatchObject({
      status: 'running',
      sheetCount: 4,
      byStage: { self_evaluation: 2, section_chief: 1, planning_office: 1 },
    });
    const reminders = await target.temporal.workflow
      .getHandle(workflowIds.reminders(f.governmentCode))
      .describe();
    expect(reminders.status.name).toBe('RUNNING');

    // People of the imported government act through the new deployment's API.
    const api = await people(target);
    const chiefMail = emailOf(f, 'chief');
    const before = target.sink.messages().length;
    expect((await api['evaluator']!.send('POST', `/sheets/${sheet(0)}/submit`, {})).status).toBe(
      200,
    );
    await taskAt(target, sheet(0), 'section_chief', 1);
    expect((await api['chief']!.send('POST', `/sheets/${sheet(1)}/approve`, {})).status).toBe(200);
    await taskAt(target, sheet(1), 'planning_office', 1);
    expect((await api['evaluator']!.send('POST', `/sheets/${sheet(2)}/submit`, {})).status).toBe(
      200,
    );
    await taskAt(target, sheet(2), 'section_chief', 2);
    expect((await api['planner']!.send('POST', `/sheets/${sheet(3)}/approve`, {})).status).toBe(
      200,
    );
    // Not selected for the committee: it waits for publication, with no task.
    await eventually(async () => {
      const [row] = await target.db.dataSource.query<{ current_stage: string }[]>(
        `SELECT current_stage FROM sheet WHERE id = $1`,
        [sheet(3)],
      );
      return row?.current_stage === 'publication' ? true : undefined;
    });

    // Mails go out from the new deployment: the chief hears of the two sheets now waiting.
    const project = (i: number) => f.sheets[i]!.projectCode;
    for (const i of [0, 2])
      await target.sink.waitFor(
        (m) => m.id > before && m.to.includes(chiefMail) && m.text.includes(project(i)),
      );
    // The versions continue the imported history.
    const versions = await target.db.dataSource.query<{ n: number }[]>(
      `SELECT max(version_no)::int AS n FROM sheet_version WHERE sheet_id = $1`,
      [sheet(2)],
    );
    expect(versions[0]!.n).toBe(3);
    // The resumed cycle counts from the tables: asked to recount, it sees every move just made.
    const progress = await cycle.executeUpdate(recountUpdate);
    expect(progress).toMatchObject({
      status: 'running',
      sheetCount: 4,
      byStage: { self_evaluation: 0, section_chief: 2, planning_office: 1, publication: 1 },
    });

    // Still one run per sheet; the source's namespace was never touched.
    const after = await sheetRuns();
    expect([...after.values()]).toEqual([1, 1, 1, 1]);
    expect(await openTaskOf(source.db.dataSource, sheet(0))).toMatchObject({
      stage: 'self_evaluation',
    });
  });
});
