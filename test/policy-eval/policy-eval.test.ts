import { addBusinessDays, tokyoToday } from '@hyoka/calendar';
import { STAGE_DEFINITIONS, type AggregateValue } from '@hyoka/domain';
import { workflowIds } from '@hyoka/workflows/ids';
import { approveUpdate, submitUpdate } from '@hyoka/workflows/sheet/messages';
import { as, emailOf, setPassword, signIn, type Api } from '../api/helpers';
import { eventually } from '../support/cycle-fixture';
import {
  createPublicationFixture,
  expectedTotalCost,
  type PublicationFixture,
} from '../support/publication-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { appendSheetVersion, freezePublication } from '@hyoka/persistence';
import { launchBrowser } from '../browser/session';
import { screenshot } from '../browser/support';
import { createPolicyTree, linksOf, POLICY_TEMPLATE, sectionOf } from './support';

const STAGES = ['self_evaluation', 'planning_office', 'publication'] as const;

interface SheetBody {
  id: string;
  projectCode: string;
  projectName: string;
  status: string;
  content: { projects?: Record<string, AggregateValue>; evaluation?: { summary?: string } };
}

describe('policy evaluation (施策評価) over the project sheets of the same year', () => {
  let system: TestSystem;
  let f: PublicationFixture;
  let admin: Api;
  let staff: Api;
  let measureId: string;
  let policySheetId: string;
  const total = (n: number) => [0, 1, 2].slice(0, n).reduce((a, i) => a + expectedTotalCost(i), 0);

  const costOf = (sheet: SheetBody) => {
    const v = sheet.content.projects?.cost;
    return v?.of === 'cost_total' ? v.total : undefined;
  };
  const getSheet = async (api: Api): Promise<{ body: SheetBody; etag: string }> => {
    const res = await api.get(`/sheets/${policySheetId}`);
    expect(res.status).toBe(200);
    return { body: (await res.json()) as SheetBody, etag: res.headers.get('etag') ?? '' };
  };
  const setProjectSettled = async (i: number, general: number) => {
    // A correction of the project sheet's 一般財源 (last year, settled) in its draft.
    await system.db.dataSource.query(
      `UPDATE sheet SET content = jsonb_set(content, $2, to_jsonb($3::int)) WHERE id = $1`,
      [
        f.sheets[i]!.sheetId,
        ['cost', 'table', 'general', String(f.fiscalYear - 1), 'settled'],
        general,
      ],
    );
  };

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createPublicationFixture(ds, 3);
    await setPassword(ds, f.evaluatorId);
    await setPassword(ds, f.plannerId);
    admin = as(system, await signIn(system, f.governmentCode, emailOf(f, 'admin')));
    staff = as(system, await signIn(system, f.governmentCode, emailOf(f, 'staff')));
    // 政策 1 → 施策 1-1 (led by the fixture's section) with the three projects; 施策 1-2 has no
    // lead section (no sheet: nobody would write it).
    measureId = await createPolicyTree(ds, f.governmentId, f.sectionId);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('refuses an aggregate in a project template, naming the path in Japanese and English', async () => {
    const res = await admin.send('POST', '/admin/templates', {
      ...POLICY_TEMPLATE,
      key: 'test/not-policy',
      subject: 'project',
    });
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(text).toContain('blocks.0.fields.0.type');
    expect(text).toContain('集計項目は subject が');
    expect(text).toContain('aggregate fields need a template whose subject is');
  });

  it('sets up one sheet per 施策 with a lead section, under its own workflow id', async () => {
    const template = await admin.send('POST', '/admin/templates', POLICY_TEMPLATE);
    expect(template.status).toBe(201);
    const templateId = ((await template.json()) as { id: string }).id;
    const programme = await admin.send('POST', '/admin/programmes', {
      code: 'shisaku',
      nameJa: '施策評価',
      nameEn: 'Policy evaluation',
    });
    expect(programme.status).toBe(201);
    const first = addBusinessDays(tokyoToday(), 5);
    const created = await admin.send('POST', '/admin/cycles', {
      fiscalYear: f.fiscalYear,
      programmeId: ((await programme.json()) as { id: string }).id,
      templateId,
      pipeline: STAGES.map((k) => ({ key: k, role: STAGE_DEFINITIONS[k].role })),
      calendar: Object.fromEntries(STAGES.map((s, i) => [s, addBusinessDays(first, i * 10)])),
    });
    expect(created.status).toBe(201);
    const { cycle } = (await created.json()) as {
      cycle: {
        id: string;
        participants: {
          sheetId: string;
          projectId: string | null;
          policyNodeId: string | null;
          projectCode: string;
          projectName: string;
          workflowCode: string;
        }[];
      };
    };
    expect(cycle.participants).toEqual([
      expect.objectContaining({
        projectId: null,
        policyNodeId: measureId,
        projectCode: '1-1',
        projectName: '地域福祉の推進',
        workflowCode: 'policy-1-1',
      }),
    ]);
    policySheetId = cycle.participants[0]!.sheetId;
    const open = await admin.send('POST', `/admin/cycles/${cycle.id}/open`);
    expect(open.status).toBe(200);
    const id = workflowIds.sheet(f.governmentCode, f.fiscalYear, 'policy-1-1', 'shisaku');
    await eventually(async () => {
      try {
        return await system.temporal.workflow.getHandle(id).describe();
      } catch {
        return undefined;
      }
    });
  });

  it('computes the aggregates from the three project sheets and follows their changes', async () => {
    const { body } = await getSheet(staff);
    expect(body.projectCode).toBe('1-1');
    expect(body.projectName).toBe('地域福祉の推進');
    expect(body.content.projects?.cost).toEqual({
      of: 'cost_total',
      unit: 'thousand_yen',
      total: String(total(3)),
      counted: 3,
      sheets: 3,
    });
    // Sheet 2 (i = 1) missed its outcome target (75.5 < 80); the others met it.
    expect(body.content.projects?.outcomes).toMatchObject({ achieved: 2, notAchieved: 1, none: 0 });
    const table = body.content.projects?.table;
    expect(table?.of === 'project_table' && table.rows.map((r) => r.projectCode)).toEqual(
      f.sheets.map((s) => s.projectCode),
    );

    await setProjectSettled(0, 4400); // +1,000 千円
    const { body: after, etag } = await getSheet(staff);
    expect(costOf(after)).toBe(String(total(3) + 1000));

    // What the evaluator sends for an aggregate is not kept; the evaluation is.
    const sent = structuredClone(after.content);
    sent.projects = {
      ...sent.projects!,
      cost: { ...after.content.projects!.cost!, total: '1' } as AggregateValue,
    };
    sent.evaluation = { summary: '構成事業はおおむね順調である。' };
    const saved = await staff.send(
      'PUT',
      `/sheets/${policySheetId}/draft`,
      { content: sent },
      {
        'if-match': etag,
      },
    );
    expect(saved.status).toBe(200);
    const { body: reread } = await getSheet(staff);
    expect(costOf(reread)).toBe(String(total(3) + 1000));
    expect(reread.content.evaluation?.summary).toBe('構成事業はおおむね順調である。');
  });

  it('freezes the aggregates at publication: a later correction of a project sheet changes nothing published', async () => {
    const ds = system.db.dataSource;
    const handle = system.temporal.workflow.getHandle(
      workflowIds.sheet(f.governmentCode, f.fiscalYear, 'policy-1-1', 'shisaku'),
    );
    await eventually(async () => {
      const rows = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM task WHERE sheet_id = $1 AND status = 'open'`,
        [policySheetId],
      );
      return rows[0]?.n === 1 ? true : undefined;
    });
    // A change before the submission is carried by the submitted version.
    await setProjectSettled(1, 4400);
    await handle.executeUpdate(submitUpdate, {
      args: [{ actor: { userId: f.evaluatorId }, expect: { stage: 'self_evaluation', round: 1 } }],
    });
    const submitted = await ds.query<{ content: SheetBody['content'] }[]>(
      `SELECT content FROM sheet_version WHERE sheet_id = $1 ORDER BY version_no DESC LIMIT 1`,
      [policySheetId],
    );
    expect(costOf({ content: submitted[0]!.content } as SheetBody)).toBe(String(total(3) + 2000));
    await setProjectSettled(2, 4400); // before the planning office approves: still followed
    await handle.executeUpdate(approveUpdate, {
      args: [{ actor: { userId: f.plannerId }, expect: { stage: 'planning_office', round: 1 } }],
    });
    const published = await eventually(async () => {
      const rows = await ds.query<
        { projection: { content: SheetBody['content'] }; project_code: string }[]
      >(`SELECT projection, project_code FROM published_sheet WHERE sheet_id = $1`, [
        policySheetId,
      ]);
      return rows[0];
    });
    expect(published.project_code).toBe('policy-1-1');
    const frozen = String(total(3) + 3000);
    expect(costOf({ content: published.projection.content } as SheetBody)).toBe(frozen);

    // A correction of a project sheet after publication.
    await setProjectSettled(0, 9400);
    const { body } = await getSheet(staff);
    expect(body.status).toBe('published');
    expect(costOf(body)).toBe(frozen);
    const again = await ds.query<{ projection: { content: SheetBody['content'] } }[]>(
      `SELECT projection FROM published_sheet WHERE sheet_id = $1`,
      [policySheetId],
    );
    expect(again).toHaveLength(1);
    expect(costOf({ content: again[0]!.projection.content } as SheetBody)).toBe(frozen);
    // The portal page of the policy shows the frozen total, and not the corrected one.
    const page = await system.fetch(
      `/public/${f.governmentCode}/shisaku/${f.fiscalYear}/policy-1-1`,
    );
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('地域福祉の推進');
    expect(html).toContain(Number(frozen).toLocaleString('en-US'));
    expect(html).not.toContain((Number(frozen) + 5000).toLocaleString('en-US'));
  });

  it('links the published policy page to its published projects and each of them back (#16)', async () => {
    const ds = system.db.dataSource;
    // Projects 1 and 2 are published (事務事業評価); project 3 stays a draft.
    for (const s of f.sheets.slice(0, 2))
      await ds.transaction(async (m) => {
        const [row] = await m.query<{ content: unknown }[]>(
          `SELECT content FROM sheet WHERE id = $1`,
          [s.sheetId],
        );
        const version = await appendSheetVersion(m, {
          sheetId: s.sheetId,
          content: row!.content,
          authorId: null,
          stage: 'publication',
          round: 1,
          action: 'publish',
        });
        await freezePublication(m, { sheetVersionId: version.id });
      });
    const year = `/public/${f.governmentCode}`;
    const policyPath = `${year}/shisaku/${f.fiscalYear}/policy-1-1`;
    const projectPath = (i: number) =>
      `${year}/jimu-jigyo/${f.fiscalYear}/${f.sheets[i]!.projectCode}`;
    const page = async (path: string) => {
      const res = await system.fetch(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return res.text();
    };

    const policyHtml = await page(policyPath);
    expect(policyHtml).toContain('この施策の事務事業');
    const listed = linksOf(policyHtml, sectionOf('policy-projects'));
    expect(listed).toEqual([
      { href: projectPath(0), text: '試験事業1' },
      { href: projectPath(1), text: '試験事業2' },
    ]);
    // The project table's rows link where the project is published; the draft's row does not.
    const rows = linksOf(policyHtml, (el) => el.name === 'th' && el.attribs.scope === 'row');
    expect(rows).toEqual([
      { href: projectPath(0), text: f.sheets[0]!.projectCode },
      { href: projectPath(1), text: f.sheets[1]!.projectCode },
    ]);
    expect(policyHtml).toContain(f.sheets[2]!.projectCode); // named in the table, not linked
    expect(linksOf(policyHtml).map((l) => l.href)).not.toContain(projectPath(2));
    expect(policyHtml).not.toContain('試験事業3</a>');
    expect((await system.fetch(projectPath(2))).status).toBe(404);

    for (const [i, link] of listed.entries()) {
      const html = await page(link.href);
      expect(html).toContain(`<h1>試験事業${i + 1}</h1>`);
      const back = linksOf(html, (el) => el.name === 'p' && el.attribs.class === 'policy-link');
      expect(back).toEqual([{ href: policyPath, text: '施策評価: 地域福祉の推進' }]);
      expect(await page(back[0]!.href)).toContain('<h1>地域福祉の推進</h1>');
      // A project page is no policy page: no list of projects on it.
      expect(html).not.toContain('この施策の事務事業');
    }
    // In English the links keep the language.
    const en = await page(`${projectPath(0)}?lang=en`);
    expect(linksOf(en, (el) => el.name === 'p' && el.attribs.class === 'policy-link')).toEqual([
      { href: `${policyPath}?lang=en`, text: 'Policy evaluation: Community welfare' },
    ]);

    const browser = await launchBrowser(system.baseUrl);
    try {
      const tab = await browser.newPage();
      await tab.goto(`${system.baseUrl}${policyPath}`);
      // The section's heading at the top of the screen, the project table above it.
      await tab.mouse.wheel(0, 2000);
      await tab.waitForTimeout(300);
      await screenshot(tab, 'portal-policy-projects');
      await tab.getByRole('link', { name: '試験事業1' }).first().click();
      await tab.waitForURL(`**${projectPath(0)}`);
      await screenshot(tab, 'portal-project-policy-link');
      await tab.getByRole('link', { name: '施策評価: 地域福祉の推進' }).click();
      await tab.waitForURL(`**${policyPath}`);
    } finally {
      await browser.close();
    }
  });
});
