import type { TemplateDefinition } from '@hyoka/domain';
import type { DataSource, EntityManager } from 'typeorm';
import type { TemplateEntity, TemplateStatus } from '../entities/template.entity';
import { firstRow, isoInstant, type Queryable } from './sql';
import { ensureBuiltinTemplates, type TemplateDefinitionLike } from './templates';

/** One version of a layout as a government sees it (`cycleCount`: its cycles using it). */
export interface TemplateVersionRow {
  id: string;
  key: string;
  version: number;
  status: TemplateStatus;
  nameJa: string;
  nameEn: string;
  builtin: boolean;
  createdAt: string;
  cycleCount: number;
}

export interface TemplateDetailRow extends TemplateVersionRow {
  definition: TemplateDefinition;
}

const COLUMNS = `t.id, t.key, t.version, t.status, t.name_ja AS "nameJa", t.name_en AS "nameEn",
  (t.government_id IS NULL) AS builtin, ${isoInstant('t.created_at')} AS "createdAt",
  (SELECT count(*)::int FROM cycle c WHERE c.template_id = t.id AND c.government_id = $1) AS "cycleCount"`;

/**
 * Sheet layouts (templates): a government's own and the built-in ones (`government_id` NULL)
 * every government may use. A version is never rewritten: a change is a new version.
 */
export class TemplateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every version the government may use: its own first, then built-in; by key, newest first. */
  listVisible(governmentId: string): Promise<TemplateVersionRow[]> {
    return this.dataSource.query<TemplateVersionRow[]>(
      `SELECT ${COLUMNS} FROM template t
        WHERE t.government_id = $1 OR t.government_id IS NULL
        ORDER BY (t.government_id IS NULL), t.key, t.version DESC`,
      [governmentId],
    );
  }

  findVisible(governmentId: string, id: string): Promise<TemplateDetailRow | undefined> {
    return firstRow<TemplateDetailRow>(
      this.dataSource,
      `SELECT ${COLUMNS}, t.definition FROM template t
            WHERE t.id = $2 AND (t.government_id = $1 OR t.government_id IS NULL)`,
      [governmentId, id],
    );
  }

  /** Key, definition and status of a version the government may use (a cycle's set-up). */
  findVisibleDefinition(
    governmentId: string,
    id: string,
  ): Promise<{ key: string; definition: TemplateDefinition; status: TemplateStatus } | undefined> {
    return firstRow(
      this.dataSource,
      `SELECT key, definition, status FROM template WHERE id = $2 AND (government_id = $1 OR government_id IS NULL)`,
      [governmentId, id],
    );
  }

  /** Key and definition of a version, whoever owns it. */
  findDefinition(
    id: string,
    db: Queryable = this.dataSource,
  ): Promise<{ key: string; definition: TemplateDefinition } | undefined> {
    return firstRow(db, `SELECT key, definition FROM template WHERE id = $1`, [id]);
  }

  async keyExists(governmentId: string, key: string): Promise<boolean> {
    const row = await firstRow(
      this.dataSource,
      `SELECT 1 FROM template WHERE government_id = $1 AND key = $2`,
      [governmentId, key],
    );
    return row !== undefined;
  }

  /** The newest version number of the government's key (undefined: none). */
  async latestVersion(governmentId: string, key: string): Promise<number | undefined> {
    const row = await firstRow<{ version: number | null }>(
      this.dataSource,
      `SELECT max(version)::int AS version FROM template WHERE government_id = $1 AND key = $2`,
      [governmentId, key],
    );
    return row?.version ?? undefined;
  }

  /** A new active version of the government's own; fails with a unique violation when it exists. */
  async insert(governmentId: string, template: TemplateDefinition): Promise<string> {
    const row = await firstRow<{ id: string }>(
      this.dataSource,
      `INSERT INTO template (government_id, key, version, name_ja, name_en, definition, status)
         VALUES ($1, $2, $3, $4, $5, $6, 'active') RETURNING id`,
      [
        governmentId,
        template.key,
        template.version,
        template.title.ja,
        template.title.en,
        JSON.stringify(template),
      ],
    );
    return row!.id;
  }

  /** See {@link ensureBuiltinTemplates}. */
  ensureBuiltin(
    m: EntityManager,
    definitions: readonly TemplateDefinitionLike[],
    status?: TemplateStatus,
  ): Promise<TemplateEntity[]> {
    return ensureBuiltinTemplates(m, definitions, status);
  }
}
