import { Injectable } from '@nestjs/common';
import { parseTemplate, type DomainError, type TemplateDefinition } from '@hyoka/domain';
import { TemplateRepository } from '@hyoka/persistence';
import type { AuthContext } from '../auth/auth-context';
import { isUuid } from '../common/ids';
import { conflict, notFound, uniqueViolation, unprocessable } from './admin-errors';
import type { TemplateDetail, TemplateSummary, TemplateVersionSummary } from './templates.schemas';

const TEMPLATE_NOT_FOUND = ['様式が見つかりません', 'No such template'] as const;

/**
 * Sheet layouts (templates) of the caller's government, plus the built-in ones every government
 * may use. A version is never edited: a change is a new version, and cycles keep theirs.
 */
@Injectable()
export class AdminTemplatesService {
  constructor(private readonly templates: TemplateRepository) {}

  async list(auth: AuthContext): Promise<TemplateSummary[]> {
    const rows: (TemplateVersionSummary & { key: string })[] = await this.templates.listVisible(
      auth.governmentId,
    );
    const byKey = new Map<string, TemplateVersionSummary[]>();
    for (const { key, ...version } of rows) {
      const list = byKey.get(key) ?? [];
      list.push(version);
      byKey.set(key, list);
    }
    return [...byKey].map(([key, versions]) => ({
      key,
      builtin: versions[0]!.builtin,
      latest: versions[0]!,
      versions,
    }));
  }

  async get(auth: AuthContext, id: string): Promise<TemplateDetail> {
    const row: TemplateDetail | undefined = isUuid(id)
      ? await this.templates.findVisible(auth.governmentId, id)
      : undefined;
    if (!row) throw notFound(...TEMPLATE_NOT_FOUND);
    return row;
  }

  /** A new layout from JSON: checked by the domain's parser; its key must be new in this government. */
  async create(auth: AuthContext, json: unknown): Promise<TemplateDetail> {
    const template = parsed(json);
    if (template.key.startsWith('builtin/')) {
      throw unprocessable('template_invalid', [
        {
          path: ['key'],
          code: 'reserved_key',
          message: {
            ja: 'key: 「builtin/」で始まるキーは標準様式用に予約されています',
            en: 'key: keys starting with "builtin/" are reserved for built-in templates',
          },
        },
      ]);
    }
    if (await this.templates.keyExists(auth.governmentId, template.key)) {
      throw conflict(
        'template_exists',
        `様式「${template.key}」は既にあります。新しい版として登録してください`,
        `Template "${template.key}" already exists: add a new version instead`,
        { key: template.key },
      );
    }
    return this.insert(auth, template);
  }

  /**
   * A new version of an existing template of this government: same key, the next version number
   * (the number in the JSON is replaced). Older versions stay as they are.
   */
  async addVersion(auth: AuthContext, id: string, json: unknown): Promise<TemplateDetail> {
    const base = await this.get(auth, id);
    if (base.builtin) {
      throw conflict(
        'builtin_template',
        '標準様式は変更できません。別のキーで新しい様式として登録してください',
        'Built-in templates cannot be changed: create a template under your own key',
      );
    }
    const withVersion =
      json !== null && typeof json === 'object' && !Array.isArray(json)
        ? { ...(json as Record<string, unknown>), version: base.version }
        : json;
    const template = parsed(withVersion);
    if (template.key !== base.key) {
      throw unprocessable('template_invalid', [
        {
          path: ['key'],
          code: 'key_mismatch',
          message: {
            ja: `key: 新しい版のキーは「${base.key}」のままにしてください`,
            en: `key: a new version keeps the key "${base.key}"`,
          },
        },
      ]);
    }
    const latest = await this.templates.latestVersion(auth.governmentId, base.key);
    return this.insert(auth, { ...template, version: (latest ?? 0) + 1 });
  }

  private async insert(auth: AuthContext, template: TemplateDefinition): Promise<TemplateDetail> {
    try {
      const id = await this.templates.insert(auth.governmentId, template);
      return this.get(auth, id);
    } catch (error) {
      if (uniqueViolation(error) !== undefined) {
        throw conflict(
          'template_version_exists',
          '同じ版が同時に登録されました。もう一度お試しください',
          'That version was just added by someone else; try again',
        );
      }
      throw error;
    }
  }
}

/** The parser's verdict: the template, or 422 with its path-precise bilingual errors. */
function parsed(json: unknown): TemplateDefinition {
  const result = parseTemplate(json);
  if (result.ok) return result.template;
  throw unprocessable('template_invalid', result.errors.map(toProblem));
}

const toProblem = (e: DomainError) => ({ path: [...e.path], code: e.code, message: e.message });
