import { HttpStatus, Injectable } from '@nestjs/common';
import { SavedInboxFilterRepository, type SavedInboxFilterRow } from '@hyoka/persistence';
import type { AuthContext } from '../auth/auth-context';
import { ApiError } from '../common/api-error';
import {
  inboxFilterFieldsSchema,
  MAX_FILTER_NAME,
  MAX_SAVED_FILTERS,
  type SaveFilterBody,
  type SavedFilter,
  type SavedFilters,
} from './saved-filters.schemas';

/** A person's saved inbox filters: every call reads and writes the caller's own only. */
@Injectable()
export class SavedFiltersService {
  constructor(private readonly filters: SavedInboxFilterRepository) {}

  async list(auth: AuthContext): Promise<SavedFilters> {
    const rows = await this.filters.list(owner(auth));
    return { items: rows.map(serialise), max: MAX_SAVED_FILTERS };
  }

  async save(auth: AuthContext, body: SaveFilterBody): Promise<SavedFilter> {
    const name = body.name.trim();
    const length = [...name].length;
    if (length === 0 || length > MAX_FILTER_NAME)
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'filter_name_invalid',
        {
          ja: `絞り込み条件の名前は1〜${MAX_FILTER_NAME}文字で入力してください（今は${length}文字）`,
          en: `name: a saved filter's name must be 1 to ${MAX_FILTER_NAME} characters (it has ${length})`,
        },
        { field: 'name', length, max: MAX_FILTER_NAME },
      );
    const outcome = await this.filters.insert({
      ...owner(auth),
      name,
      filters: body.filters,
      max: MAX_SAVED_FILTERS,
    });
    switch (outcome.kind) {
      case 'saved':
        return serialise(outcome.row);
      case 'duplicate_name':
        throw new ApiError(
          HttpStatus.CONFLICT,
          'filter_name_taken',
          {
            ja: `絞り込み条件の名前「${name}」はすでに使っています。別の名前にしてください`,
            en: `name: you already have a saved filter named "${name}"; choose another name`,
          },
          { field: 'name' },
        );
      case 'too_many':
        throw new ApiError(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'too_many_filters',
          {
            ja: `保存できる絞り込み条件は${MAX_SAVED_FILTERS}件までです。不要なものを削除してください`,
            en: `You can keep at most ${MAX_SAVED_FILTERS} saved filters; delete one you no longer need`,
          },
          { max: MAX_SAVED_FILTERS },
        );
    }
  }

  async delete(auth: AuthContext, id: string): Promise<void> {
    if (!(await this.filters.delete(owner(auth), id)))
      throw new ApiError(HttpStatus.NOT_FOUND, 'filter_not_found', {
        ja: '絞り込み条件が見つかりません',
        en: 'Saved filter not found',
      });
  }
}

const owner = (auth: AuthContext) => ({ userId: auth.userId, governmentId: auth.governmentId });

/** A stored filter as the API answers it; fields the inbox no longer knows are left out. */
function serialise(row: SavedInboxFilterRow): SavedFilter {
  const parsed = inboxFilterFieldsSchema.safeParse(row.filters);
  return {
    id: row.id,
    name: row.name,
    filters: parsed.success ? parsed.data : {},
    createdAt: row.createdAt,
  };
}
