import type { EntityManager } from 'typeorm';
import {
  AppUserEntity,
  DepartmentEntity,
  ProjectEntity,
  SectionEntity,
  TemplateEntity,
} from '@hyoka/persistence';

export interface MiniGovernment {
  governmentId: string;
  sectionId: string;
  userId: string;
  templateId: string;
  cycleId: string;
  projectId: string;
  sheetId: string;
}

/** The smallest government with one sheet: enough to exercise constraints and versions. */
export async function createMiniGovernment(
  manager: EntityManager,
  code: string,
): Promise<MiniGovernment> {
  // Only the columns a government has had from the start: migration tests build this on an older
  // schema (the entity also knows columns later migrations added).
  const [government] = await manager.query<{ id: string }[]>(
    `INSERT INTO government (code, name_ja, name_en) VALUES ($1, $2, $3) RETURNING id`,
    [code, `テスト町${code}`, `Test Town ${code}`],
  );
  const governmentId = government!.id;
  const department = await manager
    .getRepository(DepartmentEntity)
    .save({ governmentId, code: '01', nameJa: '総務部', nameEn: null });
  const section = await manager.getRepository(SectionEntity).save({
    governmentId,
    departmentId: department.id,
    code: '0101',
    nameJa: '総務課',
    nameEn: null,
  });
  const user = await manager.getRepository(AppUserEntity).save({
    governmentId,
    email: `staff@${code}.example`,
    displayName: '試験 太郎',
    passwordHash: null,
  });
  const template = await manager.getRepository(TemplateEntity).save({
    governmentId,
    key: `${code}/sheet`,
    version: 1,
    nameJa: '評価シート',
    nameEn: 'Evaluation sheet',
    definition: { blocks: [] },
    status: 'active',
  });
  // The cycle and the sheet are written with the columns every schema version has, so a test
  // that undoes later migrations (comment-audience-migration) can still set one up; columns added
  // later take their defaults (a cycle's programme: the government's default, by trigger).
  const [cycle] = await manager.query<{ id: string }[]>(
    `INSERT INTO cycle (government_id, fiscal_year, template_id, pipeline, calendar, status)
     VALUES ($1, 2025, $2, $3, $4, 'open') RETURNING id`,
    [
      governmentId,
      template.id,
      JSON.stringify([{ key: 'self_evaluation' }]),
      JSON.stringify({ self_evaluation: '2025-05-30' }),
    ],
  );
  const project = await manager.getRepository(ProjectEntity).save({
    governmentId,
    code: '010101',
    nameJa: '試験事業',
    nameEn: null,
    sectionId: section.id,
    policyNodeId: null,
    startFy: 2020,
    endFy: null,
    periodType: 'recurring',
  });
  const [sheet] = await manager.query<{ id: string }[]>(
    `INSERT INTO sheet (government_id, cycle_id, project_id, section_id, person_in_charge_id, current_stage, status)
     VALUES ($1, $2, $3, $4, $5, 'self_evaluation', 'in_progress') RETURNING id`,
    [governmentId, cycle!.id, project.id, section.id, user.id],
  );
  return {
    governmentId,
    sectionId: section.id,
    userId: user.id,
    templateId: template.id,
    cycleId: cycle!.id,
    projectId: project.id,
    sheetId: sheet!.id,
  };
}

/** The SQLSTATE of a failed query (e.g. 23505 unique_violation). */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const driverError = (error as { driverError?: { code?: string } }).driverError;
  return driverError?.code ?? (error as { code?: string }).code;
}

/** Runs `fn`, expecting it to fail; returns the SQLSTATE. */
export async function failureState(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
  } catch (error) {
    return sqlState(error);
  }
  throw new Error('expected the statement to fail');
}
