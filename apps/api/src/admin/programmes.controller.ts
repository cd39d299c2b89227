import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { Roles } from '../auth/decorators';
import { ZodValidationPipe } from '../common/validation';
import { Responds, RespondsEmpty } from '../openapi/responds';
import { Summary } from '../openapi/summary';
import { programmeSchema, type Programme } from './programmes.schemas';
import { AdminProgrammesService } from './programmes.service';

const idPipe = new ZodValidationPipe(z.uuid());
const name = z.string().trim().min(1).max(100);
const fields = {
  nameJa: name,
  nameEn: z.string().trim().max(100).nullable().optional(),
  sortOrder: z.int().min(0).max(1_000_000).optional(),
};
const createSchema = z.strictObject({ code: z.string().trim().min(1).max(40), ...fields });
const updateSchema = z.strictObject(fields).partial();

/** The government's evaluation programmes (事務事業評価, 施策評価, 行革プラン, 総合戦略KPI). */
@Controller('admin')
@Roles('administrator')
export class AdminProgrammesController {
  constructor(private readonly programmes: AdminProgrammesService) {}

  @Summary('評価の種類を一覧する', 'List the evaluation programmes of the government')
  @Get('programmes')
  @Responds(z.array(programmeSchema))
  list(@CurrentAuth() auth: AuthContext): Promise<Programme[]> {
    return this.programmes.list(auth);
  }

  @Summary('評価の種類を読む', 'Read an evaluation programme')
  @Get('programmes/:id')
  @Responds(programmeSchema)
  get(@CurrentAuth() auth: AuthContext, @Param('id', idPipe) id: string): Promise<Programme> {
    return this.programmes.get(auth, id);
  }

  @Summary('評価の種類を作成する', 'Create an evaluation programme')
  @Post('programmes')
  @Responds(programmeSchema)
  create(
    @CurrentAuth() auth: AuthContext,
    @Body(new ZodValidationPipe(createSchema)) body: z.infer<typeof createSchema>,
  ): Promise<Programme> {
    return this.programmes.create(auth, body);
  }

  @Summary('評価の種類の名前・順序を変更する', 'Rename or reorder an evaluation programme')
  @Patch('programmes/:id')
  @Responds(programmeSchema)
  update(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(updateSchema)) body: z.infer<typeof updateSchema>,
  ): Promise<Programme> {
    return this.programmes.update(auth, id, body);
  }

  @Summary(
    '評価の種類を削除する',
    'Delete an evaluation programme (not the default one, none with cycles)',
  )
  @Delete('programmes/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RespondsEmpty()
  delete(@CurrentAuth() auth: AuthContext, @Param('id', idPipe) id: string): Promise<void> {
    return this.programmes.delete(auth, id);
  }
}
