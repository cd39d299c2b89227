import {
  hasAggregates,
  withAggregates,
  type AggregateSource,
  type TemplateDefinition,
} from '@hyoka/domain';
import type { Queryable } from './sql';

interface PolicySheetRow {
  id: string;
  government_id: string;
  policy_node_id: string;
  fiscal_year: number;
  definition: TemplateDefinition;
  content: unknown;
  draft_revision: number;
}

interface SourceRow {
  sheet_id: string;
  code: string;
  name_ja: string;
  name_en: string | null;
  fiscal_year: number;
  definition: TemplateDefinition;
  content: unknown;
}

/**
 * The project sheets a policy sheet aggregates: those of the same government and fiscal year, in
 * any cycle whose template evaluates projects, whose project belongs to the policy node or to a
 * node under it (a 基本事業 of the 施策). Their current drafts: the policy sheet follows them until
 * it is published (the published copy keeps what it had). Withdrawn sheets are left out.
 */
export async function policyAggregateSources(
  db: Queryable,
  governmentId: string,
  policyNodeId: string,
  fiscalYear: number,
): Promise<AggregateSource[]> {
  const rows = await db.query<SourceRow[]>(
    `WITH RECURSIVE under AS (
       SELECT id, 0 AS depth FROM policy_node WHERE id = $2 AND government_id = $1
       UNION ALL
       SELECT n.id, under.depth + 1 FROM policy_node n JOIN under ON n.parent_id = under.id
        WHERE under.depth < 10)
     SELECT s.id AS sheet_id, p.code, p.name_ja, p.name_en, c.fiscal_year, t.definition, s.content
       FROM sheet s
       JOIN project p ON p.id = s.project_id
       JOIN cycle c ON c.id = s.cycle_id
       JOIN template t ON t.id = c.template_id
      WHERE s.government_id = $1 AND c.fiscal_year = $3 AND s.status <> 'withdrawn'
        AND COALESCE(t.definition->>'subject', 'project') = 'project'
        AND p.policy_node_id IN (SELECT id FROM under)`,
    [governmentId, policyNodeId, fiscalYear],
  );
  return rows.map((r) => ({
    sheetId: r.sheet_id,
    projectCode: r.code,
    projectName: { ja: r.name_ja, en: r.name_en ?? r.name_ja },
    template: r.definition,
    fiscalYear: r.fiscal_year,
    content: r.content,
  }));
}

/**
 * Recomputes a policy sheet's aggregates into its draft (without moving its draft revision: the
 * values are the server's, not an edit) and returns the content; undefined for a project sheet, a
 * template without aggregates, or a sheet published or withdrawn (its values stay as they were). Run it in the transaction that reads or versions the sheet.
 */
export async function refreshPolicyAggregates(db: Queryable, sheetId: string): Promise<unknown> {
  const rows = await db.query<PolicySheetRow[]>(
    `SELECT s.id, s.government_id, s.policy_node_id, c.fiscal_year, t.definition, s.content, s.draft_revision
       FROM sheet s JOIN cycle c ON c.id = s.cycle_id JOIN template t ON t.id = c.template_id
      WHERE s.id = $1 AND s.policy_node_id IS NOT NULL AND s.status IN ('not_started', 'in_progress')`,
    [sheetId],
  );
  const sheet = rows[0];
  if (!sheet || !hasAggregates(sheet.definition)) return undefined;
  const sources = await policyAggregateSources(
    db,
    sheet.government_id,
    sheet.policy_node_id,
    sheet.fiscal_year,
  );
  const content = withAggregates(sheet.definition, sheet.content, sources);
  // Only over the draft that was read: a save in between keeps its content (and refreshes itself).
  await db.query(`UPDATE sheet SET content = $2 WHERE id = $1 AND draft_revision = $3`, [
    sheetId,
    JSON.stringify(content),
    sheet.draft_revision,
  ]);
  return content;
}
