import { HttpStatus, Injectable } from '@nestjs/common';
import { checkProgrammeCode } from '@hyoka/domain';
import { ProgrammeRepository, type ProgrammeRow } from '@hyoka/persistence';
import type { AuthContext } from '../auth/auth-context';
import { ApiError } from '../common/api-error';
import { isUuid } from '../common/ids';
import { conflict, notFound, problem, unprocessable } from './admin-errors';
import type { Programme } from './programmes.schemas';

export interface ProgrammeInput {
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn?: string | null | undefined;
  readonly sortOrder?: number | undefined;
}

export type ProgrammeUpdate = Partial<Omit<ProgrammeInput, 'code'>>;

const NOT_FOUND = ['評価の種類が見つかりません', 'No such evaluation programme'] as const;

function view(row: ProgrammeRow): Programme {
  return {
    id: row.id,
    code: row.code,
    name: { ja: row.nameJa, en: row.nameEn ?? row.nameJa },
    nameEn: row.nameEn,
    sortOrder: row.sortOrder,
    isDefault: row.isDefault,
    cycleCount: row.cycleCount,
    createdAt: row.createdAt,
  };
}

const blankToNull = (v: string | null | undefined): string | null | undefined =>
  v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim();

/**
 * The government's evaluation programmes (事務事業評価, 施策評価 …): listed, created, renamed,
 * reordered, and deleted while they have no cycle. A code never changes once given (URLs and
 * workflow ids carry it).
 */
@Injectable()
export class AdminProgrammesService {
  constructor(private readonly programmes: ProgrammeRepository) {}

  async list(auth: AuthContext): Promise<Programme[]> {
    return (await this.programmes.list(auth.governmentId)).map(view);
  }

  async get(auth: AuthContext, id: string): Promise<Programme> {
    const row = isUuid(id) ? await this.programmes.findById(auth.governmentId, id) : undefined;
    if (!row) throw notFound(...NOT_FOUND);
    return view(row);
  }

  async create(auth: AuthContext, input: ProgrammeInput): Promise<Programme> {
    const code = input.code.trim();
    const bad = checkProgrammeCode(code);
    if (bad)
      throw unprocessable('programme_invalid', [
        problem(['code'], bad.code, bad.message.ja, bad.message.en),
      ]);
    const row = await this.programmes.insert(auth.governmentId, {
      code,
      nameJa: input.nameJa.trim(),
      nameEn: blankToNull(input.nameEn) ?? null,
      sortOrder: input.sortOrder ?? 0,
    });
    if (!row)
      throw conflict(
        'programme_exists',
        `コード「${code}」の評価の種類は既にあります`,
        `An evaluation programme with code "${code}" exists already`,
        { field: 'code', code },
      );
    return view(row);
  }

  async update(auth: AuthContext, id: string, patch: ProgrammeUpdate): Promise<Programme> {
    if (!isUuid(id)) throw notFound(...NOT_FOUND);
    const nameEn = blankToNull(patch.nameEn);
    const row = await this.programmes.update(auth.governmentId, id, {
      ...(patch.nameJa !== undefined ? { nameJa: patch.nameJa.trim() } : {}),
      ...(nameEn !== undefined ? { nameEn } : {}),
      ...(patch.sortOrder !== undefined ? { sortOrder: patch.sortOrder } : {}),
    });
    if (!row) throw notFound(...NOT_FOUND);
    return view(row);
  }

  async delete(auth: AuthContext, id: string): Promise<void> {
    if (!isUuid(id)) throw notFound(...NOT_FOUND);
    const outcome = await this.programmes.delete(auth.governmentId, id);
    switch (outcome) {
      case 'deleted':
        return;
      case 'not_found':
        throw notFound(...NOT_FOUND);
      case 'is_default':
        throw new ApiError(HttpStatus.CONFLICT, 'programme_is_default', {
          ja: '既定の評価の種類は削除できません',
          en: 'The default evaluation programme cannot be deleted',
        });
      case 'has_cycles':
        throw new ApiError(HttpStatus.CONFLICT, 'programme_in_use', {
          ja: '評価サイクルのある評価の種類は削除できません',
          en: 'An evaluation programme that has cycles cannot be deleted',
        });
    }
  }
}
