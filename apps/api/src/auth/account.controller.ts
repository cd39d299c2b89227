import { Body, Controller, HttpCode, HttpStatus, Put, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/validation';
import { RespondsEmpty } from '../openapi/responds';
import { CurrentAuth, type AuthContext } from './auth-context';
import { TooManySignIns } from './auth.service';
import { PasswordService } from './passwords.service';
import { Summary } from '../openapi/summary';
import { Fails } from '../openapi/error-responses';

const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});

/** The signed-in person's own account. */
@Controller('me')
export class AccountController {
  constructor(private readonly passwords: PasswordService) {}

  /**
   * Changes the caller's password: the current one must be right (422 naming `currentPassword`;
   * throttled like sign-in: 429 with Retry-After), the new one must pass the password policy (422
   * naming `newPassword`, with the reason). Every other session of the caller ends.
   */
  @Summary('自分のパスワードを変更する', 'Change your own password')
  @Fails(429)
  @Put('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RespondsEmpty()
  async changePassword(
    @CurrentAuth() auth: AuthContext,
    @Body(new ZodValidationPipe(changePasswordSchema)) body: z.infer<typeof changePasswordSchema>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    try {
      await this.passwords.changeOwn(auth, body.currentPassword, body.newPassword, req.ip ?? null);
    } catch (error) {
      if (error instanceof TooManySignIns)
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }
}
