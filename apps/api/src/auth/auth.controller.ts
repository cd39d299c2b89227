import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { z } from 'zod';
import { noteAudit } from '../audit/audit-context';
import { ApiError } from '../common/api-error';
import { ZodValidationPipe } from '../common/validation';
import { CurrentAuth, type AuthContext } from './auth-context';
import { SESSION_COOKIE } from './credentials';
import { Responds, RespondsEmpty } from '../openapi/responds';
import { meSchema, signInResultSchema, type Me, type SignInResult } from './auth.schemas';
import { AuthService, TooManySignIns } from './auth.service';
import { Public } from './decorators';
import { crossSiteRequest, isJsonRequest, requestSite } from './request-origin';
import { Summary } from '../openapi/summary';
import { Fails } from '../openapi/error-responses';

const signInSchema = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
  governmentCode: z.string().trim().min(1).max(20),
});

const cookieOptions = (req: Request): CookieOptions => ({
  httpOnly: true,
  sameSite: 'lax',
  // req.secure honours x-forwarded-proto only from the trusted (loopback) proxy.
  secure: req.secure,
  path: '/',
});

function notJson(): ApiError {
  return new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported_media_type', {
    ja: 'サインインは JSON（Content-Type: application/json）で送信してください',
    en: 'Send the sign-in as JSON (Content-Type: application/json)',
  });
}

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * Answers the token (`Authorization: Bearer`). The session cookie is set only for a browser on
   * this origin (`requestSite`): a sign-in from another site is refused before the password is
   * looked at (login CSRF: a foreign page must not sign the browser in to an account of the
   * attacker's), and one that says nothing of its origin (a script) gets the token only. The body
   * must be JSON.
   */
  @Public()
  @Summary('サインインする', 'Sign in and receive a bearer token')
  @Fails(415, 429)
  @Post('sign-in')
  @HttpCode(HttpStatus.OK)
  @Responds(signInResultSchema)
  async signIn(
    @Body(new ZodValidationPipe(signInSchema)) body: z.infer<typeof signInSchema>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SignInResult> {
    // Every attempt is audited, with the e-mail tried (never the password).
    noteAudit(req, { record: true, email: body.email, governmentCode: body.governmentCode });
    const site = requestSite(req);
    if (site === 'cross-origin') throw crossSiteRequest('signIn');
    if (!isJsonRequest(req)) throw notJson();
    try {
      const session = await this.auth.signIn(body, req.ip ?? null);
      noteAudit(req, { userId: session.userId, governmentId: session.governmentId });
      if (site === 'same-origin') {
        res.cookie(SESSION_COOKIE, session.token, {
          ...cookieOptions(req),
          expires: session.expiresAt,
        });
      }
      res.setHeader('Cache-Control', 'no-store');
      return {
        token: session.token,
        tokenType: 'Bearer',
        expiresAt: session.expiresAt.toISOString(),
      };
    } catch (error) {
      if (error instanceof TooManySignIns)
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }

  @Summary('サインアウトする', 'Sign out: the session ends')
  @Post('sign-out')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RespondsEmpty()
  async signOut(
    @CurrentAuth() auth: AuthContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.auth.signOut(auth);
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
  }

  @Summary('自分の情報と役割を読む', 'Read who you are: your profile and roles')
  @Get('me')
  @Responds(meSchema)
  me(@CurrentAuth() auth: AuthContext): Promise<Me> {
    return this.auth.me(auth);
  }
}
