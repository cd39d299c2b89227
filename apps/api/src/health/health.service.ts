import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Mailer } from '@hyoka/mail';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE, MAILER, TEMPORAL_CLIENT } from '../tokens';

export type DependencyName = 'database' | 'temporal' | 'mail';

export interface DependencyHealth {
  readonly status: 'up' | 'down';
  readonly latencyMs: number;
  readonly error?: string;
}

export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly down: readonly DependencyName[];
  readonly dependencies: Readonly<Record<DependencyName, DependencyHealth>>;
}

const CHECK_TIMEOUT_MS = 3000;

/** Asks each dependency, in parallel and with a time limit, whether it answers. */
@Injectable()
export class HealthService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(MAILER) private readonly mailer: Mailer,
  ) {}

  async check(): Promise<HealthReport> {
    const [database, temporal, mail] = await Promise.all([
      probe(async () => {
        await this.dataSource.query('SELECT 1');
      }),
      probe(async () => {
        await this.temporal.workflowService.describeNamespace({
          namespace: this.temporal.options.namespace,
        });
      }),
      probe(() => this.mailer.verify()),
    ]);
    const dependencies = { database, temporal, mail };
    const down = (Object.keys(dependencies) as DependencyName[]).filter(
      (k) => dependencies[k].status === 'down',
    );
    return { status: down.length === 0 ? 'ok' : 'unavailable', down, dependencies };
  }
}

async function probe(check: () => Promise<void>): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      error:
        (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 200) ??
        'unknown',
    };
  } finally {
    clearTimeout(timer);
  }
}
