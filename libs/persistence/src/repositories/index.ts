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
export { firstRow, returningRows, type Queryable } from './queryable';
export { isoInstant } from './sql-instant';
export { SessionRepository, type NewSession, type SessionWithUserRow } from './session.repository';
export {
  UserRepository,
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
  CycleRepository,
  type CycleDetailRow,
  type CycleParticipantRow,
  type CycleSummaryRow,
  type OverdueTaskRow,
  type ProgressCountRow,
} from './cycle.repository';
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
  type AuditFilter,
  type AuditInsert,
  type AuditRow,
} from './audit.repository';
export { WiringCheckRepository } from './wiring-check.repository';
