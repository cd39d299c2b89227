import { workflowTypes, type WorkflowOf } from '@hyoka/workflows/workflow-types';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { defaultPipeline, parseTemplate, toPipelineStages } from '@hyoka/domain';
import { workflowIds } from '@hyoka/workflows/ids';
import type { CycleCalendar, SheetWorkflowInput } from '@hyoka/workflows/sheet/types';
import type { DataSource } from 'typeorm';

/**
 * A template defined only as data for workflow tests: one block the evaluator must fill
 * (so an empty draft fails strict validation on submit) and one the reviewers may annotate.
 */
export const WORKFLOW_TEST_TEMPLATE = (() => {
  const parsed = parseTemplate({
    schemaVersion: 1,
    key: 'test/workflow-sheet',
    version: 1,
    title: { ja: 'ワークフロー試験シート', en: 'Workflow test sheet' },
    blocks: [
      {
        key: 'summary',
        title: { ja: '総括', en: 'Summary' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'text',
            type: 'long_text',
            label: { ja: '総括', en: 'Summary' },
            required: true,
            maxLength: 2000,
          },
        ],
      },
      {
        key: 'review',
        title: { ja: '所見', en: 'Review' },
        editableAt: ['section_chief', 'planning_office', 'committee'],
        visibility: 'internal',
        fields: [
          { key: 'note', type: 'long_text', label: { ja: '所見', en: 'Note' }, maxLength: 2000 },
        ],
      },
    ],
  });
  if (!parsed.ok) throw new Error(`test template is invalid: ${JSON.stringify(parsed.errors)}`);
  return parsed.template;
})();

/** Cycles in tests read their counts from the tables every second (5 minutes by default). */
export const TEST_CYCLE_RECOUNT_MS = 1000;

export const VALID_CONTENT = { summary: { text: '目標を達成した。' } };

export interface CycleFixture {
  readonly governmentId: string;
  readonly governmentCode: string;
  readonly fiscalYear: number;
  readonly cycleId: string;
  readonly sectionId: string;
  readonly departmentId: string;
  readonly evaluatorId: string;
  readonly chiefId: string;
  readonly plannerId: string;
  readonly committeeId: string;
  readonly sheets: readonly { readonly sheetId: string; readonly projectCode: string }[];
  readonly calendar: CycleCalendar;
}

export interface CycleFixtureOptions {
  readonly sheets: number;
  readonly calendar?: CycleCalendar;
  /** Content of every draft (default: valid). */
  readonly content?: unknown;
  readonly selectedForCommittee?: (index: number) => boolean;
}

/** Far-future deadlines unless a test says otherwise. */
export function calendarIn(msFromNow: Partial<Record<string, number>> = {}): CycleCalendar {
  const stages = [
    'self_evaluation',
    'section_chief',
    'planning_office',
    'committee',
    'publication',
  ];
  return Object.fromEntries(
    stages.map((stage, i) => {
      const at = new Date(Date.now() + (msFromNow[stage] ?? (i + 1) * 30 * 24 * 3600 * 1000));
      return [stage, { dueDate: at.toISOString().slice(0, 10), deadlineAt: at.toISOString() }];
    }),
  );
}

