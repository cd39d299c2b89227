import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  Req,
} from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { AppConfig, Clock } from '@hyoka/config';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { AccountLinks } from '../accounts/account-links';
import { Onboarding, OnboardingError } from '../accounts/onboarding';
import { noteAudit } from '../audit/audit-context';
import { ApiError } from '../common/api-error';
import { ZodValidationPipe } from '../common/validation';
import { PlatformOperatorOnly } from '../auth/decorators';
import { Fails } from '../openapi/error-responses';
import { Responds, RespondsEmpty } from '../openapi/responds';
import { Summary } from '../openapi/summary';
import { APP_CONFIG, CLOCK, DATA_SOURCE, TEMPORAL_CLIENT } from '../tokens';
import {
  platformGovernmentListSchema,
  platformGovernmentSchema,
  type PlatformGovernment,
  type PlatformGovernmentList,
} from './platform.schemas';

const adminSchema = z.strictObject({
  email: z.string().trim().min(3).max(254),
  displayName: z.string().trim().min(1).max(200),
  locale: z.enum(['ja', 'en']).optional(),
});
const createSchema = z.strictObject({
  code: z.string().trim().min(1).max(20),
  nameJa: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  admin: adminSchema,
});
const codeParam = new ZodValidationPipe(z.string().regex(/^\d{6}$/));

/** The onboarding's refusals as the API's errors (422 naming the field, 409, 404). */
function asApiError(error: unknown): unknown {
  if (!(error instanceof OnboardingError)) return error;
  const message = { ja: error.ja, en: error.en };
  if (error.kind === 'input') {
    return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, error.code, message, {
      problems: [{ path: [error.field], code: error.code, message }],
    });
  }
  return new ApiError(
    error.kind === 'conflict' ? HttpStatus.CONFLICT : HttpStatus.NOT_FOUND,
    error.code,
    message,
  );
}

/**
 * The platform operator's console (a SaaS operator; belongs to no government, authenticates with
 * the API token of `hyoka operator create`): governments are created, listed and deactivated and
 * their administrators invited, exactly as with the `hyoka` command. Nothing here reads a
 * government's sheets, and every government route answers an operator 403.
 */
@PlatformOperatorOnly()
@Controller('platform/governments')
export class PlatformGovernmentsController {
  private readonly onboarding: Onboarding;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) temporal: Client,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.onboarding = new Onboarding(
      dataSource,
      new AccountLinks({
        temporal,
        taskQueue: config.taskQueue,
        publicUrl: config.publicUrl,
        now: () => clock.now(),
      }),
    );
  }

  @Summary('団体の一覧（プラットフォーム運用者）', 'List every government (platform operator)')
  @Get()
  @Responds(platformGovernmentListSchema)
  async list(): Promise<PlatformGovernmentList> {
    return { items: await this.onboarding.list() };
  }

  @Summary(
    '団体と最初の管理者を作成する（プラットフォーム運用者）',
    'Create a government and invite its first administrator (platform operator)',
  )
  @Fails(409, 422)
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @Responds(platformGovernmentSchema)
  async create(
    @Body(new ZodValidationPipe(createSchema)) body: z.infer<typeof createSchema>,
    @Req() req: Request,
  ): Promise<PlatformGovernment> {
    noteAudit(req, {
      record: true,
      action: 'platform_create_government',
      governmentCode: body.code,
    });
    return this.onboarding.createGovernment(body).catch((e: unknown) => {
      throw asApiError(e);
    });
  }

  @Summary(
    '団体を無効化する（プラットフォーム運用者）',
    'Deactivate a government (platform operator)',
  )
  @Fails(404)
  @Post(':code/deactivate')
  @HttpCode(HttpStatus.OK)
  @Responds(platformGovernmentSchema)
  async deactivate(
    @Param('code', codeParam) code: string,
    @Req() req: Request,
  ): Promise<PlatformGovernment> {
    noteAudit(req, {
      record: true,
      action: 'platform_deactivate_government',
      governmentCode: code,
    });
    return this.onboarding.deactivate(code).catch((e: unknown) => {
      throw asApiError(e);
    });
  }

  @Summary(
    '団体の管理者を招待する（プラットフォーム運用者）',
    'Invite an administrator of a government (platform operator)',
  )
  @Fails(404, 409, 422)
  @Post(':code/administrators')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RespondsEmpty()
  async invite(
    @Param('code', codeParam) code: string,
    @Body(new ZodValidationPipe(adminSchema)) body: z.infer<typeof adminSchema>,
    @Req() req: Request,
  ): Promise<void> {
    noteAudit(req, { record: true, action: 'platform_invite_administrator', governmentCode: code });
    await this.onboarding.inviteAdministrator(code, body).catch((e: unknown) => {
      throw asApiError(e);
    });
  }
}
