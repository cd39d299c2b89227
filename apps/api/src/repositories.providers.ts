import type { Provider } from '@nestjs/common';
import {
  AccountTokenRepository,
  AuditRepository,
  CommentRepository,
  CycleRepository,
  GovernmentRepository,
  HealthRepository,
  OrganisationRepository,
  OutboxRepository,
  PlatformOperatorRepository,
  PublicationRepository,
  SessionRepository,
  SheetAccessRepository,
  SheetRepository,
  SheetVersionRepository,
  SignInThrottleRepository,
  TaskRepository,
  TemplateRepository,
  Transactions,
  UserRepository,
  WiringCheckRepository,
  PolicyRepository,
  ReorganisationRepository,
  ArchiveRepository,
  SavedInboxFilterRepository,
  CycleRosterRepository,
  ProgrammeRepository,
  SheetCellSourceRepository,
  BoundReportRepository,
} from '@hyoka/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from './tokens';

/** A repository of @hyoka/persistence (plain classes, no Nest) built on the API's data source. */
function repository<T>(type: new (dataSource: DataSource) => T): Provider<T> {
  return {
    provide: type,
    useFactory: (dataSource: DataSource) => new type(dataSource),
    inject: [DATA_SOURCE],
  };
}

/** A repository whose methods default to the data source's manager for their transaction. */
function onManager<T>(type: new (manager: EntityManager) => T): Provider<T> {
  return {
    provide: type,
    useFactory: (dataSource: DataSource) => new type(dataSource.manager),
    inject: [DATA_SOURCE],
  };
}

/**
 * Every repository the API's services are given, built once each: the only place their
 * statements live. `Transactions` runs a service's work in one transaction whose manager the
 * repository methods that take one join.
 */
export const REPOSITORY_PROVIDERS: Provider[] = [
  ...[
    AuditRepository,
    CycleRepository,
    HealthRepository,
    OrganisationRepository,
    SessionRepository,
    SheetAccessRepository,
    SignInThrottleRepository,
    TemplateRepository,
    Transactions,
    UserRepository,
    WiringCheckRepository,
    PolicyRepository,
    ReorganisationRepository,
    ArchiveRepository,
    AccountTokenRepository,
    PlatformOperatorRepository,
    GovernmentRepository,
    SavedInboxFilterRepository,
    CycleRosterRepository,
    ProgrammeRepository,
    BoundReportRepository,
  ].map((type: new (dataSource: DataSource) => unknown) => repository(type)),
  ...[
    CommentRepository,
    OutboxRepository,
    PublicationRepository,
    SheetRepository,
    SheetVersionRepository,
    TaskRepository,
    SheetCellSourceRepository,
  ].map((type: new (manager: EntityManager) => unknown) => onManager(type)),
];
