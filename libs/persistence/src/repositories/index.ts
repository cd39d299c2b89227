export { canonicalJson, contentHash } from './canonical-json';
export {
  appendSheetVersion,
  nextVersionNo,
  SheetNotFoundError,
  type AppendSheetVersionInput,
} from './sheet-versions';
export { ensureBuiltinTemplates, type TemplateDefinitionLike } from './templates';
export {
  addSheetsToCycle,
  createCycleWithSheets,
  type AddSheetsInput,
  type CreateCycleInput,
  type CreatedCycle,
} from './cycles';
export {
  freezePublication,
  type FreezePublicationInput,
  type PublishedMeta,
  type PublishedUnit,
  type StoredProjection,
} from './published-sheets';
export { insertOutbox, messageIdFor, type OutboxMail, type OutboxRow } from './mail-outbox';
export { firstRow, isoInstant, updateReturning, type PublicOf, type Queryable } from './sql';
export { createRepositories, type Repositories } from './repositories';
export {
  TASK_RECIPIENTS,
  TaskRepository,
  type TaskRecord,
  type DigestTaskRow,
  type MailUser,
  type NewTask,
  type TaskKey,
  type TaskRecipientRow,
} from './task.repository';
export {
  CommentRepository,
  type CommentRow,
  type CommentsQuery,
  type NewCommentRow,
} from './comment.repository';
export {
  SheetRepository,
  type SheetForCorrection,
  type SheetCommentContext,
  type SheetForTransition,
} from './sheet.repository';
export {
  SheetVersionRepository,
  type VersionReader,
  type VersionSummaryRow,
} from './sheet-version.repository';
export {
  PublicationRepository,
  type PublishedListQuery,
  type PublishedRow,
  type PublishedSort,
  type PublishingGovernment,
  type PublishingProgramme,
} from './publication.repository';
export {
  CycleRepository,
  type CycleDetailRow,
  type CycleForRun,
  type CycleWorkflowCounts,
  type CycleParticipantRow,
  type CycleSheetRow,
  type CycleSummaryRow,
  type OpenCycleRow,
  type OverdueTaskRow,
  type ProgressCountRow,
} from './cycle.repository';
export {
  OutboxRepository,
  type ClaimedMail,
  type OutboxLogFilter,
  type OutboxLogRow,
  type OutboxPageAfter,
  type OutboxPageRow,
} from './outbox.repository';
export { Transactions } from './transactions';
export { inboxStatement, type InboxCaller, type InboxFilter, type InboxRow } from './inbox';
export { SessionRepository, type NewSession, type SessionWithUserRow } from './session.repository';
export {
  UserRepository,
  type RoleGrantRow,
  type RoleAssignment,
  type SignInRow,
  type UserAdminRow,
  type UserImportRow,
  type UserRoleView,
  type UserWithGovernmentRow,
  type UserWrite,
} from './user.repository';
export {
  OrganisationRepository,
  type DepartmentRow,
  type GovernmentNamesRow,
  type OrganisationTable,
  type PolicyNodeRow,
  type ProjectImportValues,
  type ProjectRow,
  type ProjectWrite,
  type SectionRow,
  type UnitWrite,
} from './organisation.repository';
export {
  TemplateRepository,
  type TemplateDetailRow,
  type TemplateVersionRow,
} from './template.repository';
export {
  SheetAccessRepository,
  type OpenTaskRow,
  type SheetAccessRow,
} from './sheet-access.repository';
export { HealthRepository, type OutboxHealthRow } from './health.repository';
export { SignInThrottleRepository, SIGN_IN_THROTTLE_TABLE } from './sign-in-throttle.repository';
export {
  AuditRepository,
  auditInsertOf,
  type AuditFields,
  type AuditFilter,
  type AuditInsert,
  type AuditRow,
} from './audit.repository';
export { WiringCheckRepository } from './wiring-check.repository';
export {
  PolicyRepository,
  type PolicyNodeDetailRow,
  type PolicyNodeWrite,
} from './policy.repository';
export {
  ReorganisationRepository,
  type LineageRow,
  type OrganisationSnapshotRows,
  type SuccessorProject,
  type PreviewProjectRow,
  type PreviewSheetRow,
} from './reorganisation.repository';
export {
  ArchiveRepository,
  type ArchiveGovernmentRow,
  type ExportedRow,
} from './archive.repository';
export {
  GovernmentRepository,
  type GovernmentListRow,
  type GovernmentWrite,
} from './government.repository';
export {
  AccountTokenRepository,
  type AccountTokenRow,
  type NewAccountToken,
} from './account-token.repository';
export {
  PlatformOperatorRepository,
  type PlatformOperatorRow,
} from './platform-operator.repository';
export {
  SavedInboxFilterRepository,
  type SaveFilterOutcome,
  type SavedInboxFilterRow,
} from './saved-inbox-filter.repository';
export type { PersonInChargeSheetRow } from './cycle.repository';
export {
  CycleRosterRepository,
  type RosterPersonRow,
  type RosterRecipientRow,
  type RosterSheetRow,
  type SectionOfGovernmentRow,
  type SectionProgressRow,
  type SectionSheetRow,
} from './cycle-roster.repository';
export { WorkflowRestoreRepository, type RestoreSheetRow } from './workflow-restore.repository';
export {
  ProgrammeRepository,
  type ProgrammePatch,
  type ProgrammeRow,
  type ProgrammeWrite,
} from './programme.repository';
export { SheetCellSourceRepository, type SheetCellSourceRow } from './sheet-cell-source.repository';
export {
  BoundReportRepository,
  type BindablePublication,
  type BoundReportRow,
  type BoundReportStatus,
  type ClaimedBoundReport,
} from './bound-report.repository';
export type { PublishedPageLink } from './publication.repository';
