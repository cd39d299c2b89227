import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Client } from '@temporalio/client';
import type { AppConfig, Clock } from '@hyoka/config';
import type { Mailer } from '@hyoka/mail';
import type { SmtpSink } from '@hyoka/platform';
import type { DataSource } from 'typeorm';
import { AuditController } from './audit/audit.controller';
import { ArchiveController } from './archive/archive.controller';
import { AuditRecorder } from './audit/audit-recorder';
import { AuditService } from './audit/audit.service';
import { AccountController } from './auth/account.controller';
import { AccountLockMail } from './auth/account-lock-mail';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { Public } from './auth/decorators';
import { PasswordService } from './auth/passwords.service';
import { SessionService } from './auth/session.service';
import { SheetAccessService } from './auth/sheet-access.service';
import { SignInThrottle } from './auth/sign-in-throttle';
import { DevMailController } from './dev-mail/dev-mail.controller';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { APP_CONFIG, CLOCK, DATA_SOURCE, MAILER, SMTP_SINK, TEMPORAL_CLIENT } from './tokens';
import { WiringController } from './wiring/wiring.controller';
import { WiringService } from './wiring/wiring.service';
import { SheetsController } from './sheets/sheets.controller';
import { SheetXlsxController } from './sheets/sheet-xlsx.controller';
import { SheetXlsxService } from './sheets/sheet-xlsx.service';
import { SheetsService } from './sheets/sheets.service';
import { SheetUpdates } from './sheets/sheet-updates';
import { CommentsService } from './sheets/comments.service';
import { TaskActionsService } from './tasks/task-actions.service';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';
import { SavedFiltersController } from './tasks/saved-filters.controller';
import { SavedFiltersService } from './tasks/saved-filters.service';
import { AccountingImportController } from './accounting/accounting-import.controller';
import { AccountingImportService } from './accounting/accounting-import.service';
import { ADMIN_CONTROLLERS, ADMIN_PROVIDERS } from './admin';
import { MailAdminController, MyMailController } from './mail/mail.controller';
import { MailService } from './mail/mail.service';
import { PUBLICATION_CONTROLLERS, PUBLICATION_PROVIDERS } from './publication';
import { REPOSITORY_PROVIDERS } from './repositories.providers';
import { CHANGE_FEED_PROVIDERS } from './common/change-feed.providers';
import { WebModule } from './web/web.module';
import { AccountsController } from './accounts/accounts.controller';
import { AccountLinksService } from './accounts/account-links.service';
import { PlatformGovernmentsController } from './platform/platform.controller';
import { ApiMetrics } from './metrics/api-metrics';
import { PRINT_CONTROLLERS, PRINT_PROVIDERS } from './print';
import { REPORT_CONTROLLERS, REPORT_PROVIDERS } from './reports';

// Health and the development pages are reachable without signing in; everything else is not.
for (const controller of [HealthController, DevMailController, WiringController])
  Public()(controller);

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
      imports: [WebModule],
      controllers: [
        HealthController,
        ...(development ? [WiringController] : []),
        ...(development && resources.sink ? [DevMailController] : []),
        AuthController,
        AccountController,
        TasksController,
        SheetsController,
        ...ADMIN_CONTROLLERS,
        MailAdminController,
        MyMailController,
        ...PUBLICATION_CONTROLLERS,
        AuditController,
        ArchiveController,
        AccountsController,
        PlatformGovernmentsController,
        SavedFiltersController,
        SheetXlsxController,
        ...PRINT_CONTROLLERS,
        AccountingImportController,
        ...REPORT_CONTROLLERS,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: resources.config },
        { provide: DATA_SOURCE, useValue: resources.dataSource },
        { provide: TEMPORAL_CLIENT, useValue: resources.temporal },
        { provide: MAILER, useValue: resources.mailer },
        { provide: CLOCK, useValue: resources.clock },
        { provide: SMTP_SINK, useValue: resources.sink },
        ...REPOSITORY_PROVIDERS,
        ...CHANGE_FEED_PROVIDERS,
        HealthService,
        WiringService,
        SessionService,
        SignInThrottle,
        AccountLockMail,
        AuthService,
        PasswordService,
        SheetAccessService,
        TasksService,
        SheetsService,
        SheetUpdates,
        ...ADMIN_PROVIDERS,
        MailService,
        ...PUBLICATION_PROVIDERS,
        AuditRecorder,
        AuditService,
        TaskActionsService,
        CommentsService,
        AccountLinksService,
        { provide: APP_GUARD, useClass: AuthGuard },
        ApiMetrics,
        SavedFiltersService,
        SheetXlsxService,
        ...PRINT_PROVIDERS,
        AccountingImportService,
        ...REPORT_PROVIDERS,
      ],
    };
  }
}
