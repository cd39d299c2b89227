import { z } from 'zod';
import { named, type Output } from '../openapi/schemas';

export const setPasswordResultSchema = named(
  'SetPasswordResult',
  'The password is set: where to sign in with it',
  z.object({ governmentCode: z.string(), email: z.string() }),
);

export const forgotPasswordResultSchema = named(
  'ForgotPasswordResult',
  'The request is taken: the same answer whether or not the account exists',
  z.object({
    status: z.literal('accepted'),
    message: z.object({ ja: z.string(), en: z.string() }),
  }),
);

export type SetPasswordResult = Output<typeof setPasswordResultSchema>;
export type ForgotPasswordResult = Output<typeof forgotPasswordResultSchema>;
