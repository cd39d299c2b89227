import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import {
  STAGE_DEFINITIONS,
  templatePipeline,
  validatePipeline,
  type CycleCalendar,
  type StageDefinition,
} from '@hyoka/domain';
import type { AppConfig } from '@hyoka/config';
import {
  CycleRepository,
  OrganisationRepository,
  ProgrammeRepository,
  TemplateRepository,
  UserRepository,
  USER_ROLE_NAMES,
  type CycleStatus,
} from '@hyoka/persistence';
import {
  changeCycleCalendar,
  cycleWorkflowId,
  publishCycleNow,
  startCycle,
} from '@hyoka/workflows/cycle/client';
import type { CycleProgress } from '@hyoka/workflows/cycle/messages';
import { signalSheet } from '@hyoka/workflows/sheet/client';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { ApiError } from '../common/api-error';
import { isUuid } from '../common/ids';
import { workflowFailure } from '../sheets/workflow-errors';
import { APP_CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../tokens';
import {
  conflict,
  notFound,
  problem,
  uniqueViolation,
  unprocessable,
  type FieldProblem,
} from './admin-errors';
import { checkCalendar, type DueInput } from './calendar-check';
import type {
  CalendarChangeResult,
  CommitteeSelectionResult,
  CycleCloseResult,
  CycleDetail,
  CycleParticipant,
  CycleSummary,
  CycleWriteResult,
} from './cycles.schemas';

export interface StageInput {
  readonly key: string;
  readonly role: string;
  readonly label?: { readonly ja: string; readonly en: string } | undefined;
  readonly optional?: boolean | undefined;
}

export interface ParticipantInput {
  readonly projectId: string;
  /** The person in charge (担当者); null: the section's evaluators share the task; absent: last year's. */
  readonly personInChargeId?: string | null | undefined;
}

export interface CycleSetupInput {
  readonly fiscalYear: number;
  /** The evaluation programme; default: the government's default programme. */
  readonly programmeId?: string | undefined;
  readonly templateId: string;
  readonly pipeline?: readonly StageInput[] | undefined;
  readonly calendar: Readonly<Record<string, DueInput>>;
  /** Participating projects; default: every active project. */
  readonly projects?: readonly ParticipantInput[] | undefined;
}

export type CycleUpdateInput = Partial<Omit<CycleSetupInput, 'fiscalYear' | 'programmeId'>>;

/** Roles a stage may name: the user roles, and `committee` (worked by committee members). */
const STAGE_ROLES = new Set<string>([...USER_ROLE_NAMES, 'committee']);

const CYCLE_NOT_FOUND = ['評価サイクルが見つかりません', 'No such cycle'] as const;

/**
 * A fiscal year's evaluation cycle, from set-up in draft to opening (the cycle workflow), calendar
 * changes while it runs, the committee's selection and closing. State that does not fit an action
 * is a 409 naming the state.
 */
@Injectable()
export class AdminCyclesService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly cycles: CycleRepository,
    private readonly templates: TemplateRepository,
    private readonly organisation: OrganisationRepository,
    private readonly users: UserRepository,
    private readonly programmes: ProgrammeRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(auth: AuthContext): Promise<CycleSummary[]> {
    return this.cycles.list(auth.governmentId);
  }

  async get(auth: AuthContext, id: string): Promise<CycleDetail> {
    const row = isUuid(id)
      ? await this.cycles.findDetail<CycleCalendar>(auth.governmentId, id)
      : undefined;
    if (!row) throw notFound(...CYCLE_NOT_FOUND);
    const participants: CycleParticipant[] = await this.cycles.participants(auth.governmentId, id);
    return {
      ...row,
      pipeline: row.pipeline.map(withLabel),
      workflowId: cycleWorkflowId(
        row.governmentCode,
        row.fiscalYear,
        row.programme.isDefault ? null : row.programme.code,
      ),
      participants,
    };
  }

  async create(auth: AuthContext, input: CycleSetupInput): Promise<CycleWriteResult> {
    const programme = input.programmeId
      ? await this.programmes.findById(auth.governmentId, input.programmeId)
      : await this.programmes.findById(
          auth.governmentId,
          await this.programmes.ensureDefault(auth.governmentId),
        );
    if (!programme)
      throw unprocessable('cycle_invalid', [
        problem(
          ['programmeId'],
          'programme_not_found',
          '評価の種類が見つかりません',
          'No such evaluation programme in this government',
        ),
      ]);
    if (await this.cycles.existsForFiscalYear(auth.governmentId, input.fiscalYear, programme.id))
      throw cycleExists(input.fiscalYear, programme);
    const setup = await this.checkSetup(auth, input);
    let cycleId: string;
    try {
      cycleId = await this.dataSource.transaction(async (m) => {
        const created = await this.cycles.createWithSheets(m, {
          governmentId: auth.governmentId,
          fiscalYear: input.fiscalYear,
          programmeId: programme.id,
          templateId: input.templateId,
          calendar: setup.calendar,
          pipeline: setup.pipeline,
          ...(setup.projectIds ? { projectIds: setup.projectIds } : {}),
        });
        // The stored pipeline keeps the labels (progress and exports show them).
        await this.cycles.setPipeline(m, created.cycleId, JSON.stringify(setup.pipeline));
        await this.assignPeople(m, created.cycleId, input.projects ?? []);
        return created.cycleId;
      });
    } catch (error) {
      if (uniqueViolation(error) === 'UQ_cycle_government_programme_fiscal_year')
        throw cycleExists(input.fiscalYear, programme);
      throw error;
    }
    return { cycle: await this.get(auth, cycleId), warnings: setup.warnings };
  }

  /** Changes a cycle still in draft: template, pipeline, calendar, participants and people. */
  async update(auth: AuthContext, id: string, patch: CycleUpdateInput): Promise<CycleWriteResult> {
    const current = await this.get(auth, id);
    requireDraft(current.status);
    const templateChanged =
      patch.templateId !== undefined && patch.templateId !== current.templateId;
    const input: CycleSetupInput = {
      fiscalYear: current.fiscalYear,
      templateId: patch.templateId ?? current.templateId,
      pipeline: patch.pipeline ?? (templateChanged ? undefined : current.pipeline),
      calendar: patch.calendar ?? current.calendar,
      projects:
        patch.projects ??
        // Policy sheets (施策評価) come from the policy tree, not from the participants.
        current.participants.flatMap((p) =>
          p.projectId === null
            ? []
            : [{ projectId: p.projectId, personInChargeId: p.personInChargeId }],
        ),
    };
    const setup = await this.checkSetup(auth, input);
    await this.dataSource.transaction(async (m) => {
      requireDraft((await this.cycles.lockStatus(m, id)) ?? 'closed');
      await this.cycles.updateSetup(m, id, {
        templateId: input.templateId,
        pipelineJson: JSON.stringify(setup.pipeline),
        calendarJson: JSON.stringify(setup.calendar),
      });
      const wanted = new Set(setup.projectIds ?? []);
      const keep = templateChanged
        ? []
        : current.participants.flatMap((p) =>
            p.projectId !== null && wanted.has(p.projectId) ? [p.projectId] : [],
          );
      await this.cycles.deleteSheetsExcept(m, id, keep);
      const template = await this.templates.findDefinition(input.templateId, m);
      const added = [...wanted].filter((p) => !keep.includes(p));
      if (added.length > 0) {
        await this.cycles.addSheets(m, {
          governmentId: auth.governmentId,
          cycleId: id,
          fiscalYear: current.fiscalYear,
          template: template!,
          firstStage: setup.pipeline[0]!.key,
          projectIds: added,
        });
      }
      await this.cycles.setSheetsStage(m, id, setup.pipeline[0]!.key);
      await this.assignPeople(m, id, input.projects ?? []);
    });
    return { cycle: await this.get(auth, id), warnings: setup.warnings };
  }

  /**
   * Starts the cycle workflow (which opens every sheet's workflow). The cycle moves from draft to
   * open first, under a row lock, so a second request is told "already open"; the workflow id is
   * derived from the government and fiscal year, so Temporal refuses a duplicate as well.
   */
  async open(auth: AuthContext, id: string): Promise<CycleDetail> {
    const cycle = await this.get(auth, id);
    const claimed = await this.dataSource.transaction(async (m) => {
      const row = await this.cycles.lockForOpening(m, id);
      if (!row) throw notFound(...CYCLE_NOT_FOUND);
      if (row.status === 'open') throw alreadyOpen();
      if (row.status === 'closed') throw cycleClosed();
      if (row.sheets === 0) {
        throw conflict(
          'cycle_empty',
          'このサイクルには対象事業がありません。事業を追加してから開始してください',
          'The cycle has no participating project; add projects before opening it',
        );
      }
      const check = checkCalendar(cycle.pipeline, cycle.calendar);
      if (check.problems.length > 0) throw unprocessable('cycle_invalid', check.problems);
      await this.cycles.markOpen(m, id);
      return check.calendar;
    });
    try {
      await startCycle(this.temporal, {
        taskQueue: this.config.taskQueue,
        workflowId: cycle.workflowId,
        cycleId: id,
        calendar: claimed,
        recountEveryMs: this.config.cycleRecountMs,
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw alreadyOpen();
      await this.cycles.revertOpening(id);
      throw error;
    }
    return this.get(auth, id);
  }

  /**
   * Moves due dates (given stages only; the others keep theirs). In draft, the stored calendar;
   * while open, the cycle workflow's `changeCalendar` update, which every running sheet follows.
   */
  async changeCalendar(
    auth: AuthContext,
    id: string,
    changes: Readonly<Record<string, DueInput>>,
  ): Promise<CalendarChangeResult> {
    const cycle = await this.get(auth, id);
    if (cycle.status === 'closed') throw cycleClosed();
    const check = checkCalendar(cycle.pipeline, { ...cycle.calendar, ...changes });
    if (check.problems.length > 0) throw unprocessable('calendar_invalid', check.problems);
    let sheetsNotified = 0;
    if (cycle.status === 'draft') {
      const stored = await this.cycles.setDraftCalendar(id, JSON.stringify(check.calendar));
      if (!stored) return this.changeCalendar(auth, id, changes); // opened meanwhile
    } else {
      try {
        ({ sheetsNotified } = await changeCycleCalendar(
          this.temporal,
          cycle.workflowId,
          check.calendar,
        ));
      } catch (error) {
        throw cycleUpdateError(error);
      }
    }
    return { cycle: await this.get(auth, id), warnings: check.warnings, sheetsNotified };
  }

  /**
   * The sheets the external committee reviews (the whole selection: others are unselected).
   * While the cycle runs, each changed sheet's workflow is told.
   */
  async selectCommittee(
    auth: AuthContext,
    id: string,
    sheetIds: readonly string[],
  ): Promise<CommitteeSelectionResult> {
    const cycle = await this.get(auth, id);
    if (cycle.status === 'closed') throw cycleClosed();
    const committeeIndex = cycle.pipeline.findIndex((s) => s.optional === true);
    if (committeeIndex < 0) {
      throw conflict(
        'no_committee_stage',
        'このサイクルには外部評価（選ばれたシートのみの段階）がありません',
        'The cycle has no stage for selected sheets (external committee)',
      );
    }
    const byId = new Map(cycle.participants.map((p) => [p.sheetId, p]));
    const problems = sheetIds.flatMap((sheetId, i) =>
      byId.has(sheetId)
        ? []
        : [
            problem(
              ['sheetIds', i],
              'unknown_sheet',
              `sheetIds.${i}: このサイクルの評価シートではありません`,
              `sheetIds.${i}: not a sheet of this cycle`,
            ),
          ],
    );
    if (problems.length > 0) throw unprocessable('selection_invalid', problems);
    const wanted = new Set(sheetIds);
    const changed = cycle.participants.filter(
      (p) => p.selectedForCommittee !== wanted.has(p.sheetId),
    );
    const warnings: FieldProblem[] = [];
    const stageIndex = new Map(cycle.pipeline.map((s, i) => [s.key, i]));
    sheetIds.forEach((sheetId, i) => {
      const p = byId.get(sheetId)!;
      if ((stageIndex.get(p.stage) ?? 0) > committeeIndex || p.status === 'published') {
        warnings.push(
          problem(
            ['sheetIds', i],
            'past_committee_stage',
            `sheetIds.${i}: 事業 ${p.projectCode} は既に外部評価の段階を過ぎています`,
            `sheetIds.${i}: project ${p.projectCode} has already passed the committee stage`,
          ),
        );
      }
    });
    await this.cycles.selectForCommittee(id, [...wanted]);
    const fresh = await this.get(auth, id);
    if (fresh.status === 'open') {
      const codes = new Map(fresh.participants.map((p) => [p.sheetId, p.workflowCode]));
      for (const p of changed) {
        const key = {
          ...fresh,
          workflowProgramme: fresh.programme.isDefault ? null : fresh.programme.code,
          projectCode: codes.get(p.sheetId)!,
        };
        try {
          await signalSheet(this.temporal, key, {
            signal: 'committeeSelection',
            selected: wanted.has(p.sheetId),
          });
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error; // not started yet or finished: the table decides
        }
      }
    }
    return { selected: wanted.size, changed: changed.length, warnings };
  }

  /**
   * Closes a running cycle: every sheet that has passed its last review is published now, the rest
   * as they arrive, and the cycle closes when the last is published (the workflow's `publishNow`).
   */
  async close(auth: AuthContext, id: string): Promise<CycleCloseResult> {
    const cycle = await this.get(auth, id);
    if (cycle.status === 'draft') {
      throw conflict(
        'cycle_not_open',
        'このサイクルはまだ開始されていません',
        'The cycle has not been opened',
      );
    }
    if (cycle.status === 'closed') throw cycleClosed();
    let progress: CycleProgress;
    try {
      progress = await publishCycleNow(this.temporal, cycle.workflowId);
    } catch (error) {
      throw cycleUpdateError(error);
    }
    return { cycle: await this.get(auth, id), progress };
  }

  /** The people in charge given (an absent one keeps last year's), in the caller's transaction. */
  private async assignPeople(
    m: EntityManager,
    cycleId: string,
    projects: readonly ParticipantInput[],
  ): Promise<void> {
    for (const p of projects) {
      if (p.personInChargeId === undefined) continue; // keep last year's
      await this.cycles.assignPerson(m, cycleId, p.projectId, p.personInChargeId);
    }
  }

  /** Template, pipeline, calendar and participants checked together; every problem at once. */
  private async checkSetup(auth: AuthContext, input: CycleSetupInput) {
    const problems: FieldProblem[] = [];
    const template = await this.templates.findVisibleDefinition(
      auth.governmentId,
      input.templateId,
    );
    if (!template || template.status === 'retired') {
      problems.push(
        problem(
          ['templateId'],
          template ? 'template_retired' : 'unknown_template',
          template ? 'templateId: この様式は廃止されています' : 'templateId: 様式が見つかりません',
          template ? 'templateId: the template is retired' : 'templateId: no such template',
        ),
      );
    }
    const pipeline = (
      input.pipeline ?? (template ? templatePipeline(template.definition) : [])
    ).map(withLabel);
    const checked = validatePipeline(pipeline);
    if (!checked.ok) {
      for (const e of checked.errors)
        problems.push({
          path: ['pipeline', ...e.path],
          code: e.code,
          message: { ja: `pipeline: ${e.message.ja}`, en: `pipeline: ${e.message.en}` },
        });
    }
    pipeline.forEach((stage, i) => {
      if (!STAGE_ROLES.has(stage.role)) {
        problems.push(
          problem(
            ['pipeline', i, 'role'],
            'unknown_role',
            `pipeline.${i}.role: ロール「${stage.role}」はありません（${[...STAGE_ROLES].join(', ')}）`,
            `pipeline.${i}.role: unknown role "${stage.role}" (one of ${[...STAGE_ROLES].join(', ')})`,
          ),
        );
      }
    });
    const calendar = checkCalendar(pipeline, input.calendar);
    problems.push(...calendar.problems);
    let projectIds: string[] | undefined;
    if (input.projects) {
      projectIds = input.projects.map((p) => p.projectId);
      const known = await this.organisation.projectsActive(auth.governmentId, projectIds);
      const named = input.projects.flatMap((p) => (p.personInChargeId ? [p.personInChargeId] : []));
      const people = new Set(await this.users.activeIds(auth.governmentId, named));
      // The person in charge fills the sheet in: one of the staff (担当者), not an administrator or
      // a committee member.
      const staff = new Set(await this.users.activeStaffIds(auth.governmentId, named));
      const seen = new Set<string>();
      input.projects.forEach((p, i) => {
        const active = known.get(p.projectId);
        if (active !== true) {
          problems.push(
            problem(
              ['projects', i, 'projectId'],
              active === false ? 'project_inactive' : 'unknown_project',
              active === false
                ? `projects.${i}.projectId: この事業は廃止（無効）になっています`
                : `projects.${i}.projectId: 事業が見つかりません`,
              active === false
                ? `projects.${i}.projectId: the project is inactive`
                : `projects.${i}.projectId: no such project`,
            ),
          );
        }
        if (seen.has(p.projectId)) {
          problems.push(
            problem(
              ['projects', i, 'projectId'],
              'duplicate_project',
              `projects.${i}.projectId: 同じ事業が重複しています`,
              `projects.${i}.projectId: the project is listed twice`,
            ),
          );
        }
        seen.add(p.projectId);
        if (p.personInChargeId && !people.has(p.personInChargeId)) {
          problems.push(
            problem(
              ['projects', i, 'personInChargeId'],
              'unknown_person',
              `projects.${i}.personInChargeId: 担当者が見つからないか、無効になっています`,
              `projects.${i}.personInChargeId: no such active user`,
            ),
          );
        } else if (p.personInChargeId && !staff.has(p.personInChargeId)) {
          problems.push(
            problem(
              ['projects', i, 'personInChargeId'],
              'person_not_staff',
              `projects.${i}.personInChargeId: 担当者には担当者（評価者）の権限を持つ職員を選んでください`,
              `projects.${i}.personInChargeId: the person in charge must be staff (hold the evaluator role)`,
            ),
          );
        }
      });
    }
    if (problems.length > 0) throw unprocessable('cycle_invalid', problems);
    return { pipeline, calendar: calendar.calendar, warnings: calendar.warnings, projectIds };
  }
}

/** A stage with its label: given, else the known stage's, else empty (the pipeline check names it). */
function withLabel(stage: StageInput): StageDefinition {
  const known = STAGE_DEFINITIONS[stage.key as keyof typeof STAGE_DEFINITIONS] as
    StageDefinition | undefined;
  return {
    key: stage.key,
    role: stage.role,
    label: stage.label ?? known?.label ?? { ja: '', en: '' },
    ...(stage.optional ? { optional: true } : {}),
  };
}

function requireDraft(status: CycleStatus): void {
  if (status === 'open') {
    throw conflict(
      'cycle_not_draft',
      '開始済みのサイクルは変更できません（期限の変更は calendar で行えます）',
      'An open cycle cannot be edited (move due dates through its calendar)',
    );
  }
  if (status === 'closed') throw cycleClosed();
}

const alreadyOpen = () =>
  conflict('cycle_already_open', 'このサイクルは既に開始されています', 'The cycle is already open');
const cycleClosed = () =>
  conflict('cycle_closed', 'このサイクルは終了しています', 'The cycle is closed');
const cycleExists = (
  fiscalYear: number,
  programme: { code: string; nameJa: string; nameEn: string | null },
) =>
  conflict(
    'cycle_exists',
    `${programme.nameJa}の${fiscalYear}年度の評価サイクルは既にあります`,
    `The ${fiscalYear} cycle of ${programme.nameEn ?? programme.nameJa} already exists`,
    { fiscalYear, programme: programme.code },
  );

/** A rejected cycle-workflow update as the API's error. */
function cycleUpdateError(error: unknown): unknown {
  const failure = workflowFailure(error);
  if (failure === 'not_found') {
    return conflict(
      'cycle_not_running',
      'このサイクルのワークフローは動いていません',
      'The cycle workflow is not running',
    );
  }
  if (!failure) return error;
  const reason = failure.reason;
  if (failure.type === 'CycleClosed') return cycleClosed();
  if (failure.type === 'InvalidCalendar') {
    return new ApiError(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'calendar_invalid',
      {
        ja: `期限の指定に誤りがあります: ${reason ?? ''}`,
        en: `Invalid calendar: ${reason ?? ''}`,
      },
      { reason },
    );
  }
  return error;
}