/** A government with one section, one person per role, and a draft cycle of `sheets` sheets. */
export async function createCycleFixture(
  ds: DataSource,
  options: CycleFixtureOptions,
): Promise<CycleFixture> {
  const code = `t${randomUUID().slice(0, 8)}`;
  const fiscalYear = 2026;
  const calendar = options.calendar ?? calendarIn();
  return ds.transaction(async (m) => {
    const one = async <T>(sql: string, params: unknown[]): Promise<T> =>
      (await m.query<T[]>(sql, params))[0] as T;
    const { id: governmentId } = await one<{ id: string }>(
      `INSERT INTO government (code, name_ja, name_en) VALUES ($1, $2, $3) RETURNING id`,
      [code, `試験市${code}`, `Test City ${code}`],
    );
    const { id: departmentId } = await one<{ id: string }>(
      `INSERT INTO department (government_id, code, name_ja) VALUES ($1, '01', '企画部') RETURNING id`,
      [governmentId],
    );
    const { id: sectionId } = await one<{ id: string }>(
      `INSERT INTO section (government_id, department_id, code, name_ja) VALUES ($1, $2, '0101', '企画課') RETURNING id`,
      [governmentId, departmentId],
    );
    const user = async (
      email: string,
      name: string,
      role: string,
      scopeKind: string,
      scopeId: string,
    ) => {
      const { id } = await one<{ id: string }>(
        `INSERT INTO app_user (government_id, email, display_name) VALUES ($1, $2, $3) RETURNING id`,
        [governmentId, `${email}@${code}.example`, name],
      );
      await m.query(
        `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, $3, $4, $5)`,
        [governmentId, id, role, scopeKind, scopeId],
      );
      return id;
    };
    const evaluatorId = await user('staff', '担当 一郎', 'evaluator', 'section', sectionId);
    const chiefId = await user('chief', '課長 二郎', 'section_chief', 'section', sectionId);
    const plannerId = await user(
      'planning',
      '企画 三郎',
      'planning_office',
      'government',
      governmentId,
    );
    const committeeId = await user(
      'committee',
      '委員 四郎',
      'committee_member',
      'government',
      governmentId,
    );
    const { id: templateId } = await one<{ id: string }>(
      `INSERT INTO template (government_id, key, version, name_ja, name_en, definition, status) VALUES ($1, $2, 1, $3, $4, $5, 'active') RETURNING id`,
      [
        governmentId,
        WORKFLOW_TEST_TEMPLATE.key,
        '試験シート',
        'Test sheet',
        JSON.stringify(WORKFLOW_TEST_TEMPLATE),
      ],
    );
    const pipeline = defaultPipeline.map((s) => ({
      key: s.key,
      role: s.role,
      ...(s.optional ? { optional: true } : {}),
    }));
    const { id: cycleId } = await one<{ id: string }>(
      `INSERT INTO cycle (government_id, fiscal_year, template_id, pipeline, calendar, status) VALUES ($1, $2, $3, $4, $5, 'draft') RETURNING id`,
      [governmentId, fiscalYear, templateId, JSON.stringify(pipeline), JSON.stringify(calendar)],
    );
    const sheets: { sheetId: string; projectCode: string }[] = [];
    for (let i = 0; i < options.sheets; i++) {
      const projectCode = `P${String(i + 1).padStart(5, '0')}`;
      const { id: projectId } = await one<{ id: string }>(
        `INSERT INTO project (government_id, code, name_ja, section_id, period_type) VALUES ($1, $2, $3, $4, 'recurring') RETURNING id`,
        [governmentId, projectCode, `試験事業${i + 1}`, sectionId],
      );
      const { id: sheetId } = await one<{ id: string }>(
        `INSERT INTO sheet (government_id, cycle_id, project_id, section_id, person_in_charge_id, content, current_stage, selected_for_committee)
         VALUES ($1, $2, $3, $4, $5, $6, 'self_evaluation', $7) RETURNING id`,
        [
          governmentId,
          cycleId,
          projectId,
          sectionId,
          evaluatorId,
          JSON.stringify(options.content ?? VALID_CONTENT),
          options.selectedForCommittee?.(i) ?? false,
        ],
      );
      sheets.push({ sheetId, projectCode });
    }
    return {
      governmentId,
      governmentCode: code,
      fiscalYear,
      cycleId,
      sectionId,
      departmentId,
      evaluatorId,
      chiefId,
      plannerId,
      committeeId,
      sheets,
      calendar,
    };
  });
}

/** The sheet workflow input the cycle would build for fixture sheet `index`. */
export function sheetInput(
  f: CycleFixture,
  index: number,
  overrides: Partial<SheetWorkflowInput> = {},
): SheetWorkflowInput {
  const sheet = f.sheets[index];
  if (!sheet) throw new Error(`no sheet ${index}`);
  return {
    sheetId: sheet.sheetId,
    governmentId: f.governmentId,
    cycleWorkflowId: workflowIds.cycle(f.governmentCode, f.fiscalYear),
    fiscalYear: f.fiscalYear,
    sectionId: f.sectionId,
    departmentId: f.departmentId,
    personInChargeId: f.evaluatorId,
    pipeline: toPipelineStages(defaultPipeline),
    calendar: f.calendar,
    selectedForCommittee: false,
    ...overrides,
  };
}

/** Starts a lone sheet workflow (no cycle) and returns its handle. */
export async function startSheet(
  client: Client,
  taskQueue: string,
  f: CycleFixture,
  index: number,
  overrides: Partial<SheetWorkflowInput> = {},
) {
  const sheet = f.sheets[index]!;
  return client.workflow.start<WorkflowOf<'sheet'>>(workflowTypes.sheet, {
    taskQueue,
    workflowId: workflowIds.sheet(f.governmentCode, f.fiscalYear, sheet.projectCode),
    args: [sheetInput(f, index, overrides)],
  });
}

/**
 * Resolves once `check` returns a value other than undefined. For state that another process
 * (a worker, a timer) changes: it re-reads at short intervals, never sleeps a fixed time.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `condition not met within ${timeoutMs} ms${last instanceof Error ? `: ${last.message}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}
