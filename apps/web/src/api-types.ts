import type { z } from 'zod';
import type {
  csvColumnSchema,
  csvColumnsSchema,
  csvImportResultSchema,
  csvRowErrorSchema,
} from '@hyoka/api/admin/csv-import.schemas';
import type {
  calendarChangeResultSchema,
  committeeSelectionResultSchema,
  cycleCloseResultSchema,
  cycleDetailSchema,
  cycleProgressReportSchema,
  cycleSummarySchema,
  cycleWriteResultSchema,
} from '@hyoka/api/admin/cycles.schemas';
import type { cycleRosterSchema, sectionSheetsSchema } from '@hyoka/api/admin/cycle-roster.schemas';
import type {
  departmentSchema,
  policyNodeSchema,
  projectSchema,
  sectionSchema,
} from '@hyoka/api/admin/organisation.schemas';
import type {
  templateDetailSchema,
  templateSummarySchema,
  templateVersionSummarySchema,
} from '@hyoka/api/admin/templates.schemas';
import type { userViewSchema } from '@hyoka/api/admin/users.schemas';
import type { reorganisationResultSchema } from '@hyoka/api/admin/reorganisation.schemas';
import type { programmeSchema } from '@hyoka/api/admin/programmes.schemas';
import type { auditItemSchema, auditPageSchema } from '@hyoka/api/audit/audit.schemas';
import type { meSchema, signInResultSchema } from '@hyoka/api/auth/auth.schemas';
import type {
  forgotPasswordResultSchema,
  setPasswordResultSchema,
} from '@hyoka/api/accounts/accounts.schemas';
import type { apiErrorBodySchema } from '@hyoka/api/common/error.schemas';
import type {
  mailLogSchema,
  mailSettingsSchema,
  myMailPageSchema,
  myMailSchema,
} from '@hyoka/api/mail/mail.schemas';
import type { fieldProblemSchema } from '@hyoka/api/openapi/schemas';
import type {
  actionResultSchema,
  commentSchema,
  diffSchema,
  draftSavedSchema,
  newCommentSchema,
  referenceOptionsSchema,
  sheetAction,
  sheetViewSchema,
  versionSchema,
  versionSummarySchema,
} from '@hyoka/api/sheets/sheets.schemas';
import type {
  bulkApproveItemSchema,
  bulkApproveResultSchema,
  inboxItemSchema,
  inboxSchema,
  reassignResultSchema,
} from '@hyoka/api/tasks/tasks.schemas';
import type { xlsxCellErrorSchema, xlsxImportSchema } from '@hyoka/api/sheets/sheet-xlsx.schemas';
import type {
  importReportSchema,
  importResultSchema,
} from '@hyoka/api/publication/publication-admin.schemas';
import type {
  accountingImportReportSchema,
  accountingImportResultSchema,
} from '@hyoka/api/accounting/accounting-import.schemas';

/**
 * What the API answers, as its own response schemas say (`apps/api/src/**\/*.schemas.ts`, the
 * schemas `@Responds` declares and the tests check every answer against). Imported as types only:
 * nothing of them reaches the bundle. A changed answer breaks `npm run typecheck` here, not a
 * user; test/architecture/web-types.test.ts keeps the web app from declaring an answer by hand.
 *
 * `z.output` (not the API's read-only `Output`): the data as the domain's own types take it (a
 * sheet's template goes to `computeSheet`, `validateDraft`, … as a `TemplateDefinition`).
 */
type Answer<S extends z.ZodType> = z.output<S>;

