import {
  builtinTemplates,
  managementSheetTemplate,
  templatePipeline,
  validateForSubmit,
  computeSheet,
  STAGE,
  type SheetContent,
  type StageKey,
} from '@hyoka/domain';
import { onOrBeforeBusinessDay, parseIsoDate } from '@hyoka/calendar';
import {
  AppUserEntity,
  CommentEntity,
  CycleEntity,
  DepartmentEntity,
  GovernmentEntity,
  PolicyNodeEntity,
  ProjectEntity,
  SectionEntity,
  SheetEntity,
  TeamEntity,
  UserRoleEntity,
  appendSheetVersion,
  ensureBuiltinTemplates,
  freezePublication,
  type RoleScopeKind,
  type SheetVersionAction,
  type UserRoleName,
} from '@hyoka/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { DEMO_GOVERNMENT, DEPARTMENTS, POLICIES, PROJECTS_BY_SECTION } from './catalog';
import { buildSheetContent, type SheetContentByStage } from './content';
import { personName } from './people';
import { SeededRandom } from './random';

export interface LoadDemoDataOptions {
  /** The current fiscal year; the demo holds a closed cycle for the year before. */
  readonly fiscalYear: number;
}

export interface DemoDataSummary {
  /** False when the demo government already existed (nothing was written). */
  readonly created: boolean;
  readonly governmentId: string;
  readonly governmentCode: string;
  /** Fiscal year of the closed demo cycle (options.fiscalYear − 1). */
  readonly closedCycleFiscalYear: number;
  readonly counts: DemoCounts;
}

export interface DemoCounts {
  readonly departments: number;
  readonly sections: number;
  readonly teams: number;
  readonly policyNodes: number;
  readonly projects: number;
  readonly users: number;
  readonly roles: Readonly<Record<string, number>>;
  readonly cycles: number;
  readonly sheets: number;
  readonly sheetVersions: number;
  readonly comments: number;
}

/** Fixed seed: the demo data is identical on every run. */
const SEED = 20_260_401;
const mail = (local: string): string => `${local}@${DEMO_GOVERNMENT.mailDomain}`;

/** True when no government exists yet (a fresh installation). */
export async function isDatabaseEmpty(dataSource: DataSource): Promise<boolean> {
  const rows: { empty: boolean }[] = await dataSource.query(
    `SELECT NOT EXISTS (SELECT 1 FROM "government") AS "empty"`,
  );
  return rows[0]?.empty === true;
}

/**
 * Loads the fictional サンプル市 (code 999999): organisation, policy hierarchy, 60 projects,
 * users in every role, the built-in templates, and a closed cycle for the previous fiscal year
 * with every sheet filled, approved and published. Idempotent: when the government exists,
 * nothing is written and the summary describes what is there. Deterministic (seeded).
 */
export async function loadDemoData(
  dataSource: DataSource,
  options: LoadDemoDataOptions,
): Promise<DemoDataSummary> {
  const cycleYear = options.fiscalYear - 1;
  return dataSource.transaction(async (manager) => {
    // Serialise concurrent loaders (e.g. API and worker starting together).
    await manager.query(`SELECT pg_advisory_xact_lock(7402032)`);
    const existing = await manager
      .getRepository(GovernmentEntity)
      .findOneBy({ code: DEMO_GOVERNMENT.code });
    if (existing) {
      return {
        created: false,
        governmentId: existing.id,
        governmentCode: existing.code,
        closedCycleFiscalYear: cycleYear,
        counts: await countDemoData(manager, existing.id),
      };
    }
    const governmentId = await writeDemoData(manager, cycleYear);
    return {
      created: true,
      governmentId,
      governmentCode: DEMO_GOVERNMENT.code,
      closedCycleFiscalYear: cycleYear,
      counts: await countDemoData(manager, governmentId),
    };
  });
}

