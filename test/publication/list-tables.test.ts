import { execFileSync } from 'node:child_process';
import Ajv from 'ajv';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { actionPlanTemplate, parseTemplate, validateForSubmit } from '@hyoka/domain';
import { launchBrowser, type BrowserSession } from '../browser/session';
import { screenshot } from '../browser/support';
import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { runCycleToPublication } from '../support/publication-fixture';
import { startTestSystem, type TestSystem } from '../support/system';

const SECRET = '内部限り：確認コメントは公表しない';
const TEMPLATE = (() => {
  const parsed = parseTemplate({ ...actionPlanTemplate, key: 'test/action-plan-list' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.template;
})();
const HEADINGS = TEMPLATE.listTables![0]!.columns.map((c) => c.heading.ja);
const KEYS = TEMPLATE.listTables![0]!.columns.map((c) => c.key!);

/** One reform item per sheet (the project's own sample city, not the seed's sentences). */
function item(no: string, sectionId: string) {
  return {
    plan: {
      item_no: no,
      item_name: `取り組み${no}の名称`,
      policy_category: no === '2' ? 'デジタル化の推進' : '持続可能な行財政運営の推進',
      section: sectionId,
      summary: `取り組み${no}の概要。\n・一つ目の手段\n・二つ目の手段, "引用" を含む`,
      schedule: '・現状分析\n・方針の決定',
      indicator: '予算縮減額',
    },
    do: { planned: `令和7年度に予定した内容${no}`, results: `実績${no}：3事業を見直した。` },
    check: { outcome: `${no}00千円`, issues: '・意識の醸成\n・定着化' },
    act: {
      next_year_plan: `次年度は${no}を進める。`,
      points_to_watch: '目的化しないよう留意する。',
    },
    review: { comment: SECRET },
  };
}
const ITEM_NOS = ['10', '2', '1'];
const expectedRow = (no: string, sectionId: string): string[] => {
  const c = item(no, sectionId);
  return [
    c.plan.item_no,
    c.plan.item_name,
    c.plan.policy_category,
    c.plan.summary,
    c.plan.schedule,
    c.plan.indicator,
    c.do.planned,
    c.do.results,
    c.check.outcome,
    c.check.issues,
    c.act.next_year_plan,
    c.act.points_to_watch,
  ];
};

describe('published list tables: the action plan as the government publishes it', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let base: string;
  let browser: BrowserSession;
  let expected: string[][];

  beforeAll(async () => {
    system = await startTestSystem();
    f = await createCycleFixture(system.db.dataSource, { sheets: ITEM_NOS.length });
    await system.db.dataSource.query(
      `UPDATE template SET definition = $2, key = $3 WHERE id = (SELECT template_id FROM cycle WHERE id = $1)`,
      [f.cycleId, JSON.stringify(TEMPLATE), TEMPLATE.key],
    );
    for (const [i, s] of f.sheets.entries()) {
      const content = item(ITEM_NOS[i]!, f.sectionId);
      const check = validateForSubmit(TEMPLATE, content, {
        fiscalYear: f.fiscalYear,
        stage: 'self_evaluation',
      });
      expect(check.errors).toEqual([]);
      await system.db.dataSource.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
        s.sheetId,
        JSON.stringify(content),
      ]);
    }
    expect(await runCycleToPublication(system, f)).toMatchObject({ published: 3 });
    base = `/public/${f.governmentCode}/jimu-jigyo/${f.fiscalYear}`;
    // Sorted by 事業番号 as numbers are written: 1, 2, 10.
    expected = ['1', '2', '10'].map((no) => expectedRow(no, f.sectionId));
    browser = await launchBrowser(system.baseUrl);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  const get = async (path: string) => {
    const res = await system.fetch(path);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return res;
  };

  it('shows the declared table on the list page, in the seed column order, line breaks kept', async () => {
    const page: Page = await browser.newPage();
    await page.goto(`${system.baseUrl}${base}`);
    const table = page.locator('.list-table table');
    const headings = await table.locator('thead th').allInnerTexts();
    expect(headings).toEqual(HEADINGS);
    const rows: string[][] = [];
    for (const tr of await table.locator('tbody tr').all())
      rows.push(await tr.locator('td').allInnerTexts());
    expect(rows).toEqual(expected);
    // The number links to the item's own sheet.
    const href = await table.locator('tbody tr').first().locator('a').getAttribute('href');
    expect(href).toBe(`${base}/${encodeURIComponent(f.sheets[2]!.projectCode)}`);
    const html = await page.content();
    expect(html).not.toContain(SECRET);
    expect(html).not.toContain('確認コメント');
    // The default columns are not shown for a layout that declares its table.
    expect(headings).not.toContain('トータルコスト');
    await screenshot(page, 'list-table-action-plan');

    // A keyword narrows the rows like the default list; an unknown table is a 404.
    const narrowed = await (
      await get(`${base}?q=${encodeURIComponent(f.sheets[1]!.projectCode)}`)
    ).text();
    expect(narrowed).toContain('実績2：3事業を見直した。');
    expect(narrowed).not.toContain('実績10：');
    expect((await get(`${base}?table=progress&lang=en`)).status).toBe(200);
    const missing = await system.fetch(`${base}?table=nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('nothing');
  });

  it('publishes the same columns and values as CSV (both encodings) and JSON', async () => {
    for (const file of ['table-progress.csv', 'table-progress.utf8.csv']) {
      const body = Buffer.from(await (await get(`${base}/data/${file}`)).arrayBuffer());
      expect(body.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(
        file === 'table-progress.csv',
      );
      const records: string[][] = parse(body.toString('utf8'), { bom: true });
      expect(records[0]).toEqual(KEYS);
      expect(records.slice(1)).toEqual(expected);
      expect(body.toString('utf8')).not.toContain(SECRET);
    }

    const json = (await (await get(`${base}/data/table-progress.json`)).json()) as {
      columns: { key: string; label: { ja: string } }[];
      rows: Record<string, string | null>[];
    };
    const validate = new Ajv({ strict: true, allErrors: true }).compile({
      $defs: {
        text: {
          type: 'object',
          required: ['ja', 'en'],
          properties: { ja: { type: 'string' }, en: { type: 'string' } },
        },
      },
      type: 'object',
      required: ['schema', 'schemaVersion', 'table', 'title', 'columns', 'rows'],
      properties: {
        schema: { const: 'hyoka-open-data/list-table' },
        schemaVersion: { type: 'string' },
        table: { const: 'progress' },
        title: { $ref: '#/$defs/text' },
        columns: {
          type: 'array',
          items: {
            type: 'object',
            required: ['key', 'label', 'type'],
            properties: {
              key: { type: 'string' },
              label: { $ref: '#/$defs/text' },
              type: { enum: ['string', 'decimal'] },
            },
          },
        },
        rows: {
          type: 'array',
          items: {
            type: 'object',
            required: KEYS,
            additionalProperties: false,
            properties: Object.fromEntries(KEYS.map((k) => [k, { type: ['string', 'null'] }])),
          },
        },
      },
    });
    expect(validate(json) ? [] : validate.errors).toEqual([]);
    expect(json.columns.map((c) => c.label.ja)).toEqual(HEADINGS);
    expect(json.rows.map((r) => KEYS.map((k) => r[k]))).toEqual(expected);
    expect(JSON.stringify(json)).not.toContain(SECRET);

    // The data dictionary's schema.json names the table, its files and columns.
    const schema = (await (await get(`${base}/data/schema.json`)).json()) as {
      listTables: Record<string, { rows: number; files: string[]; columns: { key: string }[] }>;
    };
    expect(schema.listTables['progress']).toMatchObject({ rows: 3 });
    expect(schema.listTables['progress']!.columns.map((c) => c.key)).toEqual(KEYS);
    expect(schema.listTables['progress']!.files.map((u) => u.split('/').pop())).toEqual([
      'table-progress.csv',
      'table-progress.utf8.csv',
      'table-progress.json',
      'table-progress.xlsx',
      'table-progress.pdf',
    ]);
  });

  it('publishes the same table as a workbook (alone and in list.xlsx) and as a PDF', async () => {
    const readSheet = async (path: string, name: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await (await get(path)).arrayBuffer());
      const ws = wb.getWorksheet(name);
      expect(ws).toBeDefined();
      const rows: (string | null)[][] = [];
      for (let r = 1; r <= ws!.rowCount; r++)
        rows.push(
          KEYS.map((_, c) => {
            const v = ws!.getCell(r, c + 1).value;
            return v === null || v === undefined
              ? null
              : typeof v === 'string' || typeof v === 'number'
                ? String(v)
                : JSON.stringify(v);
          }),
        );
      return rows;
    };
    for (const path of [`${base}/data/table-progress.xlsx`, `${base}/data/list.xlsx`]) {
      const rows = await readSheet(path, 'table-progress');
      expect(rows[0]).toEqual(HEADINGS);
      expect(rows[1]).toEqual(KEYS);
      expect(rows.slice(2)).toEqual(expected);
      expect(JSON.stringify(rows)).not.toContain(SECRET);
    }

    const pdf = Buffer.from(await (await get(`${base}/data/table-progress.pdf`)).arrayBuffer());
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
    expect(text).toContain('行財政改革アクションプラン');
    // Columns are narrow on paper: a cell's text wraps, so short values are looked for as they are.
    for (const no of ['1', '2', '10']) {
      expect(text).toContain(`取り組み${no}の概要。`);
      expect(text).toContain(`${no}00千円`);
    }
    expect(text).toContain('改善点・');
    expect(text).not.toContain(SECRET);
  });
});

/** A layout without a cost table: the list's cost is its 決算額 in 円, shown in 千円. */
const MONEY_TEMPLATE = (() => {
  const parsed = parseTemplate({
    schemaVersion: 1,
    key: 'test/list-cost',
    version: 1,
    title: { ja: '決算額の一覧試験' },
    listCost: { source: 'outline.settled', unit: 'thousand_yen' },
    blocks: [
      {
        key: 'outline',
        title: { ja: '概要' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          { key: 'purpose', type: 'long_text', label: { ja: '目的' }, required: true },
          { key: 'settled', type: 'money', unit: 'yen', label: { ja: '決算額' } },
        ],
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.template;
})();

describe('the default list: its cost column from a money field', () => {
  let system: TestSystem;
  let f: CycleFixture;

  beforeAll(async () => {
    system = await startTestSystem();
    f = await createCycleFixture(system.db.dataSource, { sheets: 2 });
    await system.db.dataSource.query(
      `UPDATE template SET definition = $2, key = $3 WHERE id = (SELECT template_id FROM cycle WHERE id = $1)`,
      [f.cycleId, JSON.stringify(MONEY_TEMPLATE), MONEY_TEMPLATE.key],
    );
    for (const [i, s] of f.sheets.entries()) {
      const content = { outline: { purpose: `目的${i}`, settled: i === 0 ? 26_149_000 : 1500 } };
      await system.db.dataSource.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
        s.sheetId,
        JSON.stringify(content),
      ]);
    }
    expect(await runCycleToPublication(system, f)).toMatchObject({ published: 2 });
  }, 240_000);
  afterAll(async () => {
    await system?.close();
  });

  it('shows the 決算額 in 千円 on the list page and in the list open data', async () => {
    const base = `/public/${f.governmentCode}/jimu-jigyo/${f.fiscalYear}`;
    const page = await (await system.fetch(base)).text();
    expect(page).toContain('26,149 千円');
    expect(page).toContain('1.5 千円');
    expect(page).not.toContain('26,149,000');
    const list = (await (await system.fetch(`${base}/data/list.json`)).json()) as {
      rows: Record<string, unknown>[];
    };
    expect(
      list.rows.map((r) => [r['total_cost'], r['total_cost_unit'], r['total_cost_fiscal_year']]),
    ).toEqual([
      ['26149', 'thousand_yen', f.fiscalYear - 1],
      ['1.5', 'thousand_yen', f.fiscalYear - 1],
    ]);
    // No declared table: the data files of one are not there.
    expect((await system.fetch(`${base}/data/table-progress.csv`)).status).toBe(404);
  });
});
