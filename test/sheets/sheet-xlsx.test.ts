import ExcelJS from 'exceljs';
import { managementSheetTemplate, type TemplateDefinition } from '@hyoka/domain';
import { appendSheetVersion } from '@hyoka/persistence';
import { as, emailOf, insertTask, setPassword, signIn, type Api } from '../api/helpers';
import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * The sheet's Excel workbook laid out like its form: exported, edited offline, imported back into
 * the draft. The built-in management sheet, with one more block so every field type is in it
 * (dates, groups, money, percentages, yes/no) and a funding row that may be negative.
 */
const t = (ja: string, en: string) => ({ ja, en });
const TEMPLATE: TemplateDefinition = {
  ...managementSheetTemplate,
  key: 'test/management-xlsx',
  version: 1,
  blocks: [
    ...managementSheetTemplate.blocks.map((b) =>
      b.key !== 'cost'
        ? b
        : {
            ...b,
            fields: b.fields.map((f) =>
              f.type !== 'cost_table'
                ? f
                : {
                    ...f,
                    fundingSources: [
                      ...f.fundingSources,
                      {
                        id: 'supplementary',
                        label: t('補正予算等', 'Adjustments'),
                        allowNegative: true,
                      },
                    ],
                  },
            ),
          },
    ),
    {
      key: 'extras',
      title: t('補足', 'Extras'),
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [
        { key: 'started_on', type: 'date', label: t('開始日', 'Started on') },
        { key: 'ratio', type: 'percentage', label: t('補助率', 'Subsidy rate'), scale: 1 },
        { key: 'area', type: 'decimal', label: t('面積', 'Area'), scale: 2, unit: t('㎡', 'm2') },
        { key: 'grant', type: 'money', label: t('補助額', 'Grant'), unit: 'yen' },
        {
          key: 'reviewed',
          type: 'yes_no',
          label: t('外部点検', 'Externally reviewed'),
          reasonRequiredWhen: 'yes',
        },
        {
          key: 'kpis',
          type: 'group',
          label: t('KPI', 'KPIs'),
          itemLabel: t('KPI', 'KPI'),
          fields: [
            { key: 'name', type: 'text', label: t('名称', 'Name') },
            { key: 'due', type: 'date', label: t('期限', 'Due') },
            { key: 'amount', type: 'money', label: t('金額', 'Amount'), unit: 'thousand_yen' },
            {
              key: 'level',
              type: 'single_choice',
              label: t('水準', 'Level'),
              options: [
                { id: 'a', label: t('高', 'High') },
                { id: 'b', label: t('低', 'Low') },
              ],
            },
          ],
        },
      ],
    },
  ],
};

const why = (choice: string) => ({ choice, reason: 'サンプル市の状況を踏まえた理由' });

function fullContent(f: CycleFixture): Record<string, unknown> {
  return {
    identity: {
      project_name: '地域見守り推進事業',
      project_code: 'S-0101',
      related_plans: ['manifesto', 'reform_plan'],
      policy: '安心して暮らせるまち',
      measure: '地域福祉の推進',
      department: f.departmentId,
      section: f.sectionId,
      section_chief: f.chiefId,
      person_in_charge: f.evaluatorId,
      extension: '=内線 1234',
      account: 'general',
      budget_kan: 3,
      budget_kou: 1,
      budget_moku: 2,
      legal_basis: 'ordinance',
      period_type: 'fixed_term',
      start_year: 2019,
      end_year: 2028,
    },
    overview: { content: '高齢者世帯の見守り活動を地域団体と行う。\n二行目も保つ。' },
    purpose: { target: '市内の高齢者世帯', intent: '孤立せずに暮らせる', means: '見守り訪問' },
    activities: { last_year: '見守り訪問を実施した。', next_year_plan: '訪問先を2地区へ広げる。' },
    indicators: {
      table: {
        rows: [
          {
            id: 'a1',
            kind: 'activity',
            name: '訪問回数',
            unit: '回',
            betterDirection: 'higher',
            values: { '2025': { target: '300', actual: '320.5' } },
          },
          {
            id: 't1',
            kind: 'target',
            name: '高齢者世帯数',
            unit: '世帯',
            betterDirection: 'higher',
            values: { '2025': { actual: '1200' } },
          },
          {
            id: 'o1',
            kind: 'outcome',
            name: '孤立世帯の割合',
            unit: '%',
            betterDirection: 'lower',
            values: {
              '2023': { actual: '4.5' },
              '2025': { target: '4', actual: '3.75' },
              '2026': { target: '3.5' },
            },
          },
        ],
      },
      outcome_reason: '見守りの広がりを測るため。',
    },
    cost: {
      table: {
        general: { '2025': { settled: 1200 }, '2026': { budget: 1300 } },
        national: { '2025': { settled: 500 } },
        supplementary: { '2025': { settled: -120 } },
        staff_count: { '2025': { settled: '1.5' } },
        hours: { '2025': { settled: '1800' }, '2026': { budget: '1700' } },
        unit_cost: { '2025': { settled: 4150 }, '2026': { budget: 4200 } },
      },
    },
    evaluation: {
      goal_achievement: { choice: 'not_achieved', reason: '新規の協力団体が伸びなかった。' },
      outlook: why('likely'),
      outcome_room: why('has_room'),
      merge_possibility: why('no_other_means'),
      cost_room: why('no_room'),
      hours_room: why('no_room'),
      fairness: why('fair'),
      role_sharing: why('appropriate'),
      summary: '概ね順調である。',
    },
    section_proposal: {
      directions: ['improve_effectiveness'],
      expected_effect: { row: 'up', column: 'keep' },
      obstacles: 'なし',
    },
    secondary_evaluation: { opinion: '担当課の案を了とする。' },
    extras: {
      started_on: '2019-04-01',
      ratio: '66.7',
      area: '1234.56',
      grant: -50000,
      reviewed: { answer: true, reason: '委員会で点検済み' },
      kpis: [
        { id: 'k1', values: { name: '協力団体数', due: '2027-03-31', amount: -30, level: 'a' } },
        { id: 'k2', values: { name: '+1 (増加)', level: 'b' } },
      ],
    },
  };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  return wb;
}
const bytesOf = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());