async function countDemoData(manager: EntityManager, governmentId: string): Promise<DemoCounts> {
  const count = async (table: string): Promise<number> => {
    const rows: { n: string }[] = await manager.query(
      `SELECT count(*) AS "n" FROM "${table}" WHERE "government_id" = $1`,
      [governmentId],
    );
    return Number(rows[0]?.n ?? 0);
  };
  const roleRows: { role: string; n: string }[] = await manager.query(
    `SELECT "role", count(*) AS "n" FROM "user_role" WHERE "government_id" = $1 GROUP BY "role" ORDER BY "role"`,
    [governmentId],
  );
  return {
    departments: await count('department'),
    sections: await count('section'),
    teams: await count('team'),
    policyNodes: await count('policy_node'),
    projects: await count('project'),
    users: await count('app_user'),
    roles: Object.fromEntries(roleRows.map((r) => [r.role, Number(r.n)])),
    cycles: await count('cycle'),
    sheets: await count('sheet'),
    sheetVersions: await count('sheet_version'),
    comments: await count('comment'),
  };
}

/** A Tokyo business day on or before the given date, as a timestamp at 17:00 JST. */
function businessDay(year: number, month: number, day: number): { iso: string; at: Date } {
  const raw = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  let iso = raw;
  try {
    iso = onOrBeforeBusinessDay(parseIsoDate(raw));
  } catch {
    // Outside the holiday data: keep the date as is.
  }
  return { iso, at: new Date(`${iso}T17:00:00+09:00`) };
}

