import { addBusinessDays, isBusinessDay, tokyoToday } from '@hyoka/calendar';
import { builtinTemplates, STAGE_DEFINITIONS } from '@hyoka/domain';
import { ensureBuiltinTemplates } from '@hyoka/persistence';
import { workflowIds } from '@hyoka/workflows/ids';
import { approveUpdate, submitUpdate } from '@hyoka/workflows/sheet/messages';
import { sheetStateQuery } from '@hyoka/workflows/sheet/messages';
import { parse } from 'csv-parse/sync';
import { as, emailOf, setPassword, signIn, type Api } from '../api/helpers';
import { errorOf } from '../admin/support';
import { eventually } from '../support/cycle-fixture';
import {
  createPublicationFixture,
  publicationContent,
  runCycleToPublication,
  type PublicationFixture,
} from '../support/publication-fixture';
import { runDigest } from '../reminders/support';
import { startTestSystem, type TestSystem } from '../support/system';

interface Programme {
  id: string;
  code: string;
  name: { ja: string; en: string };
  nameEn: string | null;
  isDefault: boolean;
  cycleCount: number;
}
interface CycleDetail {
  id: string;
  fiscalYear: number;
  status: string;
  workflowId: string;
  programme: { id: string; code: string; name: { ja: string; en: string } };
  participants: { sheetId: string; projectCode: string; personInChargeId: string | null }[];
}
interface InboxBody {
  items: {
    taskId: string;
    projectCode: string;
    programme: { code: string; name: { ja: string } };
  }[];
  programmes: { code: string; name: { ja: string; en: string }; n: number }[];
  counts: Record<string, number>;
}

/** Today if a business day, else the next one: the digest's day. */
function digestDay(): string {
  let d = tokyoToday();
  while (!isBusinessDay(d)) d = addBusinessDays(d, 1);
  return d;
}

