import { tokyoToday } from '@hyoka/calendar/tokyo';
import { addBusinessDays } from '@hyoka/calendar/business-days';
import { fiscalYearOf } from '@hyoka/calendar/fiscal-year';
import type { SinkMessage } from '@hyoka/platform';
import { as, type Api } from '../api/helpers';
import { eventually, WORKFLOW_TEST_TEMPLATE } from '../support/cycle-fixture';
import { postJson, startTestSystem, type TestSystem } from '../support/system';
import { linkToken, randomGovernmentCode, runCli } from './cli';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** A mail's words without its links (a link may carry an id; the words never should). */
const prose = (text: string) => text.replace(/https?:\/\/\S+/g, '');

/**
 * A new city from a fresh start, as its people live it, on a fresh database and a real Temporal
 * server, SMTP sink and the `hyoka` command run as a child process in production mode: the
 * platform operator creates the government and invites its administrator; the administrator sets
 * a password from the mail, imports the organisation, the policy hierarchy, the people (who are
 * invited by mail) and the projects by CSV, copies the built-in sheet and makes one of the city's
 * own, sets up and opens this year's cycle; an invited evaluator sets a password from the mail,
 * finds the sheet in the inbox, fills and submits it, and the section chief approves it. Every
 * step checks what the person sees, and that nothing of a neighbouring city, and no bare id where
 * a name belongs, is shown to them.
 */
