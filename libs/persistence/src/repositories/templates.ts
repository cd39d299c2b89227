import { IsNull, type EntityManager } from 'typeorm';
import { TemplateEntity, type TemplateStatus } from '../entities/template.entity';

/** The parts of a domain template definition this layer reads; the rest is stored as is. */
export interface TemplateDefinitionLike {
  readonly key: string;
  readonly version: number;
  readonly title: { readonly ja: string; readonly en: string };
}

/**
 * Makes sure each built-in template version has its shared row (`government_id` NULL), and
 * returns the rows in the order given. Existing rows are left untouched (a published version is
 * never rewritten); concurrent callers are safe (`ON CONFLICT DO NOTHING`).
 */
export async function ensureBuiltinTemplates(
  manager: EntityManager,
  definitions: readonly TemplateDefinitionLike[],
  status: TemplateStatus = 'active',
): Promise<TemplateEntity[]> {
  const rows: TemplateEntity[] = [];
  for (const definition of definitions) {
    await manager.query(
      `INSERT INTO "template" ("government_id", "key", "version", "name_ja", "name_en", "definition", "status")
       VALUES (NULL, $1, $2, $3, $4, $5, $6)
       ON CONFLICT ("key", "version") WHERE "government_id" IS NULL DO NOTHING`,
      [
        definition.key,
        definition.version,
        definition.title.ja,
        definition.title.en,
        JSON.stringify(definition),
        status,
      ],
    );
    rows.push(
      await manager.getRepository(TemplateEntity).findOneOrFail({
        where: { governmentId: IsNull(), key: definition.key, version: definition.version },
      }),
    );
  }
  return rows;
}
