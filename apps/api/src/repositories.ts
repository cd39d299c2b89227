import type { Provider } from '@nestjs/common';
import {
  CommentRepository,
  CycleRepository,
  OrganisationRepository,
  OutboxRepository,
  PublicationRepository,
  SheetRepository,
  SheetVersionRepository,
  TaskRepository,
  Transactions,
  UserRepository,
} from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from './tokens';

/**
 * The repositories of @hyoka/persistence as providers (that library knows nothing of NestJS):
 * each built once on the data source's manager and injected into services by its class.
 */
const onManager = <T>(Repository: new (manager: DataSource['manager']) => T): Provider => ({
  provide: Repository,
  useFactory: (dataSource: DataSource) => new Repository(dataSource.manager),
  inject: [DATA_SOURCE],
});

export const REPOSITORY_PROVIDERS: Provider[] = [
  onManager(CommentRepository),
  onManager(CycleRepository),
  onManager(OrganisationRepository),
  onManager(OutboxRepository),
  onManager(PublicationRepository),
  onManager(SheetRepository),
  onManager(SheetVersionRepository),
  onManager(TaskRepository),
  onManager(UserRepository),
  {
    provide: Transactions,
    useFactory: (dataSource: DataSource) => new Transactions(dataSource),
    inject: [DATA_SOURCE],
  },
];
