/**
 * A sheet evaluates a project or, in a policy programme (施策評価), a policy node. Queries over
 * sheets join both (`p` the project, `pn` the policy node) and read the subject through these.
 */
export const SHEET_SUBJECT_JOINS = `LEFT JOIN project p ON p.id = s.project_id
  LEFT JOIN policy_node pn ON pn.id = s.policy_node_id`;

/** The code shown for the sheet's subject: the project's, or the 施策's. */
export const SUBJECT_CODE_SQL = `COALESCE(p.code, pn.code)`;

/**
 * The code the sheet's workflow id and public address are made of: the project's code, or
 * `policy-<code>` for a policy sheet, so a 施策 and a project with the same code never share a
 * workflow (`sheet/<government>/<year>/<code>`) nor a page of the portal.
 */
export const SUBJECT_KEY_SQL = `COALESCE(p.code, 'policy-' || pn.code)`;
