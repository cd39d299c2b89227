/**
 * The values of the enumerated columns, as plain types with no import: the entities use them, and
 * the API's response schemas check their enums against them (`enumOf<…>()`) without pulling
 * TypeORM into the web app, which type-checks those schemas for its own answer types.
 */

export type CycleStatus = 'draft' | 'open' | 'closed';
export type SheetStatus = 'not_started' | 'in_progress' | 'published' | 'withdrawn';
export type SheetVersionAction = 'submit' | 'approve' | 'send_back' | 'publish' | 'correction';
export type TemplateStatus = 'draft' | 'active' | 'retired';
export type ProjectPeriodType = 'single_year' | 'recurring' | 'fixed_term';
export type PolicyNodeKind = 'policy' | 'measure' | 'basic_project';
export type ProjectLineageKind = 'rename' | 'merge' | 'split';

export type UserLocale = 'ja' | 'en';
export type MailPreference = 'immediate' | 'digest';
export type UserRoleName =
  | 'evaluator'
  | 'section_chief'
  | 'department_head'
  | 'planning_office'
  | 'committee_member'
  | 'administrator';
export type RoleScopeKind = 'government' | 'department' | 'section';

export type MailKind =
  | 'digest'
  | 'sent_back'
  | 'task_arrived'
  | 'calendar_moved'
  | 'account_locked'
  | 'invitation'
  | 'password_reset'
  | 'cycle_opened';
export type AccountTokenPurpose = 'invitation' | 'password_reset';
export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed';
