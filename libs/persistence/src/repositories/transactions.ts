import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs work in one database transaction. Repository methods that take an `EntityManager` join
 * the transaction of the manager they are given.
 */
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
