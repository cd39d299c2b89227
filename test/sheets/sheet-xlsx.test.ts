import ExcelJS from 'exceljs';
import { as, emailOf, insertTask, setPassword, signIn, type Api } from '../api/helpers';
import type { CycleFixture } from '../support/cycle-fixture';
import { bytesOf, createXlsxFixture, load, TEMPLATE, valueCellOf } from './xlsx-fixture';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * The sheet's Excel workbook laid out like its form: exported, edited offline, imported back into
 * the draft. The built-in management sheet, with one more block so every field type is in it
 * (dates, groups, money, percentages, yes/no) and a funding row that may be negative.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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
    f = await createXlsxFixture(ds, 2);
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
    ws.eachRow((r) => r.eachCell((c) => shown.push(JSON.stringify(c.value ?? null))));
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
