import {
  carryForward,
  templatePipeline,
  templateSubject,
  withProjectIdentity,
  type TemplateDefinition,
} from '@hyoka/domain';
import type { EntityManager } from 'typeorm';

export interface CreateCycleInput {
  readonly governmentId: string;
  readonly fiscalYear: number;
  /** The evaluation programme; default: the government's default programme. */
  readonly programmeId?: string;
  readonly templateId: string;
  /** Due date per stage key: `{ dueDate: 'YYYY-MM-DD', deadlineAt?: ISO instant }`. */
  readonly calendar: Readonly<
    Record<string, { readonly dueDate: string; readonly deadlineAt?: string }>
  >;
  /** Stage pipeline; default: the template's own, else the default pipeline. */
  readonly pipeline?: readonly {
    readonly key: string;
    readonly role: string;
    readonly optional?: boolean;
  }[];
  /** Participating projects; default: every active project of the government. */
  readonly projectIds?: readonly string[];
}

export interface CreatedCycle {
  readonly cycleId: string;
  readonly sheetCount: number;
  /** Sheets pre-filled from last year's final version of the same project and template. */
  readonly carriedForward: number;
}

interface ProjectRow {
  id: string;
  code: string;
  name_ja: string;
  section_id: string;
  last_person: string | null;
  last_content: unknown;
  last_template_key: string | null;
}

/**
 * Sets up a fiscal year's cycle in `draft`: one sheet per participating project, the person in
 * charge and the content carried forward from last year's final version when last year used the
 * same template (identity, indicator definitions and past values, next year's plan → this year's
 * activities, as the template declares). Opening it starts the workflows.
 */
export async function createCycleWithSheets(
  m: EntityManager,
  input: CreateCycleInput,
): Promise<CreatedCycle> {
  const templates = await m.query<{ key: string; definition: TemplateDefinition }[]>(
    `SELECT key, definition FROM template WHERE id = $1`,
    [input.templateId],
  );
  const template = templates[0];
  if (!template) throw new Error(`template ${input.templateId} does not exist`);
  const pipeline = (input.pipeline ?? templatePipeline(template.definition)).map((s) => ({
    key: s.key,
    role: s.role,
    ...(s.optional ? { optional: true } : {}),
  }));
  const cycles = await m.query<{ id: string }[]>(
    `INSERT INTO cycle (government_id, fiscal_year, template_id, pipeline, calendar, status, programme_id)
     VALUES ($1, $2, $3, $4, $5, 'draft', $6) RETURNING id`,
    [
      input.governmentId,
      input.fiscalYear,
      input.templateId,
      JSON.stringify(pipeline),
      JSON.stringify(input.calendar),
      // NULL: the trigger of migration 1767500000000 puts it in the default programme.
      input.programmeId ?? null,
    ],
  );
  const cycleId = cycles[0]!.id;
  const added = await addSheetsToCycle(m, {
    governmentId: input.governmentId,
    cycleId,
    fiscalYear: input.fiscalYear,
    template,
    firstStage: pipeline[0]?.key ?? 'self_evaluation',
    ...(input.projectIds ? { projectIds: input.projectIds } : {}),
  });
  return { cycleId, ...added };
}

export interface AddSheetsInput {
  readonly governmentId: string;
  readonly cycleId: string;
  readonly fiscalYear: number;
  readonly template: { readonly key: string; readonly definition: TemplateDefinition };
  readonly firstStage: string;
  /** Default: every active project of the government. */
  readonly projectIds?: readonly string[];
}

/**
 * Adds one sheet per project to a cycle in draft, with the person in charge and the content
 * carried forward from last year's final version when last year used the same template. A project
 * without a sheet last year that replaced others this year (`project_lineage`: rename, merge,
 * split with `fiscal_year` = this year) carries its predecessor's sheet; of several (a merge),
 * the one whose project code comes first in natural order. A carried sheet's project name and
 * code fields take the project's current ones (see withProjectIdentity).
 */
