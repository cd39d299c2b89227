import { SHEET_SUBJECT_JOINS, SUBJECT_KEY_SQL } from './sheet-subject-sql';
import {
  isUuid,
  projectPublication,
  publicReferenceIds,
  type LocalizedText,
  type PublicProjection,
  type TemplateDefinition,
} from '@hyoka/domain';
import type { EntityManager } from 'typeorm';
import { PublishedSheetEntity } from '../entities/published-sheet.entity';

/** A named unit in the published record (organisation or policy). */
export interface PublishedUnit {
  readonly code: string | null;
  readonly name: LocalizedText;
}

/** Who and where, as of publication: copied so that later reorganisations do not rewrite it. */
export interface PublishedMeta {
  readonly governmentCode: string;
  readonly government: LocalizedText;
  readonly project: PublishedUnit;
  readonly department: PublishedUnit | null;
  readonly section: PublishedUnit | null;
  /** 政策 → 施策 → 基本事業, top first (as far as the project is placed). */
  readonly policyPath: readonly (PublishedUnit & { kind: string })[];
}

/** What `published_sheet.projection` holds. */
export type StoredProjection = PublicProjection & { meta: PublishedMeta };

export interface FreezePublicationInput {
  /** The sheet_version to publish (its content is frozen). */
  readonly sheetVersionId: string;
  /** Why a correction was published (null for a first publication). */
  readonly note?: string | null;
}

const text = (ja: string, en: string | null): LocalizedText => ({ ja, en: en ?? ja });

/**
 * Freezes a sheet version as the sheet's next publication: projects it to the template's public
 * blocks (computed values included, references resolved to names) and appends a
 * `published_sheet` row numbered max + 1 for the sheet. Idempotent on the version: publishing
 * the same version again returns the existing row. Run it inside the transaction that wrote
 * the version (the sheet row is locked, so numbering is serialised).
 */
