import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { parseTemplate, validateForSubmit } from '@hyoka/domain';
import { as, signIn, type Api } from '../api/helpers';
import { postCsv } from '../admin/support';
import {
  createPublicationFixture,
  runCycleToPublication,
  type PublicationFixture,
} from '../support/publication-fixture';
import { startTestSystem, type TestSystem } from '../support/system';

const pdfText = (pdf: Buffer): string =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');

/**
 * A layout written in Japanese only (no `en` anywhere), with a breakdown row that is shown but not
 * added to the total (うち一般財源) and four judgement levels on the achievement rate.
 */
const TEMPLATE = {
  schemaVersion: 1,
  key: 'test/template-language',
  version: 1,
  title: { ja: '事務事業評価票（言語試験）' },
  judgement: {
    levels: [
      { id: 'excellent', label: { ja: '◎' }, minRate: '100' },
      { id: 'good', label: { ja: '○' }, minRate: '80' },
      { id: 'fair', label: { ja: '△' }, minRate: '50' },
      { id: 'poor', label: { ja: '×' } },
    ],
  },
  blocks: [
    {
      key: 'identity',
      title: { ja: '事業の概要' },
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [{ key: 'summary', type: 'long_text', label: { ja: '総括' }, required: true }],
    },
    {
      key: 'indicators',
      title: { ja: '成果指標' },
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [
        {
          key: 'table',
          type: 'indicator_table',
          label: { ja: '成果指標の推移' },
          kinds: ['outcome'],
          rows: { mode: 'evaluator' },
          columns: [
            { offset: -1, valueKind: 'target' },
            { offset: -1, valueKind: 'actual' },
          ],
          requireOutcomeTarget: false,
        },
      ],
    },
    {
      key: 'cost',
      title: { ja: 'コスト' },
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [
        {
          key: 'table',
          type: 'cost_table',
          label: { ja: '事業費の内訳' },
          moneyUnit: 'thousand_yen',
          columns: [{ offset: -1, valueKind: 'settled' }],
          fundingSources: [
            { id: 'national', label: { ja: '国庫支出金' } },
            { id: 'general', label: { ja: '一般財源' } },
            { id: 'of_general', label: { ja: 'うち一般財源' }, excludeFromTotal: true },
          ],
          staffCount: false,
          hours: false,
          laborCost: { mode: 'entered' },
        },
      ],
    },
  ],
};

