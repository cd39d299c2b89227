import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import type { Request } from 'express';
import { USER_ROLE_NAMES } from '@hyoka/persistence';
import { z } from 'zod';
import { noteAudit } from '../audit/audit-context';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { Roles } from '../auth/decorators';
import { AcceptsUpload, CSV_UPLOAD, readUpload } from '../common/upload';
import { ZodValidationPipe } from '../common/validation';
import { Responds, RespondsEmpty } from '../openapi/responds';
import {
  CSV_FORMAT,
  ORGANISATION_COLUMNS,
  POLICY_COLUMNS,
  PROJECT_COLUMNS,
  USER_COLUMNS,
} from './csv-columns';
import {
  csvColumnsSchema,
  csvImportResultSchema,
  type CsvColumns,
  type CsvImportResult,
} from './csv-import.schemas';
import { AdminCsvImportService } from './csv-import.service';
import { dryRunQuery } from './organisation.controller';
import { userViewSchema, type UserView } from './users.schemas';
import { AdminUsersService } from './users.service';
import { Summary } from '../openapi/summary';

const idPipe = new ZodValidationPipe(z.uuid());
// Length and strength are the password policy's (422 naming the field, with the reason).
const password = z.string().min(1).max(1024);
const roleSchema = z.strictObject({
  role: z
    .enum(USER_ROLE_NAMES as [string, ...string[]])
    .transform((r) => r as (typeof USER_ROLE_NAMES)[number]),
  scopeKind: z.enum(['government', 'department', 'section']),
  scopeId: z.uuid().optional(),
});
const userSchema = z.strictObject({
  email: z.email().max(254),
  displayName: z.string().trim().min(1).max(200),
  locale: z.enum(['ja', 'en']).optional(),
  mailPreference: z.enum(['immediate', 'digest']).optional(),
  active: z.boolean().optional(),
  roles: z.array(roleSchema).max(100).optional(),
  password: password.optional(),
});
const listQuery = z.strictObject({
  q: z.string().trim().min(1).max(100).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** People, their roles and passwords; CSV import; the CSV column dictionary. */
@Controller('admin')
@Roles('administrator')
export class AdminUsersController {
  constructor(
    private readonly users: AdminUsersService,
    private readonly csv: AdminCsvImportService,
  ) {}

  @Summary('利用者の一覧を読む', 'List the users')
  @Get('users')
  @Responds(z.array(userViewSchema))
  list(
    @CurrentAuth() auth: AuthContext,
    @Query(new ZodValidationPipe(listQuery)) query: z.infer<typeof listQuery>,
  ): Promise<UserView[]> {
    return this.users.list(auth, query);
  }

  /** CSV of users (see GET /admin/csv-columns); `?dryRun=true` previews. */
  @Summary('利用者を CSV で取り込む', 'Import users from a CSV file, or preview the import')
  @Post('users/import')
  @HttpCode(HttpStatus.OK)
  @Responds(csvImportResultSchema)
  @AcceptsUpload(CSV_UPLOAD)
  async importUsers(
    @CurrentAuth() auth: AuthContext,
    @Query(new ZodValidationPipe(dryRunQuery)) query: z.infer<typeof dryRunQuery>,
    @Req() req: Request,
  ): Promise<CsvImportResult> {
    return this.csv.importUsers(auth, await readUpload(req, CSV_UPLOAD), query.dryRun ?? false);
  }

  @Summary('利用者を読む', 'Read a user')
  @Get('users/:id')
  @Responds(userViewSchema)
  get(@CurrentAuth() auth: AuthContext, @Param('id', idPipe) id: string): Promise<UserView> {
    return this.users.get(auth, id);
  }

  @Summary('利用者を登録する', 'Create a user')
  @Post('users')
  @Responds(userViewSchema)
  create(
    @CurrentAuth() auth: AuthContext,
    @Body(new ZodValidationPipe(userSchema)) body: z.infer<typeof userSchema>,
  ): Promise<UserView> {
    return this.users.create(auth, body);
  }

  /** Changes what is given; `roles` replaces all roles; `active: false` ends the user's sessions. */
  @Summary('利用者の情報や役割を変更する', "Change a user's details or roles")
  @Patch('users/:id')
  @Responds(userViewSchema)
  update(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(userSchema.partial())) body: Partial<z.infer<typeof userSchema>>,
  ): Promise<UserView> {
    return this.users.update(auth, id, body);
  }

  /** A new password (the password policy applies); every session of the person ends. */
  @Summary('利用者のパスワードを設定する', "Set a user's password")
  @Put('users/:id/password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RespondsEmpty()
  setPassword(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(z.strictObject({ password }))) body: { password: string },
  ): Promise<void> {
    return this.users.setPassword(auth, id, body.password);
  }

  /** Ends the person's sign-in lock after failed attempts at once (audited, with whether it was locked). */
  @Summary('利用者のサインインのロックを解除する', "Lift a user's sign-in lock")
  @Post('users/:id/unlock')
  @HttpCode(HttpStatus.OK)
  @Responds(userViewSchema)
  async unlock(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Req() req: Request,
  ): Promise<UserView> {
    const { user, wasLocked } = await this.users.unlock(auth, id);
    noteAudit(req, { details: { wasLocked } });
    return user;
  }

  /** What the import CSVs hold, column by column. */
  @Summary('取込 CSV の列の説明を読む', 'Describe the columns of the import CSV files')
  @Get('csv-columns')
  @Responds(csvColumnsSchema)
  columns(): CsvColumns {
    return {
      format: CSV_FORMAT,
      users: USER_COLUMNS,
      projects: PROJECT_COLUMNS,
      policies: POLICY_COLUMNS,
      organisation: ORGANISATION_COLUMNS,
    };
  }
}
