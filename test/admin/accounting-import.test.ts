import { managementSheetTemplate } from '@hyoka/domain';
import iconv from 'iconv-lite';
import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { adminClients, errorOf, postCsv, type AdminClients } from './support';

interface Report {
  encoding: string;
  unit: string;
  costTable: string | null;
  rows: {
    row: number;
    accountCode: string;
    projectCode: string | null;
    cells: number;
    notInTable: string[];
  }[];
  sheets: {
    sheetId: string;
    projectCode: string;
    cells: number;
    locked: { ja: string; en: string } | null;
  }[];
  errors: {
    row: number;
    column: string | null;
    code: string;
    message: { ja: string; en: string };
  }[];
  ok: boolean;
}

const N = 100;
const HEADER = '会計,款,項,目,事業連番,年度,予算額,決算額';
const serial = (i: number) => String(i + 1).padStart(4, '0');
/** 款・項・目 of sheet i: several sheets share 款・項・目 and differ by 事業連番. */
const code = (i: number) => [2 + (i % 3), 1 + (i % 4), 1 + (i % 5)] as const;
const budgetYen = (i: number) => 1_000_000 + i * 1_500; // …500 円 rounds half up in 千円
const settledYen = (i: number) => 900_000 + i * 1_000;

/** Three rows per sheet: FY2023 settled (budget not in the table), FY2025 both, FY2026 budget. */
function csvRows(): string[] {
  const out: string[] = [];
  for (let i = 0; i < N; i++) {
    const [kan, kou, moku] = code(i);
    const c = `一般会計,${kan},${kou},${moku},${serial(i)}`;
    out.push(`${c},2023,"${(budgetYen(i) + 7).toLocaleString('en-US')}",${settledYen(i) - 5_000}`);
    out.push(`${c},令和7,${budgetYen(i)},"${settledYen(i).toLocaleString('en-US')}"`);
    out.push(`${c},2026年度,${budgetYen(i) + 100_000},`);
  }
  return out;
}
const sjis = (lines: string[]) => iconv.encode(`${lines.join('\r\n')}\r\n`, 'Shift_JIS');