async function writeDemoData(manager: EntityManager, cycleYear: number): Promise<string> {
  const random = new SeededRandom(SEED);
  const government = await manager.getRepository(GovernmentEntity).save(
    manager.getRepository(GovernmentEntity).create({
      code: DEMO_GOVERNMENT.code,
      nameJa: DEMO_GOVERNMENT.nameJa,
      nameEn: DEMO_GOVERNMENT.nameEn,
    }),
  );
  const governmentId = government.id;

  // Organisation.
  const departmentRepo = manager.getRepository(DepartmentEntity);
  const sectionRepo = manager.getRepository(SectionEntity);
  const departments = new Map<string, DepartmentEntity>();
  const sections = new Map<string, SectionEntity>();
  for (const [i, d] of DEPARTMENTS.entries()) {
    const department = await departmentRepo.save(
      departmentRepo.create({
        governmentId,
        code: d.code,
        nameJa: d.nameJa,
        nameEn: d.nameEn,
        sortOrder: i + 1,
        validFromFy: null,
        validToFy: null,
      }),
    );
    departments.set(d.code, department);
    for (const [j, s] of d.sections.entries()) {
      sections.set(
        s.code,
        await sectionRepo.save(
          sectionRepo.create({
            governmentId,
            departmentId: department.id,
            code: s.code,
            nameJa: s.nameJa,
            nameEn: s.nameEn,
            sortOrder: j + 1,
            validFromFy: null,
            validToFy: null,
          }),
        ),
      );
    }
  }
  const teamRepo = manager.getRepository(TeamEntity);
  const teams: [string, string, string, string][] = [
    ['0401', '040101', '維持係', 'Maintenance Team'],
    ['0401', '040102', '工事係', 'Construction Team'],
    ['0303', '030301', '子育て相談係', 'Family Consultation Team'],
    ['0303', '030302', '児童クラブ係', 'After-School Club Team'],
  ];
  for (const [sectionCode, code, nameJa, nameEn] of teams) {
    await teamRepo.save(
      teamRepo.create({
        governmentId,
        sectionId: sections.get(sectionCode)?.id ?? '',
        code,
        nameJa,
        nameEn,
        validFromFy: null,
        validToFy: null,
      }),
    );
  }

  // Policy hierarchy.
  const policyRepo = manager.getRepository(PolicyNodeEntity);
  const basics = new Map<string, { node: PolicyNodeEntity; policy: string; measure: string }>();
  const node = (
    kind: PolicyNodeEntity['kind'],
    code: string,
    nameJa: string,
    nameEn: string,
    parentId: string | null,
    sortOrder: number,
  ): Promise<PolicyNodeEntity> =>
    policyRepo.save(
      policyRepo.create({
        governmentId,
        kind,
        code,
        nameJa,
        nameEn,
        parentId,
        sortOrder,
        validFromFy: null,
        validToFy: null,
      }),
    );
  for (const [i, policy] of POLICIES.entries()) {
    const p = await node('policy', policy.code, policy.nameJa, policy.nameEn, null, i + 1);
    for (const [j, measure] of policy.measures.entries()) {
      const m = await node('measure', measure.code, measure.nameJa, measure.nameEn, p.id, j + 1);
      for (const [k, [code, nameJa, nameEn]] of measure.basics.entries()) {
        const b = await node('basic_project', code, nameJa, nameEn, m.id, k + 1);
        basics.set(code, { node: b, policy: policy.nameJa, measure: measure.nameJa });
      }
    }
  }

  // Users and roles.
  const userRepo = manager.getRepository(AppUserEntity);
  const roleRepo = manager.getRepository(UserRoleEntity);
  const addUser = async (
    local: string,
    roles: [UserRoleName, RoleScopeKind, string][],
    extra: Partial<Pick<AppUserEntity, 'locale' | 'mailPreference' | 'displayName'>> = {},
  ): Promise<AppUserEntity> => {
    const user = await userRepo.save(
      userRepo.create({
        governmentId,
        email: mail(local),
        displayName: extra.displayName ?? personName(random),
        passwordHash: null,
        locale: extra.locale ?? 'ja',
        mailPreference: extra.mailPreference ?? (random.chance(0.25) ? 'digest' : 'immediate'),
        active: true,
      }),
    );
    for (const [role, scopeKind, scopeId] of roles) {
      await roleRepo.save(
        roleRepo.create({ governmentId, userId: user.id, role, scopeKind, scopeId }),
      );
    }
    return user;
  };
  const admin = await addUser('admin', [['administrator', 'government', governmentId]], {
    displayName: '行政 管理者',
  });
  const planning: AppUserEntity[] = [];
  for (let i = 1; i <= 3; i += 1) {
    planning.push(await addUser(`planning${i}`, [['planning_office', 'government', governmentId]]));
  }
  for (const d of DEPARTMENTS) {
    await addUser(`head.${d.code}`, [
      ['department_head', 'department', departments.get(d.code)?.id ?? ''],
    ]);
  }
  const chiefs = new Map<string, AppUserEntity>();
  const evaluators = new Map<string, AppUserEntity[]>();
  for (const d of DEPARTMENTS) {
    for (const s of d.sections) {
      const sectionId = sections.get(s.code)?.id ?? '';
      chiefs.set(
        s.code,
        await addUser(`chief.${s.code}`, [['section_chief', 'section', sectionId]]),
      );
      const staff: AppUserEntity[] = [];
      for (let k = 1; k <= 2; k += 1) {
        staff.push(await addUser(`staff.${s.code}.${k}`, [['evaluator', 'section', sectionId]]));
      }
      evaluators.set(s.code, staff);
    }
  }
  const committee: AppUserEntity[] = [];
  for (let i = 1; i <= 3; i += 1) {
    committee.push(
      await addUser(`committee${i}`, [['committee_member', 'government', governmentId]], {
        locale: i === 3 ? 'en' : 'ja',
        mailPreference: 'digest',
      }),
    );
  }

  // Built-in templates (shared rows) and last year's cycle on the management sheet.
  const templates = await ensureBuiltinTemplates(manager, builtinTemplates);
  const template = templates[builtinTemplates.indexOf(managementSheetTemplate)];
  if (!template) throw new Error('demo: the management-sheet template row is missing');
  const pipeline = templatePipeline(managementSheetTemplate);
  const due = {
    [STAGE.selfEvaluation]: businessDay(cycleYear, 5, 30),
    [STAGE.sectionChief]: businessDay(cycleYear, 6, 13),
    [STAGE.planningOffice]: businessDay(cycleYear, 7, 31),
    [STAGE.committee]: businessDay(cycleYear, 9, 12),
    [STAGE.finalDecision]: businessDay(cycleYear, 10, 3),
    [STAGE.publication]: businessDay(cycleYear, 10, 17),
  };
  const cycle = await manager.getRepository(CycleEntity).save(
    manager.getRepository(CycleEntity).create({
      governmentId,
      fiscalYear: cycleYear,
      templateId: template.id,
      pipeline,
      // The calendar's one stored form (as the API writes it): `{ dueDate }` per stage key.
      calendar: Object.fromEntries(
        Object.entries(due).map(([stage, d]) => [stage, { dueDate: d.iso }]),
      ),
      status: 'closed',
      openedAt: new Date(`${cycleYear}-04-01T09:00:00+09:00`),
      closedAt: new Date(`${cycleYear}-10-31T17:00:00+09:00`),
    }),
  );

  // Projects, sheets, versions.
  const projectRepo = manager.getRepository(ProjectEntity);
  const sheetRepo = manager.getRepository(SheetEntity);
  const commentRepo = manager.getRepository(CommentEntity);
  let index = 0;
  for (const d of DEPARTMENTS) {
    for (const [sectionIndex, s] of d.sections.entries()) {
      const section = sections.get(s.code);
      const department = departments.get(d.code);
      const chief = chiefs.get(s.code);
      const staff = evaluators.get(s.code) ?? [];
      const basic = basics.get(s.basicProject);
      const seeds = PROJECTS_BY_SECTION[s.code] ?? [];
      if (!section || !department || !chief || !basic || staff.length === 0) {
        throw new Error(`demo: incomplete catalogue for section ${s.code}`);
      }
      for (const [k, seed] of seeds.entries()) {
        const projectCode = `${s.code}${String(k + 1).padStart(2, '0')}`;
        const fixedTerm = seed.fixedTerm === true;
        const startFy = fixedTerm ? cycleYear - 3 : random.int(1995, cycleYear - 5);
        const endFy = fixedTerm ? cycleYear + 2 : null;
        const project = await projectRepo.save(
          projectRepo.create({
            governmentId,
            code: projectCode,
            nameJa: seed.name,
            nameEn: null,
            sectionId: section.id,
            policyNodeId: basic.node.id,
            startFy,
            endFy,
            periodType: fixedTerm ? 'fixed_term' : 'recurring',
            active: true,
          }),
        );
        const person = staff[k % staff.length] ?? chief;
        const selectedForCommittee = index % 10 === 3;
        const sentBack = index % 12 === 7;
        const content = buildSheetContent(
          {
            fiscalYear: cycleYear,
            seed,
            projectCode,
            departmentId: department.id,
            sectionId: section.id,
            sectionChiefId: chief.id,
            personInChargeId: person.id,
            policyName: basic.policy,
            measureName: basic.measure,
            basicProjectName: basic.node.nameJa,
            budget: { kan: 2 + DEPARTMENTS.indexOf(d), kou: sectionIndex + 1, moku: k + 1 },
            extension: String(2100 + index),
            startFy,
            endFy,
            selectedForCommittee,
          },
          random,
        );
        checkContent(content, cycleYear, selectedForCommittee, projectCode);
        const sheet = await sheetRepo.save(
          sheetRepo.create({
            governmentId,
            cycleId: cycle.id,
            projectId: project.id,
            sectionId: section.id,
            personInChargeId: person.id,
            content: content.publication,
            draftRevision: sentBack ? 9 : 6,
            currentStage: STAGE.publication,
            round: sentBack ? 2 : 1,
            selectedForCommittee,
            status: 'published',
          }),
        );
        const at = (base: { at: Date }, daysBefore: number): Date =>
          new Date(base.at.getTime() - daysBefore * 86_400_000 - random.int(0, 6) * 3_600_000);
        const version = (
          stage: StageKey,
          action: SheetVersionAction,
          authorId: string,
          round: number,
          snapshot: SheetContent,
          createdAt: Date,
          reason: string | null = null,
        ) =>
          appendSheetVersion(manager, {
            sheetId: sheet.id,
            content: snapshot,
            authorId,
            stage,
            round,
            action,
            reason,
            createdAt,
          });
        let round = 1;
        if (sentBack) {
          const draft = withoutEvaluationSummary(content.selfEvaluation);
          await version(
            STAGE.selfEvaluation,
            'submit',
            person.id,
            1,
            draft,
            at(due.self_evaluation, 12),
          );
          const reason =
            '評価結果の総括が未記入のため差し戻します。成果指標の推移を踏まえて記入してください。';
          const sentBackAt = at(due.self_evaluation, 10);
          const sentBackVersion = await version(
            STAGE.sectionChief,
            'send_back',
            chief.id,
            1,
            draft,
            sentBackAt,
            reason,
          );
          // The chief's reason, for the evaluator and the chief (the default of a send-back).
          await commentRepo.save(
            commentRepo.create({
              governmentId,
              sheetId: sheet.id,
              stage: STAGE.sectionChief,
              round: 1,
              authorId: chief.id,
              body: reason,
              audience: STAGE.sectionChief,
              sheetVersionId: sentBackVersion.id,
              createdAt: sentBackAt,
            }),
          );
          round = 2;
        }
        await version(
          STAGE.selfEvaluation,
          'submit',
          person.id,
          round,
          content.selfEvaluation,
          at(due.self_evaluation, 3),
        );
        await version(
          STAGE.sectionChief,
          'approve',
          chief.id,
          round,
          content.sectionChief,
          at(due.section_chief, 2),
        );
        const reviewer = planning[index % planning.length] ?? admin;
        await version(
          STAGE.planningOffice,
          'approve',
          reviewer.id,
          round,
          content.planningOffice,
          at(due.planning_office, 5),
        );
        if (selectedForCommittee) {
          const member = committee[index % committee.length] ?? admin;
          await version(
            STAGE.committee,
            'approve',
            member.id,
            round,
            content.committee,
            at(due.committee, 4),
          );
        }
        // The final decision (最終決定): the planning office decides on the mayor's behalf.
        await version(
          STAGE.finalDecision,
          'approve',
          reviewer.id,
          round,
          content.publication,
          at(due.final_decision, 2),
        );
        const published = await version(
          STAGE.publication,
          'publish',
          admin.id,
          round,
          content.publication,
          at(due.publication, 0),
        );
        await freezePublication(manager, { sheetVersionId: published.id });
        index += 1;
      }
    }
  }
  return governmentId;
}

