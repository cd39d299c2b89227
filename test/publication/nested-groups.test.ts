import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { NESTED_CONTENT, NESTED_TEMPLATE } from '@hyoka/domain/testing/nested-groups';
import { as, signIn, type Api } from '../api/helpers';
import {
  createPublicationFixture,
  runCycleToPublication,
  type PublicationFixture,
} from '../support/publication-fixture';
import { validateOpenData } from '../support/open-data-validation';
import { startTestSystem, type TestSystem } from '../support/system';

const pdfText = (pdf: Buffer): string =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');

const SECRETS = ['内部メモ秘密A', '積算秘密B'];

const shown = (v: ExcelJS.CellValue): string =>
  v === null || v === undefined
    ? ''
    : typeof v === 'object'
      ? 'richText' in v
        ? v.richText.map((r) => r.text).join('')
        : JSON.stringify(v)
      : String(v);

/**
 * A layout with a nested group (細事業 → 活動, the inner one shown as a table) and a top-level
 * table group (KPI), from the admin API to every output of the publication.
 */
describe('template language: nested groups and groups shown as tables, published', () => {
  let system: TestSystem;
  let f: PublicationFixture;
  let admin: Api;
  let base: string;

  beforeAll(async () => {
    // The open data's page links are URIs a Table Schema validator accepts.
    system = await startTestSystem({ env: { PUBLIC_URL: 'https://hyoka.example.jp' } });
    f = await createPublicationFixture(system.db.dataSource, 1);
    admin = as(system, await signIn(system, f.governmentCode, `admin@${f.governmentCode}.example`));
    base = `/public/${f.governmentCode}/${f.fiscalYear}`;
  }, 120_000);
  afterAll(async () => {
    await system?.close();
  });

  it('refuses a group three deep through the admin API with the path, in Japanese and English', async () => {
    const bad = structuredClone(NESTED_TEMPLATE) as unknown as {
      key: string;
      blocks: { fields: { fields: { fields: unknown[] }[] }[] }[];
    };
    bad.key = 'test/nested-groups-bad';
    bad.blocks[0]!.fields[0]!.fields[2]!.fields.push({
      key: 'steps',
      type: 'group',
      label: { ja: '手順' },
      itemLabel: { ja: '手順' },
      fields: [{ key: 'x', type: 'text', label: { ja: 'x' } }],
    });
    const refused = await admin.send('POST', '/admin/templates', bad);
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as {
      error: {
        details: {
          problems: { path: unknown[]; code: string; message: { ja: string; en: string } }[];
        };
      };
    };
    expect(body.error.details.problems).toEqual([
      expect.objectContaining({
        path: ['blocks', 0, 'fields', 0, 'fields', 2, 'fields', 7, 'type'],
        code: 'group_too_deep',
      }),
    ]);
    expect(body.error.details.problems[0]!.message.ja).toContain('入れ子は2段まで');
    expect(body.error.details.problems[0]!.message.en).toContain('nest at most 2 deep');
  });

  it('publishes nested items and table groups: page and PDF tables, open data, Excel; internal fields nowhere', async () => {
    const res = await admin.send('POST', '/admin/templates', NESTED_TEMPLATE);
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string };
    expect(
      (await admin.send('PATCH', `/admin/cycles/${f.cycleId}`, { templateId: created.id })).status,
    ).toBe(200);
    const sheets = await system.db.dataSource.query<{ id: string }[]>(
      `SELECT id FROM sheet WHERE cycle_id = $1`,
      [f.cycleId],
    );
    expect(sheets).toHaveLength(1);
    await system.db.dataSource.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
      sheets[0]!.id,
      JSON.stringify(NESTED_CONTENT),
    ]);
    // A new template makes the cycle's sheets anew: the sheet to fill is the cycle's one sheet now.
    const final = await runCycleToPublication(system, {
      ...f,
      sheets: [{ sheetId: sheets[0]!.id, projectCode: f.sheets[0]!.projectCode }],
    });
    expect(final).toMatchObject({ status: 'closed', published: 1 });

    const get = async (path: string) => {
      const r = await system.fetch(path);
      expect({ path, status: r.status }).toEqual({ path, status: 200 });
      return r;
    };
    const code = f.sheets[0]!.projectCode;
    const path = `${base}/${encodeURIComponent(code)}`;
    const page = await (await get(path)).text();
    // The KPI group as a table: field labels as column headings, a row per item.
    const kpiTable = /<table[^>]*>(?:(?!<\/table>)[\s\S])*?参加者数[\s\S]*?<\/table>/.exec(
      page,
    )?.[0];
    expect(kpiTable).toBeDefined();
    expect(kpiTable).toMatch(/<th[^>]*>指標名<\/th>/);
    expect(kpiTable).toMatch(/<th[^>]*>値<\/th>/);
    expect(kpiTable).toContain('KPI 2');
    expect(kpiTable).toContain('120.5');
    // The nested activities: a table per sub-project, captioned with it.
    expect(page).toContain('細事業 1: 活動');
    expect(page).toContain('細事業 2: 活動');
    expect(page).toMatch(/<th[^>]*>達成率<\/th>/);
    expect(page).toContain('75 %');
    expect(page).toContain('講座開催');
    // The outer group stays a list: 「細事業 1: 細事業名」.
    expect(page).toContain('細事業 1: 細事業名');
    expect(page).not.toContain('KPI 1: 指標名');
    for (const s of SECRETS) expect(page).not.toContain(s);
    expect(page).not.toContain('内部積算');
    expect(page).not.toContain('内部メモ');

    const pdf = pdfText(Buffer.from(await (await get(`${path}/pdf`)).arrayBuffer()));
    expect(pdf).toMatch(/指標名\s+値/);
    expect(pdf).toMatch(/KPI 1\s+参加者数\s+120\.5/);
    expect(pdf).toMatch(/活動 1\s+相談会\s+8\s+6\s+75 %/);
    for (const s of SECRETS) expect(pdf).not.toContain(s);

    // Open data: every CSV valid against its published Table Schema; nested items flattened
    // one column per field of each inner item.
    const { pkg, csv } = await validateOpenData(async (p) => (await get(p)).text(), `${base}/data`);
    const valuesCsv = csv.get('values')!;
    const values = parse<Record<string, string>>(valuesCsv, { columns: true });
    expect(values).toHaveLength(1);
    const row = values[0]!;
    expect(row['projects.subs.s1.name']).toBe('子育て相談');
    expect(row['projects.subs.s1.activities.a1.title']).toBe('相談会');
    expect(row['projects.subs.s1.activities.a2.done']).toBe('4');
    expect(row['projects.subs.s1.activities.a1.rate']).toBe('75');
    expect(row['projects.subs.s2.activities.a3.rate']).toBe('120');
    expect(row['projects.kpis.k2.value']).toBe('88');
    const keys = Object.keys(row);
    expect(keys.filter((k) => k.endsWith('.memo') || k.endsWith('.cost_note'))).toEqual([]);
    for (const s of SECRETS) expect(valuesCsv).not.toContain(s);
    const schema = pkg.resources.find((r) => r.name === 'values')!.schema;
    expect(schema.fields.map((c) => c.name)).toEqual(expect.arrayContaining(keys));
    const json = await (await get(`${base}/data/values.json`)).text();
    expect(json).toContain('projects.subs.s1.activities.a1.title');
    for (const s of SECRETS) expect(json).not.toContain(s);

    // The sheet as Excel: the table groups as tables, read back with exceljs.
    const data = Buffer.from(await (await get(`${path}/xlsx`)).arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    const rows: string[][] = [];
    wb.worksheets[0]!.eachRow((r) =>
      rows.push((r.values as ExcelJS.CellValue[]).slice(1).map(shown)),
    );
    expect(rows).toContainEqual(['KPI', '指標名', '値']);
    expect(rows).toContainEqual(['KPI 1', '参加者数', '120.5']);
    expect(rows).toContainEqual(['活動 2', '訪問', '4', '4', '100 %', '順調', '―']);
    const all = rows.flat().join('\n');
    for (const s of SECRETS) expect(all).not.toContain(s);
  });
});