export async function addSheetsToCycle(
  m: EntityManager,
  input: AddSheetsInput,
): Promise<{ sheetCount: number; carriedForward: number }> {
  const { template, cycleId } = input;
  if (templateSubject(template.definition) === 'policy') return addPolicySheetsToCycle(m, input);
  const projects = await m.query<ProjectRow[]>(
    `SELECT p.id, p.code, p.name_ja, p.section_id, last.person_in_charge_id AS last_person, last.content AS last_content, last.template_key AS last_template_key
       FROM project p
       LEFT JOIN LATERAL (
         SELECT s.person_in_charge_id, t.key AS template_key,
                (SELECT v.content FROM sheet_version v WHERE v.sheet_id = s.id ORDER BY v.version_no DESC LIMIT 1) AS content
           FROM sheet s JOIN cycle c ON c.id = s.cycle_id JOIN template t ON t.id = c.template_id
           JOIN project sp ON sp.id = s.project_id
          WHERE c.fiscal_year = $2 - 1
            AND (s.project_id = p.id OR s.project_id IN (
                  SELECT l.from_project_id FROM project_lineage l
                   WHERE l.to_project_id = p.id AND l.fiscal_year = $2))
          ORDER BY (s.project_id = p.id) DESC, sp.code
          LIMIT 1
       ) last ON true
      WHERE p.government_id = $1 AND p.active AND ($3::uuid[] IS NULL OR p.id = ANY($3::uuid[]))
      ORDER BY p.code`,
    [input.governmentId, input.fiscalYear, input.projectIds ? [...input.projectIds] : null],
  );
  let carried = 0;
  for (const project of projects) {
    const sameTemplate =
      project.last_content !== null && project.last_template_key === template.key;
    // Last year's content names the project as it was (before a rename or a reorganisation):
    // the carried sheet takes its current name and code (the diff from `carried` shows it).
    const content = sameTemplate
      ? withProjectIdentity(
          template.definition,
          carryForward(template.definition, project.last_content, {
            fromFiscalYear: input.fiscalYear - 1,
            toFiscalYear: input.fiscalYear,
          }),
          { name: project.name_ja, code: project.code },
        )
      : {};
    if (sameTemplate) carried++;
    await m.query(
      `INSERT INTO sheet (government_id, cycle_id, project_id, section_id, person_in_charge_id, content, current_stage)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        input.governmentId,
        cycleId,
        project.id,
        project.section_id,
        project.last_person,
        JSON.stringify(content),
        input.firstStage,
      ],
    );
  }
  return { sheetCount: projects.length, carriedForward: carried };
}

/**
 * A policy template's sheets (施策評価): one per 施策 (`measure`) of the government valid in the
 * fiscal year, written by the node's lead section. A 施策 without a lead section gets no sheet
 * (there is nobody to write it): name one on the policy node first. Nothing is carried forward.
 */
async function addPolicySheetsToCycle(
  m: EntityManager,
  input: AddSheetsInput,
): Promise<{ sheetCount: number; carriedForward: number }> {
  const rows = await m.query<{ id: string }[]>(
    `INSERT INTO sheet (government_id, cycle_id, policy_node_id, section_id, person_in_charge_id, content, current_stage)
     SELECT n.government_id, $2, n.id, n.lead_section_id, NULL, '{}'::jsonb, $4
       FROM policy_node n
      WHERE n.government_id = $1 AND n.kind = 'measure' AND n.lead_section_id IS NOT NULL
        AND (n.valid_from_fy IS NULL OR n.valid_from_fy <= $3)
        AND (n.valid_to_fy IS NULL OR n.valid_to_fy >= $3)
        AND NOT EXISTS (SELECT 1 FROM sheet s WHERE s.cycle_id = $2 AND s.policy_node_id = n.id)
      ORDER BY n.code
     RETURNING id`,
    [input.governmentId, input.cycleId, input.fiscalYear, input.firstStage],
  );
  return { sheetCount: rows.length, carriedForward: 0 };
}