export async function freezePublication(
  manager: EntityManager,
  input: FreezePublicationInput,
): Promise<PublishedSheetEntity> {
  const repo = manager.getRepository(PublishedSheetEntity);
  const existing = await repo.findOneBy({ sheetVersionId: input.sheetVersionId });
  if (existing) return existing;
  const rows = await manager.query<
    {
      sheet_id: string;
      government_id: string;
      version_no: number;
      created_at: Date;
      content: unknown;
      cycle_id: string;
      fiscal_year: number;
      template_id: string;
      definition: TemplateDefinition;
      gov_code: string;
      gov_name_ja: string;
      gov_name_en: string;
      project_code: string;
      project_name_ja: string;
      project_name_en: string | null;
      policy_node_id: string | null;
      section_code: string | null;
      section_name_ja: string | null;
      section_name_en: string | null;
      department_code: string | null;
      department_name_ja: string | null;
      department_name_en: string | null;
    }[]
  >(
    `SELECT v.sheet_id, v.government_id, v.version_no, v.created_at, v.content, s.cycle_id, c.fiscal_year, c.template_id, t.definition,
            g.code AS gov_code, g.name_ja AS gov_name_ja, g.name_en AS gov_name_en,
            ${SUBJECT_KEY_SQL} AS project_code, COALESCE(p.name_ja, pn.name_ja) AS project_name_ja,
            COALESCE(p.name_en, pn.name_en) AS project_name_en, COALESCE(p.policy_node_id, s.policy_node_id) AS policy_node_id,
            sec.code AS section_code, sec.name_ja AS section_name_ja, sec.name_en AS section_name_en,
            d.code AS department_code, d.name_ja AS department_name_ja, d.name_en AS department_name_en
       FROM sheet_version v
       JOIN sheet s ON s.id = v.sheet_id
       JOIN cycle c ON c.id = s.cycle_id
       JOIN template t ON t.id = c.template_id
       JOIN government g ON g.id = s.government_id
       -- A policy sheet (施策評価) is published as policy-<code>: never a project's address.
       ${SHEET_SUBJECT_JOINS}
       LEFT JOIN section sec ON sec.id = s.section_id
       LEFT JOIN department d ON d.id = sec.department_id
      WHERE v.id = $1`,
    [input.sheetVersionId],
  );
  const row = rows[0];
  if (!row) throw new Error(`sheet_version ${input.sheetVersionId} does not exist`);
  await manager.query(`SELECT id FROM sheet WHERE id = $1 FOR UPDATE`, [row.sheet_id]);

  const policyPath = row.policy_node_id
    ? (
        await manager.query<
          { kind: string; code: string; name_ja: string; name_en: string | null }[]
        >(
          `WITH RECURSIVE up AS (
             SELECT id, parent_id, kind, code, name_ja, name_en, 0 AS depth FROM policy_node WHERE id = $1
             UNION ALL
             SELECT n.id, n.parent_id, n.kind, n.code, n.name_ja, n.name_en, up.depth + 1
               FROM policy_node n JOIN up ON n.id = up.parent_id WHERE up.depth < 10)
           SELECT kind, code, name_ja, name_en FROM up ORDER BY depth DESC`,
          [row.policy_node_id],
        )
      ).map((n) => ({ kind: n.kind, code: n.code, name: text(n.name_ja, n.name_en) }))
    : [];

  const used = publicReferenceIds(row.definition, row.content);
  const refs: Record<string, LocalizedText> = {};
  if (used.section.length > 0) {
    const found = await manager.query<{ id: string; name_ja: string; name_en: string | null }[]>(
      `SELECT id, name_ja, name_en FROM section WHERE government_id = $1 AND id = ANY($2::uuid[])
       UNION ALL
       SELECT id, name_ja, name_en FROM department WHERE government_id = $1 AND id = ANY($2::uuid[])`,
      [row.government_id, used.section.filter(isUuid)],
    );
    for (const f of found) refs[f.id] = text(f.name_ja, f.name_en);
  }
  if (used.person.length > 0) {
    const found = await manager.query<{ id: string; display_name: string }[]>(
      `SELECT id, display_name FROM app_user WHERE government_id = $1 AND id = ANY($2::uuid[])`,
      [row.government_id, used.person.filter(isUuid)],
    );
    for (const f of found) refs[f.id] = text(f.display_name, null);
  }
  const projection = projectPublication(row.definition, row.content, {
    fiscalYear: row.fiscal_year,
    refs,
  });
  const meta: PublishedMeta = {
    governmentCode: row.gov_code,
    government: text(row.gov_name_ja, row.gov_name_en),
    project: { code: row.project_code, name: text(row.project_name_ja, row.project_name_en) },
    department:
      row.department_name_ja !== null
        ? { code: row.department_code, name: text(row.department_name_ja, row.department_name_en) }
        : null,
    section:
      row.section_name_ja !== null
        ? { code: row.section_code, name: text(row.section_name_ja, row.section_name_en) }
        : null,
    policyPath,
  };
  const next = await manager.query<{ n: number }[]>(
    `SELECT COALESCE(MAX(publication_no), 0)::int + 1 AS n FROM published_sheet WHERE sheet_id = $1`,
    [row.sheet_id],
  );
  const policy = policyPath[0] ?? null;
  const stored: StoredProjection = { ...projection, meta };
  return repo.save(
    repo.create({
      governmentId: row.government_id,
      cycleId: row.cycle_id,
      sheetId: row.sheet_id,
      sheetVersionId: input.sheetVersionId,
      versionNo: row.version_no,
      templateId: row.template_id,
      fiscalYear: row.fiscal_year,
      projectCode: row.project_code,
      projectName: row.project_name_ja,
      departmentCode: row.department_code,
      departmentName: row.department_name_ja,
      sectionName: row.section_name_ja,
      policyCode: policy?.code ?? null,
      policyName: policy?.name.ja ?? null,
      totalCost: projection.summary.totalCost?.value ?? null,
      achievement: projection.summary.achievement?.value ?? null,
      direction: projection.summary.direction?.ja ?? null,
      publicationNo: next[0]?.n ?? 1,
      note: input.note ?? null,
      projection: stored,
      // The version's time: the moment of publication (same transaction), also for demo data.
      publishedAt: row.created_at,
    }),
  );
}
