import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { Roles } from '../auth/decorators';
import { ZodValidationPipe } from '../common/validation';
import { Responds } from '../openapi/responds';
import {
  templateDetailSchema,
  templateSummarySchema,
  type TemplateDetail,
  type TemplateSummary,
} from './templates.schemas';
import { AdminTemplatesService } from './templates.service';
import { Summary } from '../openapi/summary';

const idPipe = new ZodValidationPipe(z.uuid());

/** Sheet layouts: list with versions, one version, create from JSON, new version. */
@Controller('admin/templates')
@Roles('administrator')
export class AdminTemplatesController {
  constructor(private readonly templates: AdminTemplatesService) {}

  @Summary('テンプレートの一覧を読む', 'List the sheet templates')
  @Get()
  @Responds(z.array(templateSummarySchema))
  list(@CurrentAuth() auth: AuthContext): Promise<TemplateSummary[]> {
    return this.templates.list(auth);
  }

  @Summary('テンプレートとその版を読む', 'Read a template with its versions')
  @Get(':id')
  @Responds(templateDetailSchema)
  get(@CurrentAuth() auth: AuthContext, @Param('id', idPipe) id: string): Promise<TemplateDetail> {
    return this.templates.get(auth, id);
  }

  /** The body is the template definition itself (checked by the domain's parser; 422 with its errors). */
  @Summary('定義からテンプレートを作成する', 'Create a template from its definition')
  @Post()
  @Responds(templateDetailSchema)
  create(@CurrentAuth() auth: AuthContext, @Body() body: unknown): Promise<TemplateDetail> {
    return this.templates.create(auth, body);
  }

  /** A new version of the template `id` belongs to; the body is the full new definition. */
  @Summary('テンプレートに新しい版を追加する', 'Add a new version to a template')
  @Post(':id/versions')
  @Responds(templateDetailSchema)
  addVersion(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body() body: unknown,
  ): Promise<TemplateDetail> {
    return this.templates.addVersion(auth, id, body);
  }
}
