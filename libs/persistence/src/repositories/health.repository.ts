import type { DataSource } from 'typeorm';

/** Counts of the mail outbox that make mail unhealthy (counts only: /health is public). */
export interface OutboxHealthRow {
  failed: number;
  pendingTooLong: number;
}

/** What the health check asks the database. */
export class HealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Resolves when the database answers a trivial statement. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  /** Failed mails, and mails not sent `staleMinutes` after they were written. */
  async outboxCounts(staleMinutes: number): Promise<OutboxHealthRow | undefined> {
    const rows = await this.dataSource.query<OutboxHealthRow[]>(
      `SELECT count(*) FILTER (WHERE status = 'failed')::int AS failed,
                count(*) FILTER (WHERE status IN ('pending', 'sending')
                                   AND created_at < now() - make_interval(mins => $1))::int AS "pendingTooLong"
           FROM mail_outbox WHERE status IN ('failed', 'pending', 'sending')`,
      [staleMinutes],
    );
    return rows[0];
  }
}
