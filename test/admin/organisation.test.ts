import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { as, PASSWORD, signIn } from '../api/helpers';
import { adminClients, errorOf, postCsv, type AdminClients } from './support';

interface Problem {
  path: (string | number)[];
  code: string;
}
interface CsvError {
  row: number;
  column: string | null;
  code: string;
  message: { ja: string; en: string };
}
interface ImportResult {
  dryRun: boolean;
  encoding: string;
  valid: boolean;
  created: number;
  updated: number;
  rows: { row: number; action: string; key: string }[];
  errors: CsvError[];
}
interface User {
  id: string;
  email: string;
  displayName: string;
  locale: string;
  active: boolean;
  hasPassword: boolean;
  roles: { role: string; scopeKind: string; scopeId: string; scopeCode: string | null }[];
}

/** "テスト" in Shift_JIS, as Excel in Japan writes it. */
const TESUTO_SJIS = Buffer.from([0x83, 0x65, 0x83, 0x58, 0x83, 0x67]);

describe('admin: organisation, users and CSV import', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let other: CycleFixture;
  let c: AdminClients;
  const count = async (sql: string, params: unknown[]) =>
    (await system.db.dataSource.query<{ n: number }[]>(sql, params))[0]?.n ?? 0;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 1 });
    other = await createCycleFixture(ds, { sheets: 1 });
    c = await adminClients(system, f, other);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('creates, changes and deletes departments, sections and projects, with clear conflicts', async () => {
    const admin = c.api.admin;
    const dep = await admin.send('POST', '/admin/departments', { code: '03', nameJa: '建設部' });
    expect(dep.status).toBe(201);
    const department = (await dep.json()) as { id: string; code: string };
    const dup = await admin.send('POST', '/admin/departments', { code: '03', nameJa: '別の部' });
    expect(dup.status).toBe(409);
    expect((await errorOf(dup)).code).toBe('duplicate_code');

    const sec = await admin.send('POST', '/admin/sections', {
      departmentId: department.id,
      code: '0301',
      nameJa: '道路課',
    });
    expect(sec.status).toBe(201);
    const section = (await sec.json()) as { id: string };
    // Another government's department is not a valid parent: 422 naming the field.
    const foreignParent = await admin.send('POST', '/admin/sections', {
      departmentId: other.departmentId,
      code: '0302',
      nameJa: '河川課',
    });
    expect(foreignParent.status).toBe(422);
    expect(((await errorOf(foreignParent)).details as { problems: Problem[] }).problems).toEqual([
      expect.objectContaining({ path: ['departmentId'], code: 'unknown_reference' }),
    ]);

    const proj = await admin.send('POST', '/admin/projects', {
      code: 'R-001',
      nameJa: '道路維持事業',
      sectionId: section.id,
      periodType: 'fixed_term',
      startFy: 2024,
      endFy: 2028,
    });
    expect(proj.status).toBe(201);
    const project = (await proj.json()) as { id: string; sectionCode: string; active: boolean };
    expect(project).toMatchObject({ sectionCode: '0301', active: true });
    const reversed = await admin.send('PATCH', `/admin/projects/${project.id}`, { endFy: 2020 });
    expect(reversed.status).toBe(422);
    expect(
      ((await errorOf(reversed)).details as { problems: Problem[] }).problems[0]!.path,
    ).toEqual(['endFy']);
    const renamed = await admin.send('PATCH', `/admin/projects/${project.id}`, {
      nameJa: '道路維持管理事業',
      active: false,
    });
    expect(await renamed.json()).toMatchObject({ nameJa: '道路維持管理事業', active: false });
    const list = (await (await admin.get('/admin/projects?q=R-0')).json()) as { code: string }[];
    expect(list.map((p) => p.code)).toEqual(['R-001']);

    // Units still in use are not deleted.
    const inUse = await admin.send('DELETE', `/admin/departments/${department.id}`);
    expect(inUse.status).toBe(409);
    expect((await errorOf(inUse)).code).toBe('department_in_use');
    const [fixtureProject] = await system.db.dataSource.query<{ id: string }[]>(
      `SELECT id FROM project WHERE government_id = $1 AND code = 'P00001'`,
      [f.governmentId],
    );
    const withSheets = await admin.send('DELETE', `/admin/projects/${fixtureProject!.id}`);
    expect(withSheets.status).toBe(409);
    expect((await admin.send('DELETE', `/admin/projects/${project.id}`)).status).toBe(204);
    expect((await admin.send('DELETE', `/admin/sections/${section.id}`)).status).toBe(204);
    expect((await admin.send('DELETE', `/admin/departments/${department.id}`)).status).toBe(204);
    expect((await admin.get(`/admin/departments/${department.id}`)).status).toBe(404);
  });

  it('manages users: roles with scopes, argon2id passwords never shown, unique e-mail, deactivation ends sessions', async () => {
    const admin = c.api.admin;
    const res = await admin.send('POST', '/admin/users', {
      email: 'New.Person@Example.jp',
      displayName: '新人 六郎',
      locale: 'en',
      mailPreference: 'digest',
      roles: [
        { role: 'evaluator', scopeKind: 'section', scopeId: f.sectionId },
        { role: 'department_head', scopeKind: 'department', scopeId: f.departmentId },
      ],
      password: PASSWORD,
    });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toMatch(/argon2|password_?hash/i);
    const user = JSON.parse(text) as User;
    expect(user).toMatchObject({ locale: 'en', active: true, hasPassword: true });
    expect(user.roles.map((r) => [r.role, r.scopeKind, r.scopeCode])).toEqual([
      ['department_head', 'department', '01'],
      ['evaluator', 'section', '0101'],
    ]);
    const [stored] = await system.db.dataSource.query<{ password_hash: string }[]>(
      `SELECT password_hash FROM app_user WHERE id = $1`,
      [user.id],
    );
    expect(stored!.password_hash).toMatch(/^\$argon2id\$/);

    // The e-mail is unique per government, whatever its case; another government may reuse it.
    const dup = await admin.send('POST', '/admin/users', {
      email: 'new.person@example.jp',
      displayName: 'x',
    });
    expect(dup.status).toBe(409);
    expect((await errorOf(dup)).code).toBe('duplicate_email');
    expect(
      (
        await c.api.otherAdmin.send('POST', '/admin/users', {
          email: 'new.person@example.jp',
          displayName: 'y',
        })
      ).status,
    ).toBe(201);

    // A role scoped to another government's section is refused, naming the field.
    const foreign = await admin.send('PATCH', `/admin/users/${user.id}`, {
      roles: [{ role: 'section_chief', scopeKind: 'section', scopeId: other.sectionId }],
    });
    expect(foreign.status).toBe(422);
    expect(((await errorOf(foreign)).details as { problems: Problem[] }).problems[0]!.path).toEqual(
      ['roles', 0, 'scopeId'],
    );

    // Deactivating ends the user's sessions at once.
    const token = await signIn(system, f.governmentCode, 'new.person@example.jp');
    expect((await as(system, token).get('/auth/me')).status).toBe(200);
    const off = await admin.send('PATCH', `/admin/users/${user.id}`, { active: false });
    expect(off.status).toBe(200);
    expect((await as(system, token).get('/auth/me')).status).toBe(401);
    expect(
      await count(`SELECT count(*)::int AS n FROM session WHERE user_id = $1`, [user.id]),
    ).toBe(0);

    // A new password works once active again.
    await admin.send('PATCH', `/admin/users/${user.id}`, { active: true });
    expect(
      (
        await admin.send('PUT', `/admin/users/${user.id}/password`, {
          password: 'another long passphrase',
        })
      ).status,
    ).toBe(204);
    await signIn(system, f.governmentCode, 'new.person@example.jp', 'another long passphrase');

    // Administrators cannot lock themselves out.
    const self = await admin.send('PATCH', `/admin/users/${c.adminId}`, { active: false });
    expect(self.status).toBe(409);
    expect((await errorOf(self)).code).toBe('cannot_deactivate_self');
    const list = (await (await admin.get('/admin/users?q=new.person')).json()) as User[];
    expect(list.map((u) => u.email)).toEqual(['New.Person@Example.jp']);
  });

  it('imports users from CSV: preview, every row error reported, nothing imported on error, BOM and Shift_JIS', async () => {
    const token = c.token.admin;
    const bad = [
      'email,display_name,locale,roles',
      'a.one@example.jp,一番 太郎,ja,evaluator@section:0101',
      'not-an-email,二番 花子,fr,evaluator@section:9999',
      'A.ONE@example.jp,,ja,',
    ].join('\r\n');
    const rejected = await postCsv(system, token, '/admin/users/import', bad);
    expect(rejected.status).toBe(422);
    const errors = ((await errorOf(rejected)).details as { errors: CsvError[] }).errors;
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'email', 'invalid_email'],
      [3, 'locale', 'invalid_choice'],
      [3, 'roles', 'invalid_role'],
      [4, 'email', 'duplicate_in_file'],
      [4, 'display_name', 'required'],
    ]);
    expect(errors[2]!.message.ja).toContain('9999');
    expect(errors[2]!.message.en).toContain('row 3');
    expect(
      await count(`SELECT count(*)::int AS n FROM app_user WHERE email ILIKE 'a.one@%'`, []),
    ).toBe(0);

    const good =
      '\uFEFF' +
      [
        'メールアドレス,氏名,言語,通知,有効,権限',
        'a.one@example.jp,一番 太郎,ja,digest,true,evaluator@section:0101;section_chief@section:0101',
        `staff@${f.governmentCode}.example,担当 一郎（改）,en,,1,evaluator@section:0101`,
      ].join('\r\n');
    const preview = await postCsv(system, token, '/admin/users/import?dryRun=true', good);
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({
      dryRun: true,
      encoding: 'utf-8',
      valid: true,
      created: 1,
      updated: 1,
      rows: [
        { row: 2, action: 'create', key: 'a.one@example.jp' },
        { row: 3, action: 'update' },
      ],
      errors: [],
    });
    expect(
      await count(`SELECT count(*)::int AS n FROM app_user WHERE email = 'a.one@example.jp'`, []),
    ).toBe(0);

    const imported = await postCsv(system, token, '/admin/users/import', good);
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ dryRun: false, created: 1, updated: 1 });
    const users = (await (await c.api.admin.get('/admin/users')).json()) as User[];
    const one = users.find((u) => u.email === 'a.one@example.jp')!;
    expect(one.roles.map((r) => r.role)).toEqual(['evaluator', 'section_chief']);
    expect(users.find((u) => u.id === f.evaluatorId)).toMatchObject({
      displayName: '担当 一郎（改）',
      locale: 'en',
    });

    // For an existing person, blank cells and missing columns keep what is there.
    const partial = await postCsv(
      system,
      token,
      '/admin/users/import',
      'email,display_name,mail_preference\r\nA.One@example.jp,一番 太郎（異動）,',
    );
    expect(partial.status).toBe(200);
    const again = (await (await c.api.admin.get(`/admin/users/${one.id}`)).json()) as User & {
      mailPreference: string;
    };
    expect(again).toMatchObject({ displayName: '一番 太郎（異動）', mailPreference: 'digest' });
    expect(again.roles.map((r) => r.role)).toEqual(['evaluator', 'section_chief']);

    // Shift_JIS (Excel in Japan): decoded, not mangled.
    const sjis = Buffer.concat([
      Buffer.from('email,display_name\r\nsjis@example.jp,'),
      TESUTO_SJIS,
      Buffer.from('\r\n'),
    ]);
    const fromExcel = await postCsv(system, token, '/admin/users/import', sjis);
    expect(fromExcel.status).toBe(200);
    expect(((await fromExcel.json()) as ImportResult).encoding).toBe('shift_jis');
    const [sjisUser] = await system.db.dataSource.query<{ display_name: string }[]>(
      `SELECT display_name FROM app_user WHERE email = 'sjis@example.jp'`,
    );
    expect(sjisUser!.display_name).toBe('テスト');

    // Headers are checked too; a JSON body is not a CSV.
    const unknownColumn = await postCsv(
      system,
      token,
      '/admin/users/import?dryRun=true',
      'email,display_name,salary\r\nx@example.jp,x,1',
    );
    expect(((await unknownColumn.json()) as ImportResult).errors).toEqual([
      expect.objectContaining({ row: 1, column: 'salary', code: 'unknown_column' }),
    ]);
    expect((await c.api.admin.send('POST', '/admin/users/import', { csv: 'x' })).status).toBe(415);
  });

  it('imports projects from CSV with the same all-or-nothing rule, and documents the columns', async () => {
    const token = c.token.admin;
    const bad = [
      'code,name_ja,section_code,period_type,start_fy,end_fy',
      'N-001,新規事業,0101,recurring,2026,',
      'N-002,,0999,forever,20xx,2020',
    ].join('\n');
    const rejected = await postCsv(system, token, '/admin/projects/import', bad);
    expect(rejected.status).toBe(422);
    expect(
      ((await errorOf(rejected)).details as { errors: CsvError[] }).errors.map((e) => [
        e.row,
        e.column,
      ]),
    ).toEqual([
      [3, 'name_ja'],
      [3, 'section_code'],
      [3, 'period_type'],
      [3, 'start_fy'],
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM project WHERE code = 'N-001'`, [])).toBe(0);

    const good = [
      '事業番号,事業名,課コード,期間区分,開始年度',
      'N-001,新規事業,0101,継続,2026',
      'P00001,"試験事業1（名称変更, 令和8年度）",0101,recurring,2019',
    ].join('\n');
    const imported = await postCsv(system, token, '/admin/projects/import', good);
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ created: 1, updated: 1, errors: [] });
    const projects = (await (await c.api.admin.get('/admin/projects')).json()) as {
      code: string;
      nameJa: string;
      startFy: number;
    }[];
    expect(projects.find((p) => p.code === 'P00001')).toMatchObject({
      nameJa: '試験事業1（名称変更, 令和8年度）',
      startFy: 2019,
    });
    expect(projects.find((p) => p.code === 'N-001')).toMatchObject({ nameJa: '新規事業' });

    const columns = (await (await c.api.admin.get('/admin/csv-columns')).json()) as {
      users: { name: string; required: boolean }[];
      projects: { name: string; aliases: string[] }[];
    };
    expect(columns.users.filter((col) => col.required).map((col) => col.name)).toEqual([
      'email',
      'display_name',
    ]);
    expect(columns.projects.find((col) => col.name === 'code')!.aliases).toContain('事業番号');
  });

  it('is for administrators only, and never reaches into another government', async () => {
    for (const who of ['evaluator', 'chief', 'planner'] as const) {
      for (const path of [
        '/admin/departments',
        '/admin/sections',
        '/admin/projects',
        '/admin/users',
        '/admin/csv-columns',
      ])
        expect([who, path, (await c.api[who].get(path)).status]).toEqual([who, path, 403]);
      expect(
        (
          await postCsv(
            system,
            c.token[who],
            '/admin/users/import',
            'email,display_name\r\nx@example.jp,x',
          )
        ).status,
      ).toBe(403);
    }
    const theirs = c.api.otherAdmin;
    expect((await theirs.get(`/admin/departments/${f.departmentId}`)).status).toBe(404);
    expect((await theirs.get(`/admin/sections/${f.sectionId}`)).status).toBe(404);
    expect((await theirs.get(`/admin/users/${f.evaluatorId}`)).status).toBe(404);
    expect(
      (await theirs.send('PATCH', `/admin/users/${f.evaluatorId}`, { active: false })).status,
    ).toBe(404);
    expect(
      (
        await theirs.send('PUT', `/admin/users/${f.evaluatorId}/password`, {
          password: 'x'.repeat(12),
        })
      ).status,
    ).toBe(404);
    expect((await theirs.send('DELETE', `/admin/sections/${f.sectionId}`)).status).toBe(404);
    const theirUsers = (await (await theirs.get('/admin/users')).json()) as User[];
    expect(theirUsers.some((u) => u.id === f.evaluatorId)).toBe(false);
    expect(
      await count(`SELECT count(*)::int AS n FROM app_user WHERE id = $1 AND active`, [
        f.evaluatorId,
      ]),
    ).toBe(1);
  });
});
