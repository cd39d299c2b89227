import { type DynamicModule, Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { AppConfig, Clock } from '@hyoka/config';
import type { Mailer } from '@hyoka/mail';
import type { SmtpSink } from '@hyoka/platform';
import type { DataSource } from 'typeorm';
import { DevMailController } from './dev-mail/dev-mail.controller';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { APP_CONFIG, CLOCK, DATA_SOURCE, MAILER, SMTP_SINK, TEMPORAL_CLIENT } from './tokens';
import { WiringController } from './wiring/wiring.controller';
import { WiringService } from './wiring/wiring.service';

/** The resources the API runs on; created and closed by whoever starts it (main.ts or a test). */
export interface ApiResources {
  readonly config: AppConfig;
  readonly dataSource: DataSource;
  readonly temporal: Client;
  readonly mailer: Mailer;
  readonly clock: Clock;
  /** Present when the in-process SMTP sink runs: mounts the dev mail page. */
  readonly sink: SmtpSink | undefined;
}

@Module({})
export class AppModule {
  static forRoot(resources: ApiResources): DynamicModule {
    const development = !resources.config.production;
    return {
      module: AppModule,
      controllers: [
        HealthController,
        ...(development ? [WiringController] : []),
        ...(development && resources.sink ? [DevMailController] : []),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: resources.config },
        { provide: DATA_SOURCE, useValue: resources.dataSource },
        { provide: TEMPORAL_CLIENT, useValue: resources.temporal },
        { provide: MAILER, useValue: resources.mailer },
        { provide: CLOCK, useValue: resources.clock },
        { provide: SMTP_SINK, useValue: resources.sink },
        HealthService,
        WiringService,
      ],
    };
  }
}