describe('accounting import (財務会計の CSV → 事業費の表)', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let c: AdminClients;
  const path = () => `/admin/cycles/${f.cycleId}/accounting-imports`;
  const drafts = () =>
    system.db.dataSource.query<{ id: string; draft_revision: number; content: unknown }[]>(
      `SELECT id, draft_revision, content FROM sheet WHERE cycle_id = $1 ORDER BY id`,
      [f.cycleId],
    );

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: N });
    const other = await createCycleFixture(ds, { sheets: 1 });
    await ds.query(
      `UPDATE template SET definition = $2, key = $3 WHERE id = (SELECT template_id FROM cycle WHERE id = $1)`,
      [f.cycleId, JSON.stringify(managementSheetTemplate), managementSheetTemplate.key],
    );
    for (const [i, s] of f.sheets.entries()) {
      const [kan, kou, moku] = code(i);
      const content = {
        identity: {
          project_name: `試験事業${i + 1}`,
          account: 'general',
          budget_kan: kan,
          budget_kou: kou,
          budget_moku: moku,
          budget_serial: serial(i),
        },
        cost: { table: { national: { '2025': { settled: 77 } } } },
      };
      await ds.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
        s.sheetId,
        JSON.stringify(content),
      ]);
    }
    // The last sheet has moved on to the section chief: its cost table is closed.
    await ds.query(`UPDATE sheet SET current_stage = 'section_chief' WHERE id = $1`, [
      f.sheets[N - 1]!.sheetId,
    ]);
    c = await adminClients(system, f, other);
  }, 240_000);
  afterAll(async () => {
    await system?.close();
  });

  it('reports unmatched and duplicate account codes and imports nothing', async () => {
    const before = await drafts();
    const lines = [
      HEADER,
      ...csvRows(),
      '一般会計,9,9,9,9999,2026,5000,', // no sheet has 9-9-9 #9999
      `一般会計,${code(4).join(',')},${serial(4)},令和8,1,`, // the FY2026 row of sheet 5 again
      '特別会計,2,1,1,,2026,abc,', // not an amount, and no such sheet
    ];
    const res = await postCsv(system, c.token.admin, path(), sjis(lines));
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe('import_invalid');
    const report = error.details as Report;
    expect(report.encoding).toBe('shift_jis');
    expect(report.ok).toBe(false);
    const last = 1 + 3 * N;
    expect(report.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [last + 1, null, 'unmatched_account'],
      [last + 2, null, 'duplicate_row'],
      [last + 3, 'budget', 'invalid_amount'],
      [last + 3, null, 'unmatched_account'],
    ]);
    expect(report.errors[0]!.message.ja).toContain('一般会計 9-9-9 #9999');
    expect(report.errors[1]!.message.ja).toContain(`${1 + 3 * 4 + 3}行目と重複`);
    expect(report.errors[2]!.message.en).toContain('"abc"');
    // Nothing written: no draft, no provenance.
    expect(await drafts()).toEqual(before);
    const sources = await system.db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM sheet_cell_source WHERE government_id = $1`,
      [f.governmentId],
    );
    expect(sources[0]!.n).toBe(0);
  });

  it('an account code two sheets share is ambiguous; an unknown one is unmatched', async () => {
    // Sheets 1 and 61 share 2-1-1; give sheet 61 sheet 1's serial number for this preview.
    const ds = system.db.dataSource;
    const twin = f.sheets[60]!.sheetId;
    const setSerial = (value: string) =>
      ds.query(
        `UPDATE sheet SET content = jsonb_set(content, '{identity,budget_serial}', to_jsonb($2::text)) WHERE id = $1`,
        [twin, value],
      );
    await setSerial(serial(0));
    try {
      const res = await postCsv(
        system,
        c.token.admin,
        `${path()}/preview?unit=thousand_yen`,
        `account,kan,kou,moku,serial,fiscal_year,budget\ngeneral,2,1,1,0001,2026,10\ngeneral,2,1,1,,2026,10\n`,
      );
      expect(res.status).toBe(200);
      const report = (await res.json()) as Report;
      expect(report).toMatchObject({ encoding: 'utf-8', unit: 'thousand_yen', ok: false });
      expect(report.errors.map((e) => [e.row, e.code])).toEqual([
        [2, 'ambiguous_account'],
        [3, 'unmatched_account'],
      ]);
      expect(report.errors[0]!.message.ja).toContain('P00001、P00061');
    } finally {
      await setSerial(serial(60));
    }
  });

  it('fills the cost tables of the matching sheets, in 千円, marked as imported', async () => {
    const csv = sjis([HEADER, ...csvRows()]);
    const preview = await postCsv(system, c.token.admin, `${path()}/preview`, csv);
    expect(preview.status).toBe(200);
    const report = (await preview.json()) as Report;
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ ok: true, costTable: 'cost.table', unit: 'yen' });
    expect(report.rows).toHaveLength(3 * N);
    expect(report.rows[0]).toMatchObject({
      row: 2,
      accountCode: '一般会計 2-1-1 #0001',
      projectCode: 'P00001',
      cells: 1,
      notInTable: ['2023 budget'],
    });
    expect(report.sheets).toHaveLength(N);
    const locked = report.sheets.filter((s) => s.locked);
    expect(locked.map((s) => s.projectCode)).toEqual([`P${String(N).padStart(5, '0')}`]);
    expect(locked[0]!.locked!.ja).toContain('課長承認');

    const before = new Map((await drafts()).map((d) => [d.id, d]));
    const res = await postCsv(system, c.token.admin, path(), csv);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ imported: N - 1, cells: (N - 1) * 4 });

    const after = new Map((await drafts()).map((d) => [d.id, d]));
    for (const [i, s] of f.sheets.entries()) {
      const d = after.get(s.sheetId)!;
      if (i === N - 1) {
        expect(d).toEqual(before.get(s.sheetId));
        continue;
      }
      expect(d.draft_revision).toBe(before.get(s.sheetId)!.draft_revision + 1);
      const content = d.content as { identity: unknown; cost: { table: unknown } };
      expect(content.cost.table).toEqual({
        // What was there stays.
        national: { '2025': { settled: 77 } },
        general: {
          '2023': { settled: Math.round((settledYen(i) - 5_000) / 1000) },
          '2025': {
            budget: Math.floor(budgetYen(i) / 1000 + 0.5),
            settled: Math.round(settledYen(i) / 1000),
          },
          '2026': { budget: Math.floor((budgetYen(i) + 100_000) / 1000 + 0.5) },
        },
      });
      expect(content.identity).toMatchObject({ budget_serial: serial(i) });
    }
    // 1,001,500 円 → 1,002 千円 (the table's half_up rule).
    expect(
      (after.get(f.sheets[1]!.sheetId)!.content as { cost: { table: { general: unknown } } }).cost
        .table.general,
    ).toMatchObject({ '2025': { budget: 1002 } });

    // The evaluator's sheet view names the imported cells; the cell they retype is theirs.
    const sheetId = f.sheets[0]!.sheetId;
    const view = (await (await c.api.evaluator.get(`/sheets/${sheetId}`)).json()) as {
      content: { cost: { table: { general: Record<string, Record<string, number>> } } };
      importedCells: { path: string; source: string }[];
    };
    expect(view.importedCells.map((x) => x.path)).toEqual([
      'cost.table.general.2023.settled',
      'cost.table.general.2025.budget',
      'cost.table.general.2025.settled',
      'cost.table.general.2026.budget',
    ]);
    expect(view.importedCells.every((x) => x.source === 'accounting')).toBe(true);
    const diff = (await (
      await c.api.evaluator.get(`/sheets/${sheetId}/diff?from=carried&to=draft`)
    ).json()) as { changes: { path: unknown[] }[]; importedPaths: string[] };
    expect(diff.importedPaths).toContain('cost.table.general.2026.budget');
    expect(diff.importedPaths).not.toContain('cost.table.national.2025.settled');

    // A person retypes one imported cell (the draft cycle has no tasks yet: written directly).
    const content = view.content;
    content.cost.table.general['2026']!['budget'] = 1;
    await system.db.dataSource.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
      sheetId,
      JSON.stringify(content),
    ]);
    const again = (await (await c.api.evaluator.get(`/sheets/${sheetId}`)).json()) as {
      importedCells: { path: string }[];
    };
    expect(again.importedCells.map((x) => x.path)).not.toContain('cost.table.general.2026.budget');
    expect(again.importedCells).toHaveLength(3);
  });

  it('refuses people who are not administrators, and a body that is not CSV', async () => {
    const csv = sjis([HEADER, ...csvRows().slice(0, 3)]);
    expect((await postCsv(system, c.token.planner, `${path()}/preview`, csv)).status).toBe(403);
    expect((await postCsv(system, c.token.otherAdmin, `${path()}/preview`, csv)).status).toBe(404);
    const garbage = await postCsv(
      system,
      c.token.admin,
      `${path()}/preview`,
      Buffer.from([0xff, 0xfe, 0x00, 0x22]),
    );
    expect(garbage.status).toBe(200);
    expect(((await garbage.json()) as Report).ok).toBe(false);
  });
});