// ---- everyone (apps/api/src/auth, tasks, sheets, mail) ----
export type ApiErrorBody = Answer<typeof apiErrorBodySchema>;
export type FieldProblem = Answer<typeof fieldProblemSchema>;
export type SignInResult = Answer<typeof signInResultSchema>;
export type SetPasswordResult = Answer<typeof setPasswordResultSchema>;
export type ForgotPasswordResult = Answer<typeof forgotPasswordResultSchema>;
export type Me = Answer<typeof meSchema>;
export type Inbox = Answer<typeof inboxSchema>;
export type InboxItem = Answer<typeof inboxItemSchema>;
export type BulkApproveResult = Answer<typeof bulkApproveResultSchema>;
export type BulkApproveItem = Answer<typeof bulkApproveItemSchema>;
export type SheetAction = Answer<typeof sheetAction>;
export type SheetView = Answer<typeof sheetViewSchema>;
export type DraftSaved = Answer<typeof draftSavedSchema>;
export type ActionResult = Answer<typeof actionResultSchema>;
export type VersionSummary = Answer<typeof versionSummarySchema>;
export type Version = Answer<typeof versionSchema>;
export type SheetDiff = Answer<typeof diffSchema>;
export type CommentView = Answer<typeof commentSchema>;
export type NewComment = Answer<typeof newCommentSchema>;
export type ReferenceOptions = Answer<typeof referenceOptionsSchema>;
export type MyMail = Answer<typeof myMailSchema>;
export type MyMailPage = Answer<typeof myMailPageSchema>;
export type MailSettings = Answer<typeof mailSettingsSchema>;

// ---- cycles, progress and the mail log (apps/api/src/admin, mail) ----
export type CycleSummary = Answer<typeof cycleSummarySchema>;
export type CycleDetail = Answer<typeof cycleDetailSchema>;
export type CycleWriteResult = Answer<typeof cycleWriteResultSchema>;
export type CalendarChangeResult = Answer<typeof calendarChangeResultSchema>;
export type CommitteeSelectionResult = Answer<typeof committeeSelectionResultSchema>;
export type CycleCloseResult = Answer<typeof cycleCloseResultSchema>;
export type CycleProgressReport = Answer<typeof cycleProgressReportSchema>;
export type MailLog = Answer<typeof mailLogSchema>;

// ---- organisation, people, imports, templates, audit (apps/api/src/admin, audit) ----
export type Department = Answer<typeof departmentSchema>;
export type Section = Answer<typeof sectionSchema>;
export type Project = Answer<typeof projectSchema>;
export type PolicyNode = Answer<typeof policyNodeSchema>;
export type User = Answer<typeof userViewSchema>;
export type CsvColumn = Answer<typeof csvColumnSchema>;
export type CsvColumns = Answer<typeof csvColumnsSchema>;
export type CsvRowError = Answer<typeof csvRowErrorSchema>;
export type CsvImportResult = Answer<typeof csvImportResultSchema>;
export type TemplateSummary = Answer<typeof templateSummarySchema>;
export type TemplateVersionSummary = Answer<typeof templateVersionSummarySchema>;
export type TemplateDetail = Answer<typeof templateDetailSchema>;
export type AuditItem = Answer<typeof auditItemSchema>;
export type AuditPage = Answer<typeof auditPageSchema>;

// ---- a cycle's roster, the progress drill-down, reassigning a step (apps/api/src/admin, tasks) ----
export type CycleRoster = Answer<typeof cycleRosterSchema>;
export type SectionSheets = Answer<typeof sectionSheetsSchema>;
export type ReassignResult = Answer<typeof reassignResultSchema>;

// ---- reorganisations (apps/api/src/admin/reorganisation.*) ----
export type ReorganisationResult = Answer<typeof reorganisationResultSchema>;

// ---- Excel: a sheet's workbook both ways, the cycle-wide import (sheets/sheet-xlsx.*, publication) ----
export type SheetXlsxImport = Answer<typeof xlsxImportSchema>;
export type XlsxCellError = Answer<typeof xlsxCellErrorSchema>;
export type CycleImportReport = Answer<typeof importReportSchema>;
export type CycleImportResult = Answer<typeof importResultSchema>;
// ---- evaluation programmes (apps/api/src/admin/programmes.*) ----
export type Programme = Answer<typeof programmeSchema>;
// ---- the accounting system's import (apps/api/src/accounting) ----
export type AccountingImportReport = Answer<typeof accountingImportReportSchema>;
export type AccountingImportResult = Answer<typeof accountingImportResultSchema>;
