/**
 * Which tables a government archive holds, in the order they are written and read back (every
 * foreign key points to a table earlier in the list), and which tables it leaves out and why.
 * test/persistence/archive-tables.test.ts fails when the database has a table that is in neither
 * list, so a new table cannot be forgotten by the export.
 *
 * `where` selects the government's rows; `$1` is the government's id. `order` makes the export
 * repeatable and, where a table refers to itself, puts parents before children.
 */
export interface ArchiveTable {
  readonly name: string;
  readonly where: string;
  readonly order: string;
  /** Columns never exported (secrets). On import they are NULL. */
  readonly omit?: readonly string[];
  /**
   * A bytea column written as one file per row, `files/<table>/<fileKey values joined by .>.<ext>`;
   * in the row's JSON and CSV the column holds that path.
   */
  readonly fileColumn?: string;
  readonly fileKey?: readonly string[];
  readonly fileExtension?: string;
}

const own = 't."government_id" = $1';

export const ARCHIVE_TABLES: readonly ArchiveTable[] = [
  { name: 'government', where: 't."id" = $1', order: 't."id"' },
  { name: 'department', where: own, order: 't."id"' },
  { name: 'section', where: own, order: 't."id"' },
  { name: 'team', where: own, order: 't."id"' },
  // Password hashes stay behind: imported people set a password (or an administrator does).
  { name: 'app_user', where: own, order: 't."id"', omit: ['password_hash'] },
  { name: 'user_role', where: own, order: 't."id"' },
  // A person's saved inbox filters are theirs and move with them.
  { name: 'saved_inbox_filter', where: own, order: 't."id"' },
  // 政策 before 施策 before 基本事業: a node's parent is written before it.
  {
    name: 'policy_node',
    where: own,
    order: `CASE t."kind" WHEN 'policy' THEN 0 WHEN 'measure' THEN 1 ELSE 2 END, t."id"`,
  },
  { name: 'project', where: own, order: 't."id"' },
  { name: 'project_lineage', where: own, order: 't."id"' },
  // The government's own templates and the deployment's built-in ones (shared, government_id
  // NULL): an import uses the target's built-in row of the same key and version when it has one.
  {
    name: 'template',
    where: 't."government_id" = $1 OR t."government_id" IS NULL',
    order: 't."government_id" NULLS FIRST, t."id"',
  },
  // Evaluation programmes (事務事業評価, 施策評価 …) before the cycles that belong to them.
  { name: 'programme', where: own, order: 't."id"' },
  { name: 'cycle', where: own, order: 't."id"' },
  { name: 'cycle_reminder_policy', where: own, order: 't."cycle_id"' },
  { name: 'sheet', where: own, order: 't."id"' },
  { name: 'sheet_version', where: own, order: 't."sheet_id", t."version_no"' },
  { name: 'comment', where: own, order: 't."id"' },
  { name: 'task', where: own, order: 't."id"' },
  { name: 'published_sheet', where: own, order: 't."id"' },
  {
    name: 'published_pdf',
    where: `t."published_sheet_id" IN (SELECT p."id" FROM "published_sheet" p WHERE p."government_id" = $1)`,
    order: 't."published_sheet_id", t."locale"',
    fileColumn: 'pdf',
    fileKey: ['published_sheet_id', 'locale'],
    fileExtension: 'pdf',
  },
  { name: 'mail_outbox', where: own, order: 't."id"' },
  { name: 'audit_log', where: own, order: 't."created_at", t."id"' },
  // Which cells of a sheet came from the accounting system's import (after sheet and app_user).
  { name: 'sheet_cell_source', where: own, order: 't."sheet_id", t."path"' },
];

/** Tables of the database that are deliberately not in an archive, each with its reason. */
export const ARCHIVE_EXCLUDED_TABLES: Readonly<Record<string, string>> = {
  session:
    'sign-in sessions: secrets (token hashes) that must not leave the deployment; people sign in again',
  sign_in_throttle:
    'failed sign-in counters of the last hour, keyed by address and account, not by government',
  account_token:
    'one-time invitation and reset links (hashes, valid 24 h): secrets of this deployment; an imported person is invited again or asks for a reset',
  platform_operator:
    "the hosting operator's own accounts (API token hashes), which belong to no government",
  wiring_check: "the deployment's own end-to-end self-test (development page), no government data",
  bound_report:
    'bound reports (報告書): PDFs built on request from the publications, which the archive holds; build them again after an import',
  portal_version:
    "a counter per government raised by triggers whenever its public pages change (the portal's cache key): importing the publications raises it again",
  typeorm_migrations:
    "TypeORM's record of applied migrations: the archive's schemaVersion stands for it",
};

/** Where a row's binary column is kept inside the archive. */
export function archiveFilePath(table: ArchiveTable, row: Record<string, unknown>): string {
  const key = (table.fileKey ?? []).map((c) => String(row[c]).replace(/[^0-9A-Za-z_-]/g, '_'));
  return `files/${table.name}/${key.join('.')}.${table.fileExtension ?? 'bin'}`;
}
