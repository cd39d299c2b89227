import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { ZodValidationPipe } from '../common/validation';
import { Responds, RespondsEmpty } from '../openapi/responds';
import { Summary } from '../openapi/summary';
import {
  saveFilterBodySchema,
  savedFilterSchema,
  savedFiltersSchema,
  type SaveFilterBody,
  type SavedFilter,
  type SavedFilters,
} from './saved-filters.schemas';
import { SavedFiltersService } from './saved-filters.service';

const idPipe = new ZodValidationPipe(z.uuid());

/** The caller's saved inbox filters (nobody else's: every route is scoped to the caller). */
@Controller('me/inbox-filters')
export class SavedFiltersController {
  constructor(private readonly filters: SavedFiltersService) {}

  @Summary('保存した受信箱の絞り込み条件を読む', 'List your saved inbox filters')
  @Get()
  @Responds(savedFiltersSchema)
  list(@CurrentAuth() auth: AuthContext): Promise<SavedFilters> {
    return this.filters.list(auth);
  }

  /** 409 for a name the caller already uses, 422 for a bad name or one filter too many. */
  @Summary('受信箱の絞り込み条件を名前を付けて保存する', 'Save the inbox filter under a name')
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @Responds(savedFilterSchema)
  save(
    @CurrentAuth() auth: AuthContext,
    @Body(new ZodValidationPipe(saveFilterBodySchema)) body: SaveFilterBody,
  ): Promise<SavedFilter> {
    return this.filters.save(auth, body);
  }

  @Summary('保存した絞り込み条件を削除する', 'Delete one of your saved inbox filters')
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RespondsEmpty()
  delete(@CurrentAuth() auth: AuthContext, @Param('id', idPipe) id: string): Promise<void> {
    return this.filters.delete(auth, id);
  }
}
