import ExcelJS from 'exceljs';
import { managementSheetTemplate, type TemplateDefinition } from '@hyoka/domain';
import type { DataSource } from 'typeorm';
import { appendSheetVersion } from '@hyoka/persistence';
import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';

/**
 * The built-in management sheet with one more block, so every field type is in it (dates,
 * groups, money, percentages, yes/no) and a funding row that may be negative; a full sheet of
 * it. Shared by the API and browser tests of the sheet's Excel workbook.
 */
const t = (ja: string, en: string) => ({ ja, en });
export const TEMPLATE: TemplateDefinition = {
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

export function fullContent(f: CycleFixture): Record<string, unknown> {
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

/** A cycle of `sheets` sheets on TEMPLATE, each filled with fullContent, version 1 of the first. */
export async function createXlsxFixture(ds: DataSource, sheets: number): Promise<CycleFixture> {
  const f = await createCycleFixture(ds, { sheets, content: {} });
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
      sheetId: f.sheets[0]!.sheetId,
      content: fullContent(f),
      authorId: f.evaluatorId,
      stage: 'self_evaluation',
      round: 1,
      action: 'submit',
    }),
  );
  return f;
}

export async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  return wb;
}
export const bytesOf = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());

/** The value cell right of the label `label` (column A), on the form worksheet. */
export function valueCellOf(ws: ExcelJS.Worksheet, label: string): ExcelJS.Cell {
  for (let r = 1; r <= ws.rowCount; r++)
    if (ws.getCell(r, 1).value === label) return ws.getCell(r, 2);
  throw new Error(`no label ${label}`);
}