describe('evaluation programmes: several evaluations of one government in one fiscal year', () => {
  let system: TestSystem;
  let f: PublicationFixture;
  let admin: Api;
  let staff: Api;
  const programmes: Record<string, Programme> = {};
  const cycles: Record<string, CycleDetail> = {};
  const day = digestDay();
  const firstDue = addBusinessDays(day, 1);

  const post = async <T>(path: string, body: unknown, status = 201): Promise<T> => {
    const res = await admin.send('POST', path, body);
    if (res.status !== status) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const calendarFor = (stages: readonly string[], gap: number) =>
    Object.fromEntries(stages.map((s, i) => [s, addBusinessDays(firstDue, i * gap)]));

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createPublicationFixture(ds, 2);
    await ensureBuiltinTemplates(ds.manager, builtinTemplates);
    await setPassword(ds, f.evaluatorId);
    await setPassword(ds, f.plannerId);
    admin = as(system, await signIn(system, f.governmentCode, emailOf(f, 'admin')));
    staff = as(system, await signIn(system, f.governmentCode, emailOf(f, 'staff')));
  });
  afterAll(async () => {
    await system?.close();
  });

  it('has the default programme 事務事業評価, and creates, checks and renames others', async () => {
    const listed = (await (await admin.get('/admin/programmes')).json()) as Programme[];
    expect(listed).toEqual([
      expect.objectContaining({
        code: 'jimu-jigyo',
        name: { ja: '事務事業評価', en: 'Administrative project evaluation' },
        isDefault: true,
        cycleCount: 1,
      }),
    ]);
    programmes['jimu-jigyo'] = listed[0]!;

    // A code that could be read as a fiscal year in a URL is refused, naming the field.
    const digits = await admin.send('POST', '/admin/programmes', { code: '2026', nameJa: '年度' });
    expect(digits.status).toBe(422);
    const problem = (
      (await errorOf(digits)).details as { problems: { path: string[]; message: { ja: string } }[] }
    ).problems[0]!;
    expect(problem.path).toEqual(['code']);
    expect(problem.message.ja).toContain('2026');

    programmes['shisaku'] = await post<Programme>('/admin/programmes', {
      code: 'shisaku',
      nameJa: '施策評価',
      nameEn: 'Policy measure evaluation',
      sortOrder: 1,
    });
    programmes['gyokaku'] = await post<Programme>('/admin/programmes', {
      code: 'gyokaku',
      nameJa: '行革プラン',
      sortOrder: 2,
    });
    // No English name: the Japanese one stands in.
    expect(programmes['gyokaku'].name).toEqual({ ja: '行革プラン', en: '行革プラン' });
    const twice = await admin.send('POST', '/admin/programmes', { code: 'shisaku', nameJa: 'x' });
    expect(twice.status).toBe(409);
    expect((await errorOf(twice)).code).toBe('programme_exists');

    const renamed = await admin.send('PATCH', `/admin/programmes/${programmes['gyokaku'].id}`, {
      nameJa: '行財政改革アクションプラン',
      nameEn: 'Reform action plan',
    });
    expect(renamed.status).toBe(200);
    programmes['gyokaku'] = (await renamed.json()) as Programme;
    expect(programmes['gyokaku']).toMatchObject({
      code: 'gyokaku',
      name: { ja: '行財政改革アクションプラン', en: 'Reform action plan' },
    });
    const order = ((await (await admin.get('/admin/programmes')).json()) as Programme[]).map(
      (p) => p.code,
    );
    expect(order).toEqual(['jimu-jigyo', 'shisaku', 'gyokaku']);
    // The default programme stays.
    const del = await admin.send('DELETE', `/admin/programmes/${programmes['jimu-jigyo'].id}`);
    expect(del.status).toBe(409);
  });

  it('runs three programmes in one fiscal year, each with its own template, pipeline, calendar and workflow ids', async () => {
    const ds = system.db.dataSource;
    // 事務事業評価 (the default programme) runs as it always did, under its old workflow ids.
    await runCycleToPublication(system, f);

    // 施策評価: its own layout (a copy of the fixture's with its own key and title) and pipeline.
    const shisakuTemplate = (
      await ds.query<{ id: string }[]>(
        `INSERT INTO template (government_id, key, version, name_ja, name_en, definition, status)
       VALUES ($1, 'test/shisaku-sheet', 1, '施策評価シート', 'Policy measure sheet', $2, 'active') RETURNING id`,
        [f.governmentId, JSON.stringify({ ...f.template, key: 'test/shisaku-sheet' })],
      )
    )[0]!.id;
    const shisakuStages = ['self_evaluation', 'planning_office', 'publication'] as const;
    const everyone = f.sheets.map((s) => s.projectCode);
    const projects = await ds.query<{ id: string }[]>(
      `SELECT id FROM project WHERE government_id = $1 ORDER BY code`,
      [f.governmentId],
    );
    const withEvaluator = projects.map((p) => ({
      projectId: p.id,
      personInChargeId: f.evaluatorId,
    }));
    cycles['shisaku'] = (
      await post<{ cycle: CycleDetail }>('/admin/cycles', {
        fiscalYear: f.fiscalYear,
        programmeId: programmes['shisaku']!.id,
        templateId: shisakuTemplate,
        pipeline: shisakuStages.map((k) => ({ key: k, role: STAGE_DEFINITIONS[k].role })),
        calendar: calendarFor(shisakuStages, 10),
        projects: withEvaluator,
      })
    ).cycle;
    // 行革プラン: the built-in action-plan layout (seed 000's) with its own pipeline and calendar.
    const actionPlan = (
      await ds.query<{ id: string }[]>(
        `SELECT id FROM template WHERE government_id IS NULL AND key = 'builtin/action-plan'`,
      )
    )[0]!.id;
    cycles['gyokaku'] = (
      await post<{ cycle: CycleDetail }>('/admin/cycles', {
        fiscalYear: f.fiscalYear,
        programmeId: programmes['gyokaku']!.id,
        templateId: actionPlan,
        calendar: calendarFor(
          ['self_evaluation', 'section_chief', 'planning_office', 'publication'],
          15,
        ),
        projects: withEvaluator,
      })
    ).cycle;
    // One cycle per programme and year: the same programme twice is refused, naming it.
    const again = await admin.send('POST', '/admin/cycles', {
      fiscalYear: f.fiscalYear,
      programmeId: programmes['gyokaku']!.id,
      templateId: actionPlan,
      calendar: calendarFor(
        ['self_evaluation', 'section_chief', 'planning_office', 'publication'],
        15,
      ),
    });
    expect(again.status).toBe(409);
    const exists = await errorOf(again);
    expect(exists.code).toBe('cycle_exists');
    expect(exists.messageJa).toContain('行財政改革アクションプラン');

    for (const code of ['shisaku', 'gyokaku']) {
      const c = cycles[code]!;
      expect(c.programme.code).toBe(code);
      expect(c.workflowId).toBe(`cycle/${f.governmentCode}/${f.fiscalYear}/${code}`);
      expect(c.participants.map((p) => p.projectCode)).toEqual(everyone);
    }
    // The fixture's content fits the 施策評価 layout (a copy of its own).
    for (const [i, p] of cycles['shisaku'].participants.entries())
      await ds.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
        p.sheetId,
        JSON.stringify(publicationContent(i, f.sectionId, f.fiscalYear)),
      ]);
    for (const code of ['shisaku', 'gyokaku']) {
      const res = await admin.send('POST', `/admin/cycles/${cycles[code]!.id}/open`);
      expect([code, res.status]).toEqual([code, 200]);
    }
    // Each sheet runs under its programme's id; the same project codes in two programmes of one
    // year are two workflows.
    for (const code of ['shisaku', 'gyokaku'])
      for (const projectCode of everyone) {
        const id = workflowIds.sheet(f.governmentCode, f.fiscalYear, projectCode, code);
        expect(id).toBe(`sheet/${f.governmentCode}/${f.fiscalYear}/${code}/${projectCode}`);
        const state = await eventually(async () => {
          try {
            return await system.temporal.workflow.getHandle(id).query(sheetStateQuery);
          } catch {
            return undefined;
          }
        });
        expect(state.stage).toBe('self_evaluation');
      }
    const programmeOf = await ds.query<{ code: string; n: number }[]>(
      `SELECT pr.code, count(*)::int AS n FROM cycle c JOIN programme pr ON pr.id = c.programme_id
        WHERE c.government_id = $1 AND c.fiscal_year = $2 GROUP BY pr.code ORDER BY pr.code`,
      [f.governmentId, f.fiscalYear],
    );
    expect(programmeOf).toEqual([
      { code: 'gyokaku', n: 1 },
      { code: 'jimu-jigyo', n: 1 },
      { code: 'shisaku', n: 1 },
    ]);
  });

  it("shows the person's tasks of every programme in the inbox, filtered and counted by programme", async () => {
    const inbox = await eventually(async () => {
      const body = (await (await staff.get('/tasks')).json()) as InboxBody;
      return body.items.length === 4 ? body : undefined;
    });
    expect(inbox.programmes).toEqual([
      { code: 'shisaku', name: { ja: '施策評価', en: 'Policy measure evaluation' }, n: 2 },
      {
        code: 'gyokaku',
        name: { ja: '行財政改革アクションプラン', en: 'Reform action plan' },
        n: 2,
      },
    ]);
    const only = (await (await staff.get('/tasks?programme=gyokaku')).json()) as InboxBody;
    expect(only.items.map((i) => i.programme.code)).toEqual(['gyokaku', 'gyokaku']);
    expect(only.items[0]!.programme.name.ja).toBe('行財政改革アクションプラン');
    // The badges still count every programme under the filter.
    expect(only.programmes.map((p) => [p.code, p.n])).toEqual([
      ['shisaku', 2],
      ['gyokaku', 2],
    ]);
    const bad = await staff.get('/tasks?programme=2026');
    expect(bad.status).toBe(400);
  });

  it('sends a person with tasks in two programmes one digest, grouped by programme', async () => {
    const result = await runDigest(system.temporal, system.taskQueue, f, day);
    expect(result.failed).toBe(0);
    const mails = await system.db.dataSource.query<
      { subject: string; body_text: string; body_html: string }[]
    >(
      `SELECT subject, body_text, body_html FROM mail_outbox
        WHERE kind = 'digest' AND recipient_user_id = $1 AND business_day = $2`,
      [f.evaluatorId, day],
    );
    expect(mails).toHaveLength(1);
    const text = mails[0]!.body_text;
    const shisaku = text.indexOf('◆ 施策評価 (2)');
    const gyokaku = text.indexOf('◆ 行財政改革アクションプラン (2)');
    expect(shisaku).toBeGreaterThan(-1);
    expect(gyokaku).toBeGreaterThan(shisaku);
    // Each programme lists both projects under it.
    for (const code of f.sheets.map((s) => s.projectCode)) {
      expect(text.slice(shisaku, gyokaku)).toContain(`[${code}]`);
      expect(text.slice(gyokaku)).toContain(`[${code}]`);
    }
    expect(mails[0]!.body_html).toContain('施策評価 (2)</h3>');
    // The finished 事務事業評価 has nothing to remind of.
    expect(text).not.toContain('事務事業評価');
  });

  it('publishes each programme to its own portal section and open data; old URLs redirect', async () => {
    const shisaku = cycles['shisaku']!;
    for (const [stage, userId, update] of [
      ['self_evaluation', f.evaluatorId, submitUpdate],
      ['planning_office', f.plannerId, approveUpdate],
    ] as const)
      for (const p of shisaku.participants)
        await system.temporal.workflow
          .getHandle(workflowIds.sheet(f.governmentCode, f.fiscalYear, p.projectCode, 'shisaku'))
          .executeUpdate(update, { args: [{ actor: { userId }, expect: { stage, round: 1 } }] });
    const closed = await admin.send('POST', `/admin/cycles/${shisaku.id}/close`);
    expect(closed.status).toBe(200);
    const gov = f.governmentCode;
    const page = async (path: string) => {
      const res = await system.fetch(path, { redirect: 'manual' });
      return { status: res.status, location: res.headers.get('location'), text: await res.text() };
    };
    const list = await eventually(async () => {
      const p = await page(`/public/${gov}/shisaku/${f.fiscalYear}`);
      // Sheets publish one by one: wait for both.
      return p.status === 200 && p.text.includes('P00001') && p.text.includes('P00002')
        ? p
        : undefined;
    });
    expect(list.text).toContain('施策評価');
    expect(list.text).toContain(`/public/${gov}/shisaku/${f.fiscalYear}/P00001`);
    expect(list.text).not.toContain(`/public/${gov}/jimu-jigyo/${f.fiscalYear}/P00001`);

    const own = await page(`/public/${gov}/jimu-jigyo/${f.fiscalYear}`);
    expect(own.status).toBe(200);
    expect(own.text).toContain(`/public/${gov}/jimu-jigyo/${f.fiscalYear}/P00001`);
    expect(own.text).not.toContain('/shisaku/');

    // The government's page lists its programmes side by side (行革プラン has published nothing).
    const home = await page(`/public/${gov}`);
    expect(home.text).toContain('事務事業評価');
    expect(home.text).toContain('施策評価');
    expect(home.text).not.toContain('行財政改革アクションプラン');
    expect(home.text.indexOf('事務事業評価')).toBeLessThan(home.text.indexOf('施策評価'));

    const sheet = await page(`/public/${gov}/shisaku/${f.fiscalYear}/P00001`);
    expect(sheet.status).toBe(200);
    // Not published in 行革プラン: no page there.
    expect((await page(`/public/${gov}/gyokaku/${f.fiscalYear}/P00001`)).status).toBe(404);
    expect((await page(`/public/${gov}/no-such/${f.fiscalYear}`)).status).toBe(404);

    // Open data under the programme, carrying it.
    const json = JSON.parse(
      (await page(`/public/${gov}/shisaku/${f.fiscalYear}/data/list.json`)).text,
    ) as { programme: string; rows: { programme: string; url: string }[] };
    expect(json.programme).toBe('shisaku');
    expect(json.rows.map((r) => r.programme)).toEqual(['shisaku', 'shisaku']);
    const csv = parse<Record<string, string>>(
      (await page(`/public/${gov}/jimu-jigyo/${f.fiscalYear}/data/list.utf8.csv`)).text,
      {
        columns: true,
      },
    );
    expect(csv.map((r) => r['programme'])).toEqual(['jimu-jigyo', 'jimu-jigyo']);
    expect(csv.every((r) => r['url']!.includes('/jimu-jigyo/'))).toBe(true);

    // Links published before programmes: 301 to the default programme, query kept.
    for (const [old, now] of [
      [`/public/${gov}/${f.fiscalYear}`, `/public/${gov}/jimu-jigyo/${f.fiscalYear}`],
      [
        `/public/${gov}/${f.fiscalYear}/P00001/pdf?lang=en`,
        `/public/${gov}/jimu-jigyo/${f.fiscalYear}/P00001/pdf?lang=en`,
      ],
      [
        `/public/${gov}/${f.fiscalYear}/data/list.csv`,
        `/public/${gov}/jimu-jigyo/${f.fiscalYear}/data/list.csv`,
      ],
    ]) {
      const res = await page(old);
      expect([old, res.status, res.location]).toEqual([old, 301, now]);
    }
  });

  it("runs the repository's own seeds side by side: the action plan and the management sheet in the same year", async () => {
    const ds = system.db.dataSource;
    const kanri = await post<Programme>('/admin/programmes', {
      code: 'kanri',
      nameJa: '事務事業マネジメント',
      sortOrder: 3,
    });
    const managementSheet = (
      await ds.query<{ id: string }[]>(
        `SELECT id FROM template WHERE government_id IS NULL AND key = 'builtin/management-sheet'`,
      )
    )[0]!.id;
    const created = await post<{ cycle: CycleDetail }>('/admin/cycles', {
      fiscalYear: f.fiscalYear,
      programmeId: kanri.id,
      templateId: managementSheet,
      // Every stage of the layout's own pipeline (seed 001's: through the final decision).
      calendar: calendarFor(
        (builtinTemplates.find((t) => t.key === 'builtin/management-sheet')?.pipeline ?? []).map(
          (s) => s.key,
        ),
        12,
      ),
    });
    const opened = await admin.send('POST', `/admin/cycles/${created.cycle.id}/open`);
    expect(opened.status).toBe(200);
    const running = await eventually(async () => {
      const rows = await ds.query<{ key: string; n: number }[]>(
        `SELECT t.key, count(*)::int AS n FROM task k JOIN cycle c ON c.id = k.cycle_id
           JOIN template t ON t.id = c.template_id
          WHERE c.government_id = $1 AND c.fiscal_year = $2 AND k.status = 'open'
          GROUP BY t.key ORDER BY t.key`,
        [f.governmentId, f.fiscalYear],
      );
      return rows.some((r) => r.key === 'builtin/management-sheet' && r.n === 2) ? rows : undefined;
    });
    expect(running).toEqual([
      { key: 'builtin/action-plan', n: 2 },
      { key: 'builtin/management-sheet', n: 2 },
    ]);
    const state = await system.temporal.workflow
      .getHandle(workflowIds.sheet(f.governmentCode, f.fiscalYear, 'P00001', 'kanri'))
      .query(sheetStateQuery);
    expect(state.stage).toBe('self_evaluation');
  });
});