function withoutEvaluationSummary(content: SheetContent): SheetContent {
  const evaluation = { ...(content['evaluation'] ?? {}) };
  delete evaluation['summary'];
  return { ...content, evaluation };
}

/** The demo must be valid for every stage it passed, and its totals must add up. */
function checkContent(
  content: SheetContentByStage,
  fiscalYear: number,
  selectedForCommittee: boolean,
  projectCode: string,
): void {
  const checks: [StageKey, SheetContent][] = [
    [STAGE.selfEvaluation, content.selfEvaluation],
    [STAGE.sectionChief, content.sectionChief],
    [STAGE.planningOffice, content.planningOffice],
    ...(selectedForCommittee
      ? ([[STAGE.committee, content.committee]] as [StageKey, SheetContent][])
      : []),
    [STAGE.finalDecision, content.publication],
    [STAGE.publication, content.publication],
  ];
  for (const [stage, snapshot] of checks) {
    const result = validateForSubmit(managementSheetTemplate, snapshot, { fiscalYear, stage });
    if (!result.ok) {
      const first = result.errors
        .slice(0, 3)
        .map((e) => `${e.path.join('.')}: ${e.message.en}`)
        .join('; ');
      throw new Error(`demo: sheet ${projectCode} is not valid at ${stage}: ${first}`);
    }
  }
  const costs = computeSheet(managementSheetTemplate, content.publication, { fiscalYear }).costs[
    'cost.table'
  ];
  for (const column of costs?.columns ?? []) {
    if (column.projectCost === null) continue;
    const total = BigInt(column.projectCost) + BigInt(column.laborCost ?? '0');
    if (column.totalCost !== total.toString()) {
      throw new Error(`demo: sheet ${projectCode} total cost is not (A)+(B)`);
    }
  }
}
