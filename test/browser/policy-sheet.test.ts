import { addBusinessDays, tokyoToday } from '@hyoka/calendar';
import { STAGE_DEFINITIONS } from '@hyoka/domain';
import { as, emailOf, setPassword, signIn } from '../api/helpers';
import { createPolicyTree, POLICY_TEMPLATE } from '../policy-eval/support';
import { createPublicationFixture, type PublicationFixture } from '../support/publication-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { expectNoSeriousViolations, launchBrowser, type BrowserSession } from './session';
import { fixtureCredentials, screenshot } from './support';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const STAGES = ['self_evaluation', 'planning_office', 'publication'] as const;

/** The lead section's evaluator opens the 施策評価 sheet: the aggregates of its three projects. */
describe('a policy sheet (施策評価) in the editor', () => {
  let system: TestSystem;
  let f: PublicationFixture;
  let browser: BrowserSession;
  let sheetId = '';

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const ds = system.db.dataSource;
    f = await createPublicationFixture(ds, 3);
    await setPassword(ds, f.evaluatorId);
    await createPolicyTree(ds, f.governmentId, f.sectionId);
    const admin = as(system, await signIn(system, f.governmentCode, emailOf(f, 'admin')));
    const template = await admin.send('POST', '/admin/templates', POLICY_TEMPLATE);
    const programme = await admin.send('POST', '/admin/programmes', {
      code: 'shisaku',
      nameJa: '施策評価',
    });
    const first = addBusinessDays(tokyoToday(), 5);
    const created = await admin.send('POST', '/admin/cycles', {
      fiscalYear: f.fiscalYear,
      programmeId: ((await programme.json()) as { id: string }).id,
      templateId: ((await template.json()) as { id: string }).id,
      pipeline: STAGES.map((k) => ({ key: k, role: STAGE_DEFINITIONS[k].role })),
      calendar: Object.fromEntries(STAGES.map((s, i) => [s, addBusinessDays(first, i * 10)])),
    });
    const body = (await created.json()) as { cycle: { participants: { sheetId: string }[] } };
    sheetId = body.cycle.participants[0]!.sheetId;
    browser = await launchBrowser(system.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('shows the totals, counts and the project table with names and links, in Japanese', async () => {
    const page = await browser.newPage();
    await browser.signIn(page, fixtureCredentials(f, 'staff'));
    await page.goto(`${system.baseUrl}/app/sheets/${sheetId}`);
    await page.getByText('構成事業一覧').first().waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('地域福祉の推進');
    expect(text).toContain('○ 2 / × 1 / ― 0');
    expect(text).toContain('試験事業1');
    expect(text).toContain('事業シートから集計');
    expect(UUID.test(text)).toBe(false);
    const link = page.getByRole('link', { name: '試験事業2' });
    expect(await link.getAttribute('href')).toBe(`/app/sheets/${f.sheets[1]!.sheetId}`);
    await screenshot(page, 'policy-01-sheet-editor');
    await page.getByRole('table').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'policy-02-sheet-aggregates');
    await expectNoSeriousViolations(page, 'policy sheet');
  });
});
