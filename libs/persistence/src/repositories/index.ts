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
export { isoInstant, updateReturning, type PublicOf, type Queryable } from './sql';
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
} from './publication.repository';
export {
  CycleRepository,
  type CycleForRun,
  type CycleSheetRow,
  type OpenCycleRow,
} from './cycle.repository';
export {
  OutboxRepository,
  type ClaimedMail,
  type OutboxLogFilter,
  type OutboxLogRow,
  type OutboxPageAfter,
  type OutboxPageRow,
} from './outbox.repository';
export { UserRepository, type RoleGrantRow } from './user.repository';
export { OrganisationRepository } from './organisation.repository';
export { Transactions } from './transactions';
export { inboxStatement, type InboxCaller, type InboxFilter, type InboxRow } from './inbox';