/** The value cell right of the label `label` (column A), on the form worksheet. */
function valueCellOf(ws: ExcelJS.Worksheet, label: string): ExcelJS.Cell {
  for (let r = 1; r <= ws.rowCount; r++)
    if (ws.getCell(r, 1).value === label) return ws.getCell(r, 2);
  throw new Error(`no label ${label}`);
}

interface XlsxError {
  cell: string | null;
  field: string | null;
  code: string;
  message: { ja: string; en: string };
}

describe('a sheet as an Excel workbook laid out like its form, both ways', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let ev: Api;
  let token: string;
  const sheetId = () => f.sheets[0]!.sheetId;

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 2, content: {} });
    await ds.query(
      `UPDATE template SET key = $1, definition = $2 WHERE id = (SELECT template_id FROM cycle WHERE id = $3)`,
      [TEMPLATE.key, JSON.stringify(TEMPLATE), f.cycleId],
    );
    for (const s of f.sheets)
      await ds.query(`UPDATE sheet SET content = $1 WHERE id = $2`, [
        JSON.stringify(fullContent(f)),
        s.sheetId,
      ]);
    await ds.transaction((m) =>
      appendSheetVersion(m, {
        sheetId: sheetId(),
        content: fullContent(f),
        authorId: f.evaluatorId,
        stage: 'self_evaluation',
        round: 1,
        action: 'submit',
      }),
    );
    await insertTask(ds, f, {
      sheetId: sheetId(),
      stage: 'self_evaluation',
      dueDate: '2026-06-30',
      assignee: f.evaluatorId,
    });
    await setPassword(ds, f.evaluatorId);
    token = await signIn(system, f.governmentCode, emailOf(f, 'staff'));
    ev = as(system, token);
  }, 180_000);
  afterAll(async () => {
    await system?.close();
  });

  const exportXlsx = async (id = sheetId(), query = '') => {
    const res = await ev.get(`/sheets/${id}/xlsx${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    return Buffer.from(await res.arrayBuffer());
  };
  const upload = (path: string, body: Buffer, headers: Record<string, string> = {}) =>
    system.fetch(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': XLSX, ...headers },
      body,
    });
  const draft = async () =>
    (
      await system.db.dataSource.query<{ content: unknown; draft_revision: number }[]>(
        `SELECT content, draft_revision FROM sheet WHERE id = $1`,
        [sheetId()],
      )
    )[0]!;

  it('lays the workbook out like the form: headings merged, borders, print area, A4 fit to width, numbers as numbers', async () => {
    const wb = await load(await exportXlsx());
    const ws = wb.getWorksheet('評価シート')!;
    expect(ws).toBeDefined();
    expect(ws.getCell('A1').value).toBe(TEMPLATE.title.ja);
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    });
    expect(ws.pageSetup.printArea).toMatch(/^A1:[A-Z]+\d+$/);
    const last = ws.pageSetup.printArea!.split(':')[1]!.replace(/\d+/, '');
    // Every block title is a merged row across the form.
    const titles = TEMPLATE.blocks.map((b) => b.title.ja);
    for (const title of titles) {
      let row = 0;
      ws.eachRow((r, n) => {
        if (r.getCell(1).value === title && row === 0) row = n;
      });
      expect({ title, row: row > 0 }).toEqual({ title, row: true });
      const end = ws.getCell(`${last}${row}`);
      expect({ title, merged: end.isMerged, master: end.master.address }).toEqual({
        title,
        merged: true,
        master: `A${row}`,
      });
      expect(end.border?.right?.style).toBe('thin');
    }
    const name = valueCellOf(ws, '事務事業名');
    expect(name.value).toBe('地域見守り推進事業');
    expect(name.border?.left?.style).toBe('thin');
    expect(name.isMerged).toBe(true);
    expect(valueCellOf(ws, '担当者名').value).toBe('担当 一郎'); // a name, not an id
    expect(valueCellOf(ws, '会計').value).toBe('一般会計'); // the option's label
    expect(valueCellOf(ws, '内線').value).toBe('=内線 1234'); // text, never a formula
    expect(valueCellOf(ws, '内線').numFmt).toBe('@');
    expect(valueCellOf(ws, '補助額').value).toBe(-50000);
    expect(valueCellOf(ws, '補助額').numFmt).toContain('△');
    // The identity travels in a very hidden worksheet; no id shows on the form.
    expect(wb.getWorksheet('_hyoka')?.state).toBe('veryHidden');
    const shown: string[] = [];
    ws.eachRow((r) => r.eachCell((c) => shown.push(c.text)));
    expect(shown.join('\n')).not.toContain(f.evaluatorId);
    expect(shown.join('\n')).not.toContain(sheetId());
  });

  it('round trip: the exported workbook imported back changes nothing (preview and the sheet diff are empty)', async () => {
    const before = await draft();
    const bytes = await exportXlsx();
    const preview = await upload(`/sheets/${sheetId()}/xlsx/preview`, bytes);
    expect(preview.status).toBe(200);
    expect(await preview.json()).toEqual({
      changes: [],
      draftRevision: before.draft_revision,
      saved: false,
    });
    const imported = await upload(`/sheets/${sheetId()}/xlsx`, bytes, {
      'if-match': `"${before.draft_revision}"`,
    });
    expect(imported.status).toBe(200);
    expect(imported.headers.get('etag')).toBeTruthy();
    const after = await draft();
    expect(after.content).toEqual(before.content);
    const diff = await ev.get(`/sheets/${sheetId()}/diff?from=1&to=draft`);
    expect(diff.status).toBe(200);
    expect(((await diff.json()) as { changes: unknown[] }).changes).toEqual([]);
    // A version exports too, and reads back as the same values.
    const v1 = await exportXlsx(sheetId(), '?version=1');
    const again = await upload(`/sheets/${sheetId()}/xlsx/preview`, v1);
    expect(((await again.json()) as { changes: unknown[] }).changes).toEqual([]);
  });

  it('a workbook edited in exceljs imports exactly that change; a stale If-Match is 412', async () => {
    const wb = await load(await exportXlsx());
    const ws = wb.getWorksheet('評価シート')!;
    valueCellOf(ws, '事務事業名').value = '地域見守り推進事業（改）';
    const edited = await bytesOf(wb);
    const preview = (await (await upload(`/sheets/${sheetId()}/xlsx/preview`, edited)).json()) as {
      changes: { path: unknown[]; before: string; after: string }[];
      draftRevision: number;
    };
    expect(preview.changes).toEqual([
      expect.objectContaining({
        path: ['identity', 'project_name'],
        before: '地域見守り推進事業',
        after: '地域見守り推進事業（改）',
      }),
    ]);
    const before = await draft();
    const stale = await upload(`/sheets/${sheetId()}/xlsx`, edited, {
      'if-match': `"${before.draft_revision - 1}"`,
    });
    expect(stale.status).toBe(412);
    expect((await upload(`/sheets/${sheetId()}/xlsx`, edited)).status).toBe(428);
    const ok = await upload(`/sheets/${sheetId()}/xlsx`, edited, {
      'if-match': `"${before.draft_revision}"`,
    });
    expect(ok.status).toBe(200);
    const after = await draft();
    const expected = structuredClone(before.content) as { identity: Record<string, unknown> };
    expected.identity.project_name = '地域見守り推進事業（改）';
    expect(after.content).toEqual(expected);
    expect(after.draft_revision).toBe(before.draft_revision + 1);
  });

  it('a wrong value is refused with its cell and field in Japanese and English, and nothing is saved', async () => {
    const wb = await load(await exportXlsx());
    const ws = wb.getWorksheet('評価シート')!;
    const cell = valueCellOf(ws, '補助額');
    cell.value = '三千';
    const before = await draft();
    const res = await upload(`/sheets/${sheetId()}/xlsx`, await bytesOf(wb), {
      'if-match': `"${before.draft_revision}"`,
    });
    expect(res.status).toBe(422);
    const error = (
      (await res.json()) as { error: { code: string; details: { errors: XlsxError[] } } }
    ).error;
    expect(error.code).toBe('xlsx_invalid');
    expect(error.details.errors).toHaveLength(1);
    const e = error.details.errors[0]!;
    expect(e).toMatchObject({ cell: `評価シート!${cell.address}`, field: 'extras.grant' });
    expect(e.message.ja).toContain(cell.address);
    expect(e.message.ja).toContain('補助額');
    expect(e.message.ja).toContain('三千');
    expect(e.message.en).toContain(cell.address);
    expect(e.message.en).toContain('Grant');
    expect(await draft()).toEqual(before);
  });

  it('refuses a workbook of another sheet, of another layout, or not exported from a sheet', async () => {
    const before = await draft();
    const headers = { 'if-match': `"${before.draft_revision}"` };
    const other = await upload(
      `/sheets/${sheetId()}/xlsx`,
      await exportXlsx(f.sheets[1]!.sheetId),
      headers,
    );
    expect(other.status).toBe(422);
    const otherError = (
      (await other.json()) as { error: { code: string; message: string; messageJa: string } }
    ).error;
    expect(otherError.code).toBe('xlsx_other_sheet');
    expect(otherError.messageJa).toContain('別のシート');

    const wb = await load(await exportXlsx());
    wb.getWorksheet('_hyoka')!.getCell('B4').value = '99';
    const layout = await upload(`/sheets/${sheetId()}/xlsx`, await bytesOf(wb), headers);
    expect(layout.status).toBe(422);
    expect(((await layout.json()) as { error: { code: string } }).error.code).toBe(
      'xlsx_other_template',
    );

    const plain = new ExcelJS.Workbook();
    plain.addWorksheet('Sheet1').getCell('A1').value = '事務事業名';
    const foreign = await upload(`/sheets/${sheetId()}/xlsx`, await bytesOf(plain), headers);
    expect(foreign.status).toBe(422);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe(
      'xlsx_not_a_sheet',
    );

    const garbage = await upload(`/sheets/${sheetId()}/xlsx`, Buffer.from('not a zip'), headers);
    expect(garbage.status).toBe(400);
    expect(await draft()).toEqual(before);
  });

  it('the cycle import maps a header equal to a field label by itself (「事務事業名」, 「補助額」)', async () => {
    const ds = system.db.dataSource;
    const [admin] = await ds.query<{ id: string }[]>(
      `INSERT INTO app_user (government_id, email, display_name) VALUES ($1, $2, '管理 五郎') RETURNING id`,
      [f.governmentId, emailOf(f, 'admin')],
    );
    await ds.query(
      `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, 'administrator', 'government', $1)`,
      [f.governmentId, admin!.id],
    );
    await setPassword(ds, admin!.id);
    const adminToken = await signIn(system, f.governmentCode, emailOf(f, 'admin'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('取込');
    ws.addRow(['事業番号', '事務事業名', '補助額', '知らない見出し']);
    ws.addRow([f.sheets[1]!.projectCode, 'ラベルで取り込んだ名前', '△700', 'x']);
    const bytes = await bytesOf(wb);
    const post = (path: string) =>
      system.fetch(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': XLSX },
        body: bytes,
      });
    const preview = await post(`/admin/cycles/${f.cycleId}/imports/preview`);
    expect(preview.status).toBe(200);
    const report = (await preview.json()) as {
      ok: boolean;
      mapped: { header: string; field: string }[];
      ignored: { header: string }[];
      fields: { key: string }[];
    };
    expect(report.mapped).toEqual([
      expect.objectContaining({ header: '事務事業名', field: 'identity.project_name' }),
      expect.objectContaining({ header: '補助額', field: 'extras.grant' }),
    ]);
    expect(report.ignored).toEqual([expect.objectContaining({ header: '知らない見出し' })]);
    expect(report.fields.map((x) => x.key)).toContain('cost.table.supplementary.2025.settled');
    expect(report.ok).toBe(true);
    const imported = await post(`/admin/cycles/${f.cycleId}/imports`);
    expect(imported.status).toBe(200);
    const [row] = await ds.query<
      { content: { identity: Record<string, unknown>; extras: Record<string, unknown> } }[]
    >(`SELECT content FROM sheet WHERE id = $1`, [f.sheets[1]!.sheetId]);
    expect(row!.content.identity.project_name).toBe('ラベルで取り込んだ名前');
    expect(row!.content.extras.grant).toBe(-700);
  });
});