describe('a new city from a fresh start, end to end', () => {
  let system: TestSystem;
  let env: Record<string, string>;
  const code = randomGovernmentCode();
  let other = randomGovernmentCode();
  while (other === code) other = randomGovernmentCode();
  const domain = `${code}.example.lg.jp`;
  const adminEmail = `kanri@${domain}`;
  const evaluatorEmail = `tanto@${domain}`;
  const chiefEmail = `kacho@${domain}`;
  const ADMIN_PASSWORD = 'ひまわり 畑の 向こうに 青い 自転車';
  const STAFF_PASSWORD = 'くもりの 朝に 緑の 傘を さして 歩く';
  const CHIEF_PASSWORD = 'みずうみの ほとりで 赤い 風船を 見た';
  const fy = fiscalYearOf(tokyoToday());
  let admin: Api;

  beforeAll(async () => {
    system = await startTestSystem({ mailDelivery: { pollMs: 100 } });
    env = {
      NODE_ENV: 'production',
      DATABASE_URL: system.db.url,
      TEMPORAL_ADDRESS: system.config.temporalAddress!,
      TEMPORAL_TASK_QUEUE: system.taskQueue,
      PUBLIC_URL: 'https://hyoka.example.lg.jp',
    };
  });
  afterAll(() => system?.close());

  const signIn = async (governmentCode: string, email: string, password: string) => {
    const res = await postJson(system, '/auth/sign-in', { governmentCode, email, password });
    expect(res.status).toBe(200);
    return as(system, ((await res.json()) as { token: string }).token);
  };
  /** The invitation mailed to `email`: from the sink, its link used to set `password`. */
  const acceptInvitation = async (email: string, password: string): Promise<SinkMessage> => {
    const mail = await system.sink.waitFor(
      (m) => m.to.includes(email) && m.headers['x-hyoka-mail-kind'] === 'invitation',
    );
    const set = await postJson(system, '/auth/set-password', {
      token: linkToken(mail.text, 'set-password'),
      password,
    });
    expect(set.status).toBe(200);
    return mail;
  };
  const upload = (path: string, csv: string, dryRun = false) =>
    system.fetch(`${path}${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers: { authorization: adminAuth, 'content-type': 'text/csv' },
      body: csv,
    });
  let adminAuth = '';
  const json = async <T>(res: Response, status = 200): Promise<T> => {
    if (res.status !== status) throw new Error(`${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };

  it('the operator creates the city and a neighbour with the CLI; the administrator sets a password from the mail', async () => {
    const created = await runCli(
      [
        'government',
        'create',
        '--code',
        code,
        '--name-ja',
        'みどり市',
        '--name-en',
        'Midori City',
        '--admin-email',
        adminEmail,
        '--admin-name',
        '管理 花子',
      ],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const neighbour = await runCli(
      [
        'government',
        'create',
        '--code',
        other,
        '--name-ja',
        'となり町',
        '--name-en',
        'Tonari Town',
        '--admin-email',
        `admin@${other}.example.lg.jp`,
        '--admin-name',
        '隣 次郎',
      ],
      env,
    );
    expect(neighbour.code).toBe(0);

    const mail = await acceptInvitation(adminEmail, ADMIN_PASSWORD);
    expect(mail.subject).toBe('【行政評価】アカウントのご案内（パスワードの設定）');
    expect(mail.text).toContain('みどり市');
    expect(mail.text).toContain('管理 花子');
    expect(mail.text).not.toContain('となり町');
    expect(mail.text).not.toMatch(UUID);

    const res = await postJson(system, '/auth/sign-in', {
      governmentCode: code,
      email: adminEmail,
      password: ADMIN_PASSWORD,
    });
    const { token } = await json<{ token: string }>(res);
    adminAuth = `Bearer ${token}`;
    admin = as(system, token);
    const me = await json<{ government: { nameJa: string }; roles: { role: string }[] }>(
      await admin.get('/auth/me'),
    );
    expect(me.government.nameJa).toBe('みどり市');
    expect(me.roles.map((r) => r.role)).toEqual(['administrator']);
    // A fresh city: nothing in it yet.
    expect(await json<unknown[]>(await admin.get('/admin/departments'))).toEqual([]);
    expect(await json<unknown[]>(await admin.get('/admin/cycles'))).toEqual([]);
  });

  it('imports the organisation by CSV: a bad file is refused by row and column, the fixed one imports', async () => {
    // The neighbour's organisation, imported by its own administrator, must never show here.
    await acceptInvitation(`admin@${other}.example.lg.jp`, ADMIN_PASSWORD);
    const neighbour = await signIn(other, `admin@${other}.example.lg.jp`, ADMIN_PASSWORD);
    expect(
      (
        await neighbour.send('POST', '/admin/departments', {
          code: '01',
          nameJa: '隣町総務部',
          nameEn: null,
          sortOrder: 0,
          validFromFy: null,
          validToFy: null,
        })
      ).status,
    ).toBe(201);

    const bad = [
      '種別,コード,名称,部局コード,開始年度',
      '部局,01,総務部,,2020',
      '課,0101,企画課,01,2020',
      '課,0102,財政課,09,二〇二〇',
      'section,0101,重複課,01,',
    ].join('\r\n');
    const checked = await json<{
      valid: boolean;
      errors: { row: number; column: string; message: { ja: string; en: string } }[];
    }>(await upload('/admin/organisation/import', bad, true));
    expect(checked.valid).toBe(false);
    expect(checked.errors.map((e) => [e.row, e.column])).toEqual([
      [4, 'valid_from_fy'],
      [4, 'department_code'],
      [5, 'code'],
    ]);
    expect(checked.errors[1]!.message.ja).toBe(
      '4行目「department_code」: 部局コード「09」の部局がありません',
    );
    expect(checked.errors[2]!.message.ja).toBe('5行目「code」: 3行目と同じ課コードです');
    const refused = await upload('/admin/organisation/import', bad);
    expect(refused.status).toBe(422);
    expect(await json<unknown[]>(await admin.get('/admin/departments'))).toEqual([]);

    const good = [
      'kind,code,name_ja,name_en,department_code,sort_order,valid_from_fy',
      'section,0101,企画課,Planning,01,1,2020',
      'section,0102,財政課,Finance,01,2,2020',
      'department,01,総務部,General Affairs,,1,2020',
    ].join('\n');
    const imported = await json<{ created: number; updated: number }>(
      await upload('/admin/organisation/import', good),
    );
    expect(imported).toMatchObject({ created: 3, updated: 0 });
    const departments = await json<{ code: string; nameJa: string; validFromFy: number }[]>(
      await admin.get('/admin/departments'),
    );
    expect(departments.map((d) => [d.code, d.nameJa, d.validFromFy])).toEqual([
      ['01', '総務部', 2020],
    ]);
    const sections = await json<{ code: string; nameJa: string; nameEn: string }[]>(
      await admin.get('/admin/sections'),
    );
    expect(sections.map((s) => `${s.code} ${s.nameJa} ${s.nameEn}`)).toEqual([
      '0101 企画課 Planning',
      '0102 財政課 Finance',
    ]);
    // Importing the same file again changes nothing and says so.
    expect(await json(await upload('/admin/organisation/import', good))).toMatchObject({
      created: 0,
      updated: 3,
    });
  });

  it('imports the policy hierarchy, the people (invited by mail) and the projects by CSV', async () => {
    const policies = [
      'code,kind,name_ja,parent_code',
      '1,policy,安心して暮らせるまち,',
      '1-1,measure,子育て支援の充実,1',
      '1-1-1,basic_project,保育環境の整備,1-1',
    ].join('\n');
    expect(await json(await upload('/admin/policy-nodes/import', policies))).toMatchObject({
      created: 3,
      valid: true,
    });

    const users = [
      'email,display_name,roles',
      `${evaluatorEmail},担当 一郎,evaluator@section:0101`,
      `${chiefEmail},課長 二郎,section_chief@section:0101`,
    ].join('\n');
    expect(await json(await upload('/admin/users/import', users))).toMatchObject({
      created: 2,
      valid: true,
    });

    const projects = [
      'code,name_ja,section_code,policy_code,start_fy',
      '0101-001,保育所運営事業,0101,1-1-1,2019',
      '0102-001,市税徴収事業,0102,,2015',
    ].join('\n');
    expect(await json(await upload('/admin/projects/import', projects))).toMatchObject({
      created: 2,
      valid: true,
    });
    const list = await json<
      { code: string; nameJa: string; sectionCode: string; policyNodeCode: string | null }[]
    >(await admin.get('/admin/projects'));
    expect(list.map((p) => [p.code, p.nameJa, p.sectionCode, p.policyNodeCode])).toEqual([
      ['0101-001', '保育所運営事業', '0101', '1-1-1'],
      ['0102-001', '市税徴収事業', '0102', null],
    ]);
    // The neighbour's department is not among this city's.
    const departments = await json<{ nameJa: string }[]>(await admin.get('/admin/departments'));
    expect(departments.map((d) => d.nameJa)).not.toContain('隣町総務部');
  });

  let templateId = '';
  it("copies the built-in management sheet and registers the city's own simple sheet", async () => {
    const templates = await json<
      { key: string; builtin: boolean; latest: { id: string; nameJa: string } }[]
    >(await admin.get('/admin/templates'));
    const builtin = templates.find((t) => t.key === 'builtin/management-sheet');
    expect(builtin?.builtin).toBe(true);
    const detail = await json<{ definition: Record<string, unknown> }>(
      await admin.get(`/admin/templates/${builtin!.latest.id}`),
    );
    const copy = await json<{ key: string; builtin: boolean }>(
      await admin.send('POST', '/admin/templates', {
        ...detail.definition,
        key: `${code}/management-sheet`,
      }),
      201,
    );
    expect(copy).toMatchObject({ key: `${code}/management-sheet`, builtin: false });

    const own = await json<{ id: string; nameJa: string }>(
      await admin.send('POST', '/admin/templates', {
        ...structuredClone(WORKFLOW_TEST_TEMPLATE),
        key: `${code}/simple-sheet`,
        title: { ja: 'みどり市 簡易評価シート', en: 'Midori simple sheet' },
      }),
      201,
    );
    expect(own.nameJa).toBe('みどり市 簡易評価シート');
    templateId = own.id;
    const keys = (await json<{ key: string }[]>(await admin.get('/admin/templates'))).map(
      (t) => t.key,
    );
    expect(keys).toEqual(
      expect.arrayContaining([`${code}/management-sheet`, `${code}/simple-sheet`]),
    );
    expect(keys.some((k) => k.startsWith(`${other}/`))).toBe(false);
  });

  let sheetId = '';
  it('sets up the fiscal year and opens it; the evaluator sets a password from the mail and finds the sheet', async () => {
    const today = tokyoToday();
    const stages = [
      'self_evaluation',
      'section_chief',
      'planning_office',
      'committee',
      'publication',
    ];
    const calendar = Object.fromEntries(
      stages.map((s, i) => [s, addBusinessDays(today, 20 * (i + 1))]),
    );
    const created = await json<{
      cycle: { id: string; status: string; participants: { projectCode: string }[] };
    }>(await admin.send('POST', '/admin/cycles', { fiscalYear: fy, templateId, calendar }), 201);
    expect(created.cycle.status).toBe('draft');
    expect(created.cycle.participants.map((p) => p.projectCode)).toEqual(['0101-001', '0102-001']);
    await json(await admin.send('POST', `/admin/cycles/${created.cycle.id}/open`));
    await eventually(async () => {
      const cycle = await json<{ status: string }>(
        await admin.get(`/admin/cycles/${created.cycle.id}`),
      );
      expect(cycle.status).toBe('open');
      return true;
    });

    const invitation = await acceptInvitation(evaluatorEmail, STAFF_PASSWORD);
    expect(invitation.text).toContain('担当 一郎 様');
    expect(invitation.text).toContain('みどり市');
    expect(invitation.text).not.toMatch(UUID);
    const staff = await signIn(code, evaluatorEmail, STAFF_PASSWORD);
    const inbox = await eventually(async () => {
      const page = await json<{
        items: {
          sheetId: string;
          projectCode: string;
          projectName: string;
          sectionName: string;
          stage: string;
          fiscalYear: number;
        }[];
      }>(await staff.get('/tasks'));
      expect(page.items).toHaveLength(1);
      return page;
    });
    const [item] = inbox.items;
    expect(item).toMatchObject({
      projectCode: '0101-001',
      projectName: '保育所運営事業',
      sectionName: '企画課',
      stage: 'self_evaluation',
      fiscalYear: fy,
    });
    expect(`${item!.projectName} ${item!.sectionName}`).not.toMatch(UUID);
    sheetId = item!.sheetId;
  });

  it('the evaluator fills and submits the sheet; the chief, invited too, approves it', async () => {
    const staff = await signIn(code, evaluatorEmail, STAFF_PASSWORD);
    const view = await json<{
      projectName: string;
      sectionName: string;
      actions: string[];
      draftRevision: number;
    }>(await staff.get(`/sheets/${sheetId}`));
    expect(view).toMatchObject({ projectName: '保育所運営事業', sectionName: '企画課' });
    expect(view.actions).toEqual(expect.arrayContaining(['edit_draft', 'submit']));
    // An empty sheet is not submitted: the missing field is named.
    const empty = await staff.send('POST', `/sheets/${sheetId}/submit`, {});
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('summary');
    await json(
      await staff.send(
        'PUT',
        `/sheets/${sheetId}/draft`,
        { content: { summary: { text: '待機児童ゼロを3年続けて達成した。' } } },
        { 'if-match': `"${view.draftRevision}"` },
      ),
    );
    const submitted = await json<{ state: { stage: string } }>(
      await staff.send('POST', `/sheets/${sheetId}/submit`, {}),
    );
    expect(submitted.state.stage).toBe('section_chief');

    await acceptInvitation(chiefEmail, CHIEF_PASSWORD);
    const chief = await signIn(code, chiefEmail, CHIEF_PASSWORD);
    const arrived = await system.sink.waitFor(
      (m) => m.to.includes(chiefEmail) && m.headers['x-hyoka-mail-kind'] === 'task_arrived',
    );
    expect(arrived.text).toContain('保育所運営事業');
    expect(arrived.text).toContain(`/app/sheets/${sheetId}`);
    expect(prose(arrived.text)).not.toMatch(UUID);
    const tasks = await json<{ items: { sheetId: string; projectName: string }[] }>(
      await chief.get('/tasks'),
    );
    expect(tasks.items.map((i) => [i.sheetId, i.projectName])).toEqual([
      [sheetId, '保育所運営事業'],
    ]);
    const approved = await json<{ state: { stage: string } }>(
      await chief.send('POST', `/sheets/${sheetId}/approve`, {}),
    );
    expect(approved.state.stage).toBe('planning_office');
    const after = await json<{ stage: string; content: { summary: { text: string } } }>(
      await staff.get(`/sheets/${sheetId}`),
    );
    expect(after.stage).toBe('planning_office');
    expect(after.content.summary.text).toBe('待機児童ゼロを3年続けて達成した。');
    expect((await json<{ items: unknown[] }>(await chief.get('/tasks'))).items).toEqual([]);
    // The neighbour's administrator cannot read the sheet.
    const neighbour = await signIn(other, `admin@${other}.example.lg.jp`, ADMIN_PASSWORD);
    expect((await neighbour.get(`/sheets/${sheetId}`)).status).toBe(404);
  });
});
