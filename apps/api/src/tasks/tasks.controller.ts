import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { ZodValidationPipe } from '../common/validation';
import { TasksService, type Inbox } from './tasks.service';

const inboxQuerySchema = z.strictObject({
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/)
    .optional(),
  sectionId: z.uuid().optional(),
  fiscalYear: z.coerce.number().int().min(1989).max(2200).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  dueBefore: z.iso.date().optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  /** The caller's open tasks and the unclaimed tasks of their groups, by due date. */
  @Get()
  inbox(
    @CurrentAuth() auth: AuthContext,
    @Query(new ZodValidationPipe(inboxQuerySchema)) query: z.infer<typeof inboxQuerySchema>,
  ): Promise<Inbox> {
    return this.tasks.inbox(auth, query);
  }
}
