import type { Clock } from '@hyoka/config';
import type { Mailer } from '@hyoka/mail';
import type { DataSource } from 'typeorm';

/** Everything activities touch, injected by the worker (and by tests). */
export interface ActivityDeps {
  readonly dataSource: DataSource;
  readonly mailer: Mailer;
  readonly clock: Clock;
  /** Base URL for links in mails. */
  readonly publicUrl: string;
}
