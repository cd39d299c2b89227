import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { z } from 'zod';
import type { WiringCheckEntity } from '@hyoka/persistence';
import { ZodValidationPipe } from '../common/validation';
import { WiringService } from './wiring.service';
import { Summary } from '../openapi/summary';

const startSchema = z.strictObject({
  note: z
    .string()
    .trim()
    .min(1, 'note must not be empty')
    .max(500, 'note must be at most 500 characters'),
});

/**
 * Development-only probe through every layer: HTTP → PostgreSQL → Temporal workflow → activity →
 * PostgreSQL + SMTP. Not mounted in production; replaced by the evaluation cycle's own endpoints.
 */
@Controller('dev/wiring-checks')
export class WiringController {
  constructor(private readonly wiring: WiringService) {}

  @Summary(
    '接続確認を開始する（開発用）',
    'Start a wiring check of API, Temporal and worker (development)',
  )
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  start(
    @Body(new ZodValidationPipe(startSchema)) body: z.infer<typeof startSchema>,
  ): Promise<WiringCheckEntity> {
    return this.wiring.start(body.note);
  }

  @Summary('接続確認の結果を読む（開発用）', 'Read the result of a wiring check (development)')
  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<WiringCheckEntity> {
    return this.wiring.get(id);
  }
}