describe('template language: Japanese-only labels, codes with spaces, rows outside the total, judgement levels', () => {
  let system: TestSystem;
  let f: PublicationFixture;
  let admin: Api;
  let base: string;
  const CODE = '02 05 02';

  beforeAll(async () => {
    system = await startTestSystem();
    f = await createPublicationFixture(system.db.dataSource, 1);
    admin = as(system, await signIn(system, f.governmentCode, `admin@${f.governmentCode}.example`));
    base = `/public/${f.governmentCode}/jimu-jigyo/${f.fiscalYear}`;
  }, 120_000);
  afterAll(async () => {
    await system?.close();
  });

  it('creates the Japanese-only template through the admin API, English falling back to Japanese', async () => {
    const res = await admin.send('POST', '/admin/templates', TEMPLATE);
    expect(res.status).toBe(201);
    const created = (await res.json()) as {
      id: string;
      definition: { title: { ja: string; en: string }; blocks: { title: { en: string } }[] };
    };
    expect(created.definition.title).toEqual({
      ja: '事務事業評価票（言語試験）',
      en: '事務事業評価票（言語試験）',
    });
    expect(created.definition.blocks.map((b) => b.title.en)).toEqual([
      '事業の概要',
      '成果指標',
      'コスト',
    ]);

    // A bad level order is refused with the path, in Japanese and English.
    const bad = structuredClone(TEMPLATE);
    bad.key = 'test/template-language-bad';
    bad.judgement.levels[1]!.minRate = '120';
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
        path: ['judgement', 'levels', 1, 'minRate'],
        code: 'levels_not_descending',
      }),
    ]);
    expect(body.error.details.problems[0]!.message.ja).toContain('高い順');
    expect(body.error.details.problems[0]!.message.en).toContain('best to worst');

    const cycle = await admin.send('PATCH', `/admin/cycles/${f.cycleId}`, {
      templateId: created.id,
    });
    expect(cycle.status).toBe(200);
  });

  it('takes project codes as governments write them, in the API and in the CSV import', async () => {
    const found = (await (
      await admin.get(`/admin/projects?q=${encodeURIComponent(f.sheets[0]!.projectCode)}`)
    ).json()) as { id: string; code: string }[];
    const project = found.find((p) => p.code === f.sheets[0]!.projectCode)!;
    // Full-width digits and an ideographic space, as typed with a Japanese IME.
    const renamed = await admin.send('PATCH', `/admin/projects/${project.id}`, {
      code: '０２　０５　０２',
    });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { code: string }).code).toBe(CODE);
    const refused = await admin.send('PATCH', `/admin/projects/${project.id}`, { code: '02,05' });
    expect(refused.status).toBe(400);

    const token = await signIn(system, f.governmentCode, `admin@${f.governmentCode}.example`);
    const csv =
      'code,name_ja,section_code\n０２－０５－１０,ハイフンの事業,０１０１\n02 05 03,空白の事業,0101\n';
    const imported = await postCsv(system, token, '/admin/projects/import', csv);
    expect(imported.status).toBe(200);
    const all = (await (await admin.get('/admin/projects')).json()) as { code: string }[];
    expect(all.map((p) => p.code)).toEqual(expect.arrayContaining([CODE, '02-05-10', '02 05 03']));
  });

  it('publishes a sheet using them: page, PDF and open data read back', async () => {
    const fy = f.fiscalYear - 1;
    const row = (id: string, dir: string, target: string, actual: string) => ({
      id,
      kind: 'outcome',
      name: `指標${id}`,
      unit: '件',
      betterDirection: dir,
      values: { [String(fy)]: { target, actual } },
    });
    const content = {
      identity: { summary: '公表試験の総括' },
      indicators: {
        table: {
          rows: [
            row('r1', 'higher', '100', '90'), // 90 % → ○
            row('r2', 'lower', '10', '25'), // lower is better: 10 / 25 = 40 % → ×
            row('r3', 'higher', '50', '60'), // 120 % → ◎
          ],
        },
      },
      cost: {
        table: {
          national: { [fy]: { settled: 500 } },
          general: { [fy]: { settled: 1000 } },
          of_general: { [fy]: { settled: 800 } },
          labor_cost: { [fy]: { settled: 200 } },
        },
      },
    };
    const parsed = parseTemplate(TEMPLATE);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(
      validateForSubmit(parsed.template, content, {
        fiscalYear: f.fiscalYear,
        stage: 'self_evaluation',
      }).errors,
    ).toEqual([]);
    // A new template makes the cycle's sheets anew: the sheet to fill is the cycle's one sheet now.
    const sheets = await system.db.dataSource.query<{ id: string }[]>(
      `SELECT id FROM sheet WHERE cycle_id = $1`,
      [f.cycleId],
    );
    expect(sheets).toHaveLength(1);
    await system.db.dataSource.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
      sheets[0]!.id,
      JSON.stringify(content),
    ]);
    const final = await runCycleToPublication(system, {
      ...f,
      sheets: [{ sheetId: sheets[0]!.id, projectCode: CODE }],
    });
    expect(final).toMatchObject({ status: 'closed', published: 1 });

    const text = async (path: string) => {
      const res = await system.fetch(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return res.text();
    };
    const path = `${base}/${encodeURIComponent(CODE)}`;
    const page = await text(path);
    // (A) = 500 + 1,000 (うち一般財源 800 shown, not added); total (A) + (B) 200 = 1,700.
    expect(page).toContain('うち一般財源（合計に含めない）');
    expect(page).toContain('800');
    expect(page).toContain('1,500');
    expect(page).toContain('1,700');
    expect(page).not.toContain('2,300');
    expect(page).not.toContain('2,500');
    expect(page).toContain('○ 90%');
    expect(page).toContain('× 40%');
    expect(page).toContain('◎ 120%');
    // The same page by its full-width spelling.
    expect(await text(`${base}/${encodeURIComponent('０２　０５　０２')}`)).toContain('1,700');
    // English falls back to the Japanese labels.
    const en = await text(`${path}?lang=en`);
    expect(en).toContain('事業費の内訳');
    expect(en).toContain('うち一般財源 (not added to the total)');

    const res = await system.fetch(`${path}/pdf`);
    expect(res.status).toBe(200);
    const pdf = pdfText(Buffer.from(await res.arrayBuffer()));
    expect(pdf).toContain('うち一般財源（合計に含めない）');
    expect(pdf).toContain('1,700');
    expect(pdf).toContain('◎ 120%');

    // The list links to the encoded code and shows the counts per level.
    const list = await text(base);
    expect(list).toContain(`href="${path}`);
    expect(list).toContain('◎1 ○1 ×1');

    const listJson = JSON.parse(await text(`${base}/data/list.json`)) as {
      rows: Record<string, unknown>[];
    };
    expect(listJson.rows).toEqual([
      expect.objectContaining({
        project_code: CODE,
        total_cost: '1700',
        outcome_levels: '◎1 ○1 ×1',
        outcome_achievement: 'partly',
      }),
    ]);
    const indicators = parse<Record<string, string>>(
      await text(`${base}/data/indicators.utf8.csv`),
      {
        columns: true,
      },
    );
    expect(
      indicators.map((r) => [r['indicator_id'], r['achievement_level'], r['achievement_label']]),
    ).toEqual([
      ['r1', 'good', '○'],
      ['r2', 'poor', '×'],
      ['r3', 'excellent', '◎'],
    ]);
    const costs = parse<Record<string, string>>(await text(`${base}/data/costs.utf8.csv`), {
      columns: true,
    });
    expect(costs.map((r) => [r['project_cost'], r['total_cost']])).toEqual([['1500', '1700']]);
    const values = parse<Record<string, string>>(await text(`${base}/data/values.utf8.csv`), {
      columns: true,
    });
    expect(values[0]![`cost.table.of_general.${fy}.settled`]).toBe('800');
    expect(values[0]![`cost.table.project_cost.${fy}.settled`]).toBe('1500');
  });
});
