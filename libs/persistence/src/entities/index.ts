import { AuditLogEntity } from './audit-log.entity';
import { CommentEntity } from './comment.entity';
import { TaskEntity } from './task.entity';
import { SessionEntity } from './session.entity';
import { CycleEntity } from './cycle.entity';
import { GovernmentEntity } from './government.entity';
import { DepartmentEntity, SectionEntity, TeamEntity } from './organisation.entity';
import { PolicyNodeEntity } from './policy-node.entity';
import { ProjectEntity, ProjectLineageEntity } from './project.entity';
import { SheetVersionEntity } from './sheet-version.entity';
import { SheetEntity } from './sheet.entity';
import { TemplateEntity } from './template.entity';
import { AppUserEntity, UserRoleEntity } from './user.entity';
import { WiringCheckEntity } from './wiring-check.entity';
import { MailOutboxEntity } from './mail-outbox.entity';
import { CycleReminderPolicyEntity } from './reminder-policy.entity';
import { PublishedPdfEntity, PublishedSheetEntity } from './published-sheet.entity';
import { AccountTokenEntity } from './account-token.entity';
import { PlatformOperatorEntity } from './platform-operator.entity';
import { SavedInboxFilterEntity } from './saved-inbox-filter.entity';
import { ProgrammeEntity } from './programme.entity';
import { SheetCellSourceEntity } from './sheet-cell-source.entity';
import { BoundReportEntity } from './bound-report.entity';

export { WiringCheckEntity, type WiringCheckStatus } from './wiring-check.entity';
export { GovernmentEntity } from './government.entity';
export { DepartmentEntity, SectionEntity, TeamEntity } from './organisation.entity';
export {
  AppUserEntity,
  UserRoleEntity,
  USER_ROLE_NAMES,
  type MailPreference,
  type RoleScopeKind,
  type UserLocale,
  type UserRoleName,
} from './user.entity';
export { PolicyNodeEntity, type PolicyNodeKind } from './policy-node.entity';
export {
  ProjectEntity,
  ProjectLineageEntity,
  type ProjectLineageKind,
  type ProjectPeriodType,
} from './project.entity';
export { TemplateEntity, type TemplateStatus } from './template.entity';
export { CycleEntity, type CycleStatus } from './cycle.entity';
export { SheetEntity, type SheetStatus } from './sheet.entity';
export {
  SheetVersionEntity,
  SHEET_VERSION_ACTIONS,
  type SheetVersionAction,
} from './sheet-version.entity';
export { CommentEntity } from './comment.entity';
export { TaskEntity, type TaskOutcome, type TaskStatus } from './task.entity';
export { SessionEntity } from './session.entity';
export {
  MailOutboxEntity,
  MAIL_KINDS,
  MAIL_STATUSES,
  type MailKind,
  type MailStatus,
} from './mail-outbox.entity';
export { CycleReminderPolicyEntity } from './reminder-policy.entity';
export { PublishedSheetEntity, PublishedPdfEntity } from './published-sheet.entity';
export { AuditLogEntity } from './audit-log.entity';
export { AccountTokenEntity, type AccountTokenPurpose } from './account-token.entity';
export { PlatformOperatorEntity } from './platform-operator.entity';
export { SavedInboxFilterEntity } from './saved-inbox-filter.entity';
export { ProgrammeEntity } from './programme.entity';
export { SheetCellSourceEntity } from './sheet-cell-source.entity';
export { BoundReportEntity } from './bound-report.entity';

/** Every entity, listed explicitly so the same list works from sources, dist and tests. */
export const entities = [
  WiringCheckEntity,
  GovernmentEntity,
  DepartmentEntity,
  SectionEntity,
  TeamEntity,
  AppUserEntity,
  UserRoleEntity,
  PolicyNodeEntity,
  ProjectEntity,
  ProjectLineageEntity,
  TemplateEntity,
  CycleEntity,
  SheetEntity,
  SheetVersionEntity,
  CommentEntity,
  TaskEntity,
  SessionEntity,
  MailOutboxEntity,
  CycleReminderPolicyEntity,
  PublishedSheetEntity,
  PublishedPdfEntity,
  AuditLogEntity,
  AccountTokenEntity,
  PlatformOperatorEntity,
  SavedInboxFilterEntity,
  ProgrammeEntity,
  SheetCellSourceEntity,
  BoundReportEntity,
];
