import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { reminderPolicySchema, type ReminderPolicy } from '@hyoka/mail';
import { MAIL_KINDS, MAIL_STATUSES, type MailKind, type MailStatus } from '@hyoka/persistence';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { Roles } from '../auth/decorators';
import { instantFilter, intFilter } from '../common/query-filters';
import { ZodValidationPipe } from '../common/validation';
import { Responds } from '../openapi/responds';
import {
  mailLogItemSchema,
  mailLogSchema,
  mailSettingsSchema,
  myMailPageSchema,
  reminderPolicyViewSchema,
  type MailLog,
  type MailLogItem,
  type MailSettings,
  type MyMailPage,
  type ReminderPolicyView,
} from './mail.schemas';
import { MailService } from './mail.service';
import { Summary } from '../openapi/summary';

const idPipe = new ZodValidationPipe(z.uuid());
const limit = intFilter(1, 200).default(50);
const cursor = z.string().max(200).optional();

const logQuerySchema = z.strictObject({
  status: z.enum(MAIL_STATUSES as [MailStatus, ...MailStatus[]]).optional(),
  kind: z.enum(MAIL_KINDS as [MailKind, ...MailKind[]]).optional(),
  to: z.string().trim().min(1).max(200).optional(),
  since: instantFilter.optional(),
  until: instantFilter.optional(),
  limit,
  cursor,
});
const myMailQuerySchema = z.strictObject({ limit, cursor });
const settingsSchema = z
  .strictObject({
    locale: z.enum(['ja', 'en']).optional(),
    mailPreference: z.enum(['immediate', 'digest']).optional(),
  })
  .refine((s) => s.locale !== undefined || s.mailPreference !== undefined, {
    message: 'set locale, mailPreference or both',
  });

/** The mail log and each cycle's reminder policy: administrators of the caller's government. */
@Controller('admin')
@Roles('administrator')
export class MailAdminController {
  constructor(private readonly mail: MailService) {}

  /** Every mail (the outbox is the log): to whom, what, when, message id, status, last error. */
  @Summary('メールの送信記録を読む', 'List every mail, sent, failed or waiting')
  @Get('mail')
  @Responds(mailLogSchema)
  log(
    @CurrentAuth() auth: AuthContext,
    @Query(new ZodValidationPipe(logQuerySchema)) query: z.infer<typeof logQuerySchema>,
  ): Promise<MailLog> {
    return this.mail.log(auth, query);
  }

  /** Sends a failed mail again (the relay also does so by itself once SMTP answers). */
  @Summary('送信に失敗したメールを再送する', 'Send a failed mail again')
  @Post('mail/:id/retry')
  @HttpCode(HttpStatus.OK)
  @Responds(mailLogItemSchema)
  retry(@CurrentAuth() auth: AuthContext, @Param('id', idPipe) id: string): Promise<MailLogItem> {
    return this.mail.retry(auth, id);
  }

  @Summary('督促メールの設定を読む', "Read a cycle's reminder policy")
  @Get('cycles/:id/reminder-policy')
  @Responds(reminderPolicyViewSchema)
  policy(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
  ): Promise<ReminderPolicyView> {
    return this.mail.policy(auth, id);
  }

  /** Replaces the cycle's policy (every field; `paused: true` stops its reminders). */
  @Summary('督促メールの設定を保存する', "Replace a cycle's reminder policy")
  @Put('cycles/:id/reminder-policy')
  @Responds(reminderPolicyViewSchema)
  savePolicy(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(reminderPolicySchema)) policy: ReminderPolicy,
  ): Promise<ReminderPolicyView> {
    return this.mail.savePolicy(auth, id, policy);
  }
}

/** A person's own mails and mail settings. */
@Controller('me')
export class MyMailController {
  constructor(private readonly mail: MailService) {}

  @Summary('自分宛てのメールを読む', 'List the mails sent to you')
  @Get('mail')
  @Responds(myMailPageSchema)
  mine(
    @CurrentAuth() auth: AuthContext,
    @Query(new ZodValidationPipe(myMailQuerySchema)) query: z.infer<typeof myMailQuerySchema>,
  ): Promise<MyMailPage> {
    return this.mail.mine(auth, query.limit, query.cursor);
  }

  @Summary('自分のメール設定を読む', 'Read your mail settings')
  @Get('mail-settings')
  @Responds(mailSettingsSchema)
  settings(@CurrentAuth() auth: AuthContext): Promise<MailSettings> {
    return this.mail.settings(auth);
  }

  /** Japanese or English; immediate mail for arriving tasks, or folded into the daily digest. */
  @Summary('自分のメール設定を保存する', 'Save your mail settings')
  @Put('mail-settings')
  @Responds(mailSettingsSchema)
  saveSettings(
    @CurrentAuth() auth: AuthContext,
    @Body(new ZodValidationPipe(settingsSchema)) body: z.infer<typeof settingsSchema>,
  ): Promise<MailSettings> {
    return this.mail.saveSettings(auth, body);
  }
}
