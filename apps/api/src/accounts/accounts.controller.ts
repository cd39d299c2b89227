import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { noteAudit } from '../audit/audit-context';
import { ZodValidationPipe } from '../common/validation';
import { Public } from '../auth/decorators';
import { Fails } from '../openapi/error-responses';
import { Responds } from '../openapi/responds';
import { Summary } from '../openapi/summary';
import { AccountLinksService, TooManyResets } from './account-links.service';
import {
  forgotPasswordResultSchema,
  setPasswordResultSchema,
  type ForgotPasswordResult,
  type SetPasswordResult,
} from './accounts.schemas';

const setPasswordSchema = z.strictObject({
  token: z.string().trim().min(10).max(200),
  password: z.string().min(1).max(1024),
});

const forgotPasswordSchema = z.strictObject({
  governmentCode: z.string().trim().min(1).max(20),
  email: z.string().trim().min(3).max(254),
});

/** One-time links by mail: set a password from an invitation or a reset; ask for a reset. */
@Controller('auth')
export class AccountsController {
  constructor(private readonly links: AccountLinksService) {}

  @Public()
  @Summary(
    'メールのリンクからパスワードを設定する（招待・再設定）',
    'Set your password with the one-time link from an invitation or reset mail',
  )
  @Fails(404, 409, 422)
  @Post('set-password')
  @HttpCode(HttpStatus.OK)
  @Responds(setPasswordResultSchema)
  async setPassword(
    @Body(new ZodValidationPipe(setPasswordSchema)) body: z.infer<typeof setPasswordSchema>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SetPasswordResult> {
    noteAudit(req, { record: true, action: 'set_password_from_link' });
    res.setHeader('Cache-Control', 'no-store');
    const done = await this.links.setPassword(body.token, body.password);
    noteAudit(req, { governmentCode: done.governmentCode, email: done.email });
    return done;
  }

  @Public()
  @Summary(
    'パスワード再設定のリンクをメールで依頼する',
    'Ask for a password reset link by mail (same answer for every account)',
  )
  @Fails(429)
  @Post('forgot-password')
  @HttpCode(HttpStatus.ACCEPTED)
  @Responds(forgotPasswordResultSchema)
  async forgotPassword(
    @Body(new ZodValidationPipe(forgotPasswordSchema)) body: z.infer<typeof forgotPasswordSchema>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ForgotPasswordResult> {
    noteAudit(req, {
      record: true,
      action: 'forgot_password',
      email: body.email,
      governmentCode: body.governmentCode,
    });
    try {
      await this.links.forgotPassword(body.governmentCode, body.email, req.ip ?? null);
    } catch (error) {
      if (error instanceof TooManyResets)
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
    return {
      status: 'accepted',
      message: {
        ja: '登録されているアカウントであれば、パスワード再設定のリンクをメールで送りました（24時間有効）。',
        en: 'If this is an account, a password reset link was mailed to it (valid 24 hours).',
      },
    };
  }
}
