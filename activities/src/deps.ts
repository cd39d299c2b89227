import type { Client } from '@temporalio/client';
import type { Clock } from '@hyoka/config';
import type { Mailer } from '@hyoka/mail';
import type { Repositories } from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import type { MailDeliveryOptions } from './mail/delivery';

/** Everything activities touch, injected by the worker (and by tests). */
export interface ActivityDeps {
  readonly dataSource: DataSource;
  /**
   * Every SQL statement the activities issue (built from `dataSource` when left out; the worker
   * builds them once).
   */
  readonly repositories?: Repositories;
  readonly mailer: Mailer;
  readonly clock: Clock;
  /** Starts and signals sheet workflows for the cycle's fan-out activities. */
  readonly temporal: Client;
  /** Task queue sheet workflows are started on. */
  readonly taskQueue: string;
  /** Base URL for links in mails. */
  readonly publicUrl: string;
  /** Outbox delivery tuning (retries, lease, polling); defaults suit production. */
  readonly mailDelivery?: Partial<MailDeliveryOptions>;
}
