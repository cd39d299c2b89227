import { addBusinessDays, tokyoToday } from '@hyoka/calendar';
import { builtinTemplates, STAGE_DEFINITIONS } from '@hyoka/domain';
import { ensureBuiltinTemplates } from '@hyoka/persistence';
import { workflowIds } from '@hyoka/workflows/ids';
import { approveUpdate, submitUpdate } from '@hyoka/workflows/sheet/messages';
import type { Page } from 'playwright-core';
import { as, emailOf, setPassword, signIn, type Api } from '../api/helpers';
import { eventually } from '../support/cycle-fixture';
import {
  createPublicationFixture,
  publicationContent,
  runCycleToPublication,
  type PublicationFixture,
} from '../support/publication-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { expectNoSeriousViolations, launchBrowser, type BrowserSession } from './session';
import { fixtureCredentials, screenshot } from './support';

interface Created {
  cycle: { id: string; participants: { sheetId: string; projectCode: string }[] };
}

/**
 * Evaluation programmes in a real browser (1366×768, Japanese): the administrator's programme
 * screen, an evaluator's inbox with tasks of two programmes (filter and badges), and the public
 * portal listing the government's programmes side by side.
 */
describe('programmes in the browser', () => {
  let system: TestSystem;
  let f: PublicationFixture;
  let browser: BrowserSession;
  let admin: Api;

  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const res = await admin.send('POST', path, body);
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createPublicationFixture(ds, 2);
    await ensureBuiltinTemplates(ds.manager, builtinTemplates);
    for (const id of [f.evaluatorId, f.plannerId]) await setPassword(ds, id);
    admin = as(system, await signIn(system, f.governmentCode, emailOf(f, 'admin')));
    await runCycleToPublication(system, f);

    const due = addBusinessDays(tokyoToday(), 5);
    const calendar = (stages: readonly string[]) =>
      Object.fromEntries(stages.map((s, i) => [s, addBusinessDays(due, i * 10)]));
    const projects = (
      await ds.query<{ id: string }[]>(`SELECT id FROM project WHERE government_id = $1`, [
        f.governmentId,
      ])
    ).map((p) => ({ projectId: p.id, personInChargeId: f.evaluatorId }));
    const shisaku = await post<{ id: string }>('/admin/programmes', {
      code: 'shisaku',
      nameJa: '施策評価',
      nameEn: 'Policy measure evaluation',
      sortOrder: 1,
    });
    const gyokaku = await post<{ id: string }>('/admin/programmes', {
      code: 'gyokaku',
      nameJa: '行財政改革アクションプラン',
      nameEn: 'Reform action plan',
      sortOrder: 2,
    });
    const shisakuTemplate = (
      await ds.query<{ id: string }[]>(
        `INSERT INTO template (government_id, key, version, name_ja, name_en, definition, status)
       VALUES ($1, 'test/shisaku-sheet', 1, '施策評価シート', 'Policy measure sheet', $2, 'active') RETURNING id`,
        [f.governmentId, JSON.stringify({ ...f.template, key: 'test/shisaku-sheet' })],
      )
    )[0]!.id;
    const stages = ['self_evaluation', 'planning_office', 'publication'] as const;
    const published = await post<Created>('/admin/cycles', {
      fiscalYear: f.fiscalYear,
      programmeId: shisaku.id,
      templateId: shisakuTemplate,
      pipeline: stages.map((k) => ({ key: k, role: STAGE_DEFINITIONS[k].role })),
      calendar: calendar(stages),
      projects,
    });
    for (const [i, p] of published.cycle.participants.entries())
      await ds.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
        p.sheetId,
        JSON.stringify(publicationContent(i, f.sectionId, f.fiscalYear)),
      ]);
    await post(`/admin/cycles/${published.cycle.id}/open`, undefined);
    for (const [stage, userId, update] of [
      ['self_evaluation', f.evaluatorId, submitUpdate],
      ['planning_office', f.plannerId, approveUpdate],
    ] as const)
      for (const p of published.cycle.participants) {
        const handle = system.temporal.workflow.getHandle(
          workflowIds.sheet(f.governmentCode, f.fiscalYear, p.projectCode, 'shisaku'),
        );
        await eventually(async () => {
          try {
            await handle.executeUpdate(update, {
              args: [{ actor: { userId }, expect: { stage, round: 1 } }],
            });
            return true;
          } catch {
            return undefined;
          }
        });
      }
    await post(`/admin/cycles/${published.cycle.id}/close`, undefined);
    // The next year's 施策評価 and this year's 行革プラン wait for the evaluator.
    const actionPlan = (
      await ds.query<{ id: string }[]>(
        `SELECT id FROM template WHERE government_id IS NULL AND key = 'builtin/action-plan'`,
      )
    )[0]!.id;
    const next = await post<Created>('/admin/cycles', {
      fiscalYear: f.fiscalYear + 1,
      programmeId: shisaku.id,
      templateId: shisakuTemplate,
      pipeline: stages.map((k) => ({ key: k, role: STAGE_DEFINITIONS[k].role })),
      calendar: calendar(stages),
      projects,
    });
    const plan = await post<Created>('/admin/cycles', {
      fiscalYear: f.fiscalYear,
      programmeId: gyokaku.id,
      templateId: actionPlan,
      calendar: calendar(['self_evaluation', 'section_chief', 'planning_office', 'publication']),
      projects,
    });
    for (const c of [next, plan]) await post(`/admin/cycles/${c.cycle.id}/open`, undefined);
    await eventually(async () => {
      const rows = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM task WHERE government_id = $1 AND status = 'open'`,
        [f.governmentId],
      );
      return rows[0]?.n === 4 ? true : undefined;
    });
    browser = await launchBrowser(system.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it("shows the administrator the government's programmes and adds one", async () => {
    const page = await browser.newPage();
    await browser.signIn(page, fixtureCredentials(f, 'admin'));
    await page.goto(`${system.baseUrl}/admin/programmes`);
    const table = page.getByTestId('programmes');
    await expect(table.locator('tbody tr')).toHaveCount(3);
    await expect(table.locator('tbody tr').first()).toContainText('事務事業評価');
    await expect(table.locator('tbody tr').first()).toContainText('既定');
    await page.getByRole('button', { name: '評価の種類を追加' }).click();
    await page.getByLabel('コード（半角英小文字・数字・ハイフン）').fill('2026');
    await page.getByLabel('名称').fill('総合戦略KPI');
    await page
      .getByRole('button', { name: /追加|作成|保存/ })
      .last()
      .click();
    // The code that reads as a year is refused before anything is sent.
    await expect(page.locator('form')).toContainText('英小文字で始まる');
    await page.getByLabel('コード（半角英小文字・数字・ハイフン）').fill('sogo-kpi');
    await page
      .getByRole('button', { name: /追加|作成|保存/ })
      .last()
      .click();
    await expect(table.locator('tbody tr')).toHaveCount(4);
    await expect(table).toContainText('総合戦略KPI');
    expect((await table.allTextContents()).join(' ')).not.toContain('undefined');
    await screenshot(page, 'programmes-admin');
  });

  it('gives an evaluator with tasks in two programmes one inbox, with programme badges and filter', async () => {
    const page: Page = await browser.newPage();
    await browser.signIn(page, fixtureCredentials(f, 'staff'));
    await page.goto(`${system.baseUrl}/`);
    const rows = page.locator('.inbox-table tbody tr');
    await expect(rows).toHaveCount(4);
    const badges = page.getByRole('navigation', { name: '評価の種類ごとの件数' });
    await expect(badges).toContainText('施策評価 2');
    await expect(badges).toContainText('行財政改革アクションプラン 2');
    await expect(rows.first().locator('.badge-programme')).toBeVisible();
    await badges.getByRole('button', { name: /行財政改革アクションプラン/ }).click();
    await expect(rows).toHaveCount(2);
    for (const row of await rows.all())
      await expect(row).toContainText('行財政改革アクションプラン');
    expect((await page.locator('.inbox-table').allTextContents()).join(' ')).not.toContain(
      '施策評価',
    );
    await expectNoSeriousViolations(page, 'inbox with programmes');
    await screenshot(page, 'programmes-inbox');
  });

  it("lists the government's programmes side by side on the public portal", async () => {
    const page = await browser.newPage();
    await page.goto(`${system.baseUrl}/public/${f.governmentCode}`);
    const sections = page.locator('section.programme');
    await expect(sections).toHaveCount(2);
    await expect(sections.nth(0)).toContainText('事務事業評価');
    await expect(sections.nth(1)).toContainText('施策評価');
    expect((await page.locator('main').allTextContents()).join(' ')).not.toContain(
      '行財政改革アクションプラン',
    );
    await screenshot(page, 'programmes-portal');
    await sections.nth(1).getByRole('link', { name: '令和8年度' }).click();
    await expect(page.locator('h1')).toContainText('施策評価');
    await expect(page.locator('tbody tr')).toHaveCount(2);
    await screenshot(page, 'programmes-portal-list');
  });
});
