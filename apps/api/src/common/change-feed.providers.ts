import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import { changeFeedOf, type ChangeFeed } from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import { CHANGE_FEED, DATA_SOURCE } from '../tokens';

/** Listens while the API runs: started before it serves, stopped when it closes. */
@Injectable()
export class ChangeFeedLifecycle implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(CHANGE_FEED) private readonly feed: ChangeFeed) {
    const log = new Logger('changes');
    feed.logTo({ warn: (m) => log.warn(m) });
  }

  async onModuleInit(): Promise<void> {
    await this.feed.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.feed.stop();
  }
}

/** The process's change feed (one LISTEN connection) and its lifecycle. */
export const CHANGE_FEED_PROVIDERS: Provider[] = [
  {
    provide: CHANGE_FEED,
    useFactory: (dataSource: DataSource) => changeFeedOf(dataSource),
    inject: [DATA_SOURCE],
  },
  ChangeFeedLifecycle,
];
