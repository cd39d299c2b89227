import type { DataSource, EntityManager } from 'typeorm';
import { AuditRepository } from './audit.repository';
import { CommentRepository } from './comment.repository';
import { CycleRepository } from './cycle.repository';
import { OutboxRepository } from './outbox.repository';
import { PublicationRepository } from './publication.repository';
import { SheetVersionRepository } from './sheet-version.repository';
import { SheetRepository } from './sheet.repository';
import type { PublicOf } from './sql';
import { TaskRepository } from './task.repository';
import { Transactions } from './transactions';
import { UserRepository } from './user.repository';

/**
 * Every repository, built once from the data source (by the worker for the activities, by the
 * API module for its services). Typed by their public surface, so a unit test can hand in an
 * in-memory fake of any of them.
 */
export interface Repositories {
  readonly sheets: PublicOf<SheetRepository>;
  readonly versions: PublicOf<SheetVersionRepository>;
  readonly tasks: PublicOf<TaskRepository>;
  readonly comments: PublicOf<CommentRepository>;
  readonly cycles: PublicOf<CycleRepository>;
  readonly publications: PublicOf<PublicationRepository>;
  readonly outbox: PublicOf<OutboxRepository>;
  readonly users: PublicOf<UserRepository>;
  /** The audit trail: a transition writes its request's entry in its own transaction. */
  readonly audit: PublicOf<AuditRepository>;
  /**
   * Runs `work` in one transaction; pass its manager to the repository methods that take one
   * (their statements then join it).
   */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
}

export function createRepositories(dataSource: DataSource): Repositories {
  const m = dataSource.manager;
  const transactions = new Transactions(dataSource);
  return {
    sheets: new SheetRepository(m),
    versions: new SheetVersionRepository(m),
    tasks: new TaskRepository(m),
    comments: new CommentRepository(m),
    cycles: new CycleRepository(m),
    publications: new PublicationRepository(m),
    outbox: new OutboxRepository(m),
    users: new UserRepository(m),
    audit: new AuditRepository(dataSource),
    transaction: (work) => transactions.run(work),
  };
}
