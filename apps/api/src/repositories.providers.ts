import type { Provider } from '@nestjs/common';
import {
  AuditRepository,
  CycleRepository,
  HealthRepository,
  OrganisationRepository,
  SessionRepository,
  SheetAccessRepository,
  SignInThrottleRepository,
  TemplateRepository,
  UserRepository,
  WiringCheckRepository,
} from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from './tokens';

/** A repository of @hyoka/persistence (plain classes, no Nest) built on the API's data source. */
function repository<T>(type: new (dataSource: DataSource) => T): Provider<T> {
  return {
    provide: type,
    useFactory: (dataSource: DataSource) => new type(dataSource),
    inject: [DATA_SOURCE],
  };
}

/** Every repository the API's services are given: the only place their statements live. */
export const REPOSITORY_PROVIDERS: Provider[] = [
  AuditRepository,
  CycleRepository,
  HealthRepository,
  OrganisationRepository,
  SessionRepository,
  SheetAccessRepository,
  SignInThrottleRepository,
  TemplateRepository,
  UserRepository,
  WiringCheckRepository,
].map((type: new (dataSource: DataSource) => unknown) => repository(type));
