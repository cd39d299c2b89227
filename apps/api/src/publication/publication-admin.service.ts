import { HttpStatus, Injectable } from '@nestjs/common';
import {
  fieldLabelIndex,
  flatColumns,
  isRecord,
  pathToString,
  unflattenRow,
  validateDraft,
  type FlatColumn,
  type LocalizedText,
  type TemplateDefinition,
} from '@hyoka/domain';
import {
  CycleRepository,
  OrganisationRepository,
  PublicationRepository,
  SheetRepository,
  SheetVersionRepository,
  Transactions,
  UserRepository,
} from '@hyoka/persistence';
import type { AuthContext } from '../auth/auth-context';
import { ApiError } from '../common/api-error';
import { readWorkbook } from './excel';
import type {
  CorrectionResult,
  ImportError,
  ImportReport,
  ImportResult,
} from './publication-admin.schemas';

const IDENTITY_KEYS = new Set(['government_code', 'fiscal_year', 'project_name', 'project_code']);
const PROJECT_CODE_HEADERS = new Set(['project_code', '事業番号', 'project code']);

const forbidden = () =>
  new ApiError(HttpStatus.FORBIDDEN, 'forbidden', {
    ja: 'この操作には団体全体の管理者権限が必要です',
    en: 'This needs the administrator role for the whole government',
  });

interface PreparedImport {
  report: ImportReport;
  updates: { sheetId: string; content: unknown; draftRevision: number }[];
}

/** Corrections after publication and the Excel import of sheets into a cycle (administrators). */
@Injectable()
export class PublicationAdminService {
  constructor(
    private readonly transactions: Transactions,
    private readonly sheets: SheetRepository,
    private readonly versions: SheetVersionRepository,
    private readonly publications: PublicationRepository,
    private readonly cycles: CycleRepository,
    private readonly organisation: OrganisationRepository,
    private readonly users: UserRepository,
  ) {}

  private assertAdmin(auth: AuthContext): void {
    if (!auth.roles.some((r) => r.role === 'administrator' && r.scopeKind === 'government'))
      throw forbidden();
  }

  /**
   * Publishes a correction: a new immutable version (action `correction`, the note as its
   * reason) with the corrected content (or the current content when none is given), frozen as
   * the sheet's next publication. The earlier publication stays at its own URL.
   */
  async correct(
    auth: AuthContext,
    sheetId: string,
    input: { note: string; content?: Record<string, unknown> | undefined },
  ): Promise<CorrectionResult> {
    this.assertAdmin(auth);
    return this.transactions.run(async (m) => {
      const sheet = await this.sheets.lockForCorrection(sheetId, auth.governmentId, m);
      if (!sheet)
        throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', {
          ja: 'シートが見つかりません',
          en: 'No such sheet',
        });
      const previous = await this.publications.lastPublicationNo(sheetId, m);
      if (previous === null)
        throw new ApiError(HttpStatus.CONFLICT, 'not_published', {
          ja: 'このシートはまだ公表されていません。訂正は公表後に行えます',
          en: 'This sheet is not published yet; corrections come after publication',
        });
      const content = input.content ?? sheet.content;
      if (input.content) {
        const result = validateDraft(sheet.definition, content, { fiscalYear: sheet.fiscal_year });
        if (!result.ok)
          throw new ApiError(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'invalid_content',
            {
              ja: `訂正内容に ${result.errors.length} 件の誤りがあります`,
              en: `The corrected content has ${result.errors.length} error(s)`,
            },
            { errors: result.errors },
          );
        await this.sheets.replaceContent(sheetId, content, m);
      }
      const version = await this.versions.append(
        {
          sheetId,
          content,
          authorId: auth.userId,
          stage: sheet.current_stage,
          round: sheet.round,
          action: 'correction',
          reason: input.note,
        },
        m,
      );
      const published = await this.publications.freeze(
        { sheetVersionId: version.id, note: input.note },
        m,
      );
      const base = `/public/${sheet.gov_code}/${sheet.programme_code}/${sheet.fiscal_year}/${encodeURIComponent(sheet.project_code)}`;
      return {
        sheetId,
        publicationNo: published.publicationNo,
        versionNo: version.versionNo,
        url: base,
        previousUrl: `${base}/v/${previous}`,
      };
    });
  }

  /** Checks an import and reports every row's problems; writes nothing. */
  async preview(
    auth: AuthContext,
    cycleId: string,
    file: Buffer,
    options: {
      worksheet?: string | undefined;
      mapping?: Record<string, string | null> | undefined;
    },
  ): Promise<ImportReport> {
    return (await this.prepare(auth, cycleId, file, options)).report;
  }

  /** Imports every row in one transaction, or nothing (422 with the report) if any row is wrong. */
  async commit(
    auth: AuthContext,
    cycleId: string,
    file: Buffer,
    options: {
      worksheet?: string | undefined;
      mapping?: Record<string, string | null> | undefined;
    },
  ): Promise<ImportResult> {
    const { report, updates } = await this.prepare(auth, cycleId, file, options);
    if (!report.ok)
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'import_invalid',
        {
          ja: `取り込めません: ${report.errorCount} 件の誤りがあります（何も取り込んでいません）`,
          en: `Nothing was imported: ${report.errorCount} problem(s) found`,
        },
        report,
      );
    await this.transactions.run(async (m) => {
      for (const u of updates) {
        if (!(await this.sheets.importContent(u, m)))
          throw new ApiError(HttpStatus.CONFLICT, 'sheet_changed', {
            ja: '取り込み中に他の人がシートを変更しました。もう一度プレビューしてください（何も取り込んでいません）',
            en: 'A sheet changed while importing; preview again (nothing was imported)',
          });
      }
    });
    return { imported: updates.length, report };
  }

  private async prepare(
    auth: AuthContext,
    cycleId: string,
    file: Buffer,
    options: {
      worksheet?: string | undefined;
      mapping?: Record<string, string | null> | undefined;
    },
  ): Promise<PreparedImport> {
    this.assertAdmin(auth);
    const cycle = await this.cycles.withTemplate(cycleId, auth.governmentId);
    if (!cycle)
      throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', {
        ja: '年度サイクルが見つかりません',
        en: 'No such cycle',
      });
    let sheet;
    try {
      sheet = await readWorkbook(file, options.worksheet);
    } catch (error) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'unreadable_workbook', {
        ja: 'Excel ファイル（.xlsx）を読み込めません',
        en: `Cannot read the Excel (.xlsx) file: ${error instanceof Error ? error.message : 'unknown error'}`,
      });
    }
    const template = cycle.definition;
    const fy = cycle.fiscal_year;
    const sheets = await this.sheets.ofCycleForImport(cycleId, auth.governmentId);
    const byCode = new Map(sheets.map((s) => [s.code, s]));

    // Columns: the template's (every block), with the dynamic row / item ids named by the headers.
    const headerKeys = sheet.headers.map((h) => options.mapping?.[h.text] ?? h.text);
    const synthetic = syntheticContent(template, headerKeys);
    const columns = flatColumns(template, fy, [synthetic, ...sheets.map((s) => s.content)], {
      allBlocks: true,
    });
    const byKey = new Map(columns.map((c) => [c.key, c]));
    const byLabel = new Map<string, FlatColumn>();
    for (const c of columns) {
      byLabel.set(c.label.ja, c);
      byLabel.set(c.label.en, c);
    }
    // A header equal to a field's own label (「事務事業名」) maps itself too, when no other
    // column shares that label.
    const byFieldLabel = fieldLabelIndex(template, columns);
    const mapped: { header: string; column: string; field: string; col: number }[] = [];
    const ignored: { header: string; column: string }[] = [];
    const errors: ImportError[] = [];
    let codeColumn: number | null = null;
    for (const h of sheet.headers) {
      const explicit = options.mapping ? options.mapping[h.text] : undefined;
      if (explicit === null || explicit === '') {
        ignored.push({ header: h.text, column: h.letter });
        continue;
      }
      const target = explicit ?? h.text;
      if (target === 'project_code' || (!explicit && PROJECT_CODE_HEADERS.has(h.text))) {
        codeColumn = h.column;
        continue;
      }
      if (IDENTITY_KEYS.has(target)) {
        ignored.push({ header: h.text, column: h.letter });
        continue;
      }
      const col =
        byKey.get(target) ??
        (explicit ? undefined : (byLabel.get(h.text) ?? byFieldLabel.get(h.text)));
      if (!col) {
        if (explicit)
          errors.push({
            row: null,
            column: h.letter,
            header: h.text,
            field: explicit,
            code: 'unknown_field',
            message: {
              ja: `対応付け先の項目 ${explicit} は様式にありません`,
              en: `The mapping names ${explicit}, which is not a field of the layout`,
            },
          });
        else ignored.push({ header: h.text, column: h.letter });
        continue;
      }
      if (col.readOnly) {
        ignored.push({ header: h.text, column: h.letter });
        continue;
      }
      mapped.push({ header: h.text, column: h.letter, field: col.key, col: h.column });
    }
    if (codeColumn === null)
      errors.push({
        row: null,
        column: null,
        header: null,
        field: 'project_code',
        code: 'project_code_missing',
        message: {
          ja: '事業番号（project_code）の列がありません',
          en: 'There is no project_code column',
        },
      });

    const resolver = await this.referenceResolver(auth.governmentId);
    const seen = new Map<string, number>();
    const rows: ImportReport['rows'][number][] = [];
    const updates: PreparedImport['updates'] = [];
    for (const r of sheet.rows) {
      const rowErrors: ImportError[] = [];
      const err = (
        column: { letter: string; header: string; field: string } | null,
        code: string,
        message: LocalizedText,
      ) =>
        rowErrors.push({
          row: r.row,
          column: column?.letter ?? null,
          header: column?.header ?? null,
          field: column?.field ?? null,
          code,
          message,
        });
      const codeCell = codeColumn !== null ? r.cells.get(codeColumn) : undefined;
      const code = codeCell === undefined ? null : String(codeCell).trim();
      const target = code ? byCode.get(code) : undefined;
      if (!code)
        err(null, 'project_code_missing', {
          ja: '事業番号が空です',
          en: 'The project code is empty',
        });
      else if (!target)
        err(null, 'unknown_project', {
          ja: `事業番号 ${code} のシートはこの年度サイクルにありません`,
          en: `No sheet for project ${code} in this cycle`,
        });
      else if (seen.has(code))
        err(null, 'duplicate_project', {
          ja: `事業番号 ${code} は ${seen.get(code)} 行目と重複しています`,
          en: `Project ${code} already appears on row ${seen.get(code)}`,
        });
      else if (target.status === 'published' || target.status === 'withdrawn')
        err(null, 'sheet_closed', {
          ja: `事業番号 ${code} のシートは公表済みまたは取り下げ済みのため変更できません`,
          en: `The sheet of project ${code} is published or withdrawn and cannot change`,
        });
      if (code && !seen.has(code)) seen.set(code, r.row);

      const flatRow: Record<string, unknown> = {};
      for (const m of mapped) {
        const v = r.cells.get(m.col);
        if (v !== undefined) flatRow[m.field] = v;
      }
      const unflat = unflattenRow(template, columns, flatRow, resolver, {
        htmlFragments: true,
      });
      const locate = (key: string) => {
        // The column of a path: exact, else the longest mapped prefix.
        const hit =
          mapped.find((m) => m.field === key) ??
          mapped
            .filter((m) => key.startsWith(`${m.field}.`) || m.field.startsWith(`${key}.`))
            .sort((a, b) => b.field.length - a.field.length)[0];
        return hit ? { letter: hit.column, header: hit.header, field: key } : null;
      };
      for (const e of unflat.errors) err(locate(e.column), 'invalid_value', e.message);
      if (target && unflat.errors.length === 0) {
        const merged = mergeContent(target.content, unflat.content);
        const validation = validateDraft(template, merged, { fiscalYear: fy });
        for (const e of validation.errors)
          err(
            locate(pathToString(e.path)) ?? { letter: '', header: '', field: pathToString(e.path) },
            e.code,
            e.message,
          );
        if (rowErrors.length === 0)
          updates.push({
            sheetId: target.id,
            content: merged,
            draftRevision: target.draft_revision,
          });
      }
      rows.push({
        row: r.row,
        projectCode: code,
        sheetId: target?.id ?? null,
        values: Object.keys(flatRow).length,
        errors: rowErrors,
      });
    }
    const errorCount = errors.length + rows.reduce((n, r) => n + r.errors.length, 0);
    return {
      report: {
        worksheet: sheet.name,
        headerRow: sheet.headerRow,
        mapped: mapped.map(({ header, column, field }) => ({ header, column, field })),
        ignored,
        rows,
        errors,
        errorCount,
        ok: errorCount === 0 && rows.length > 0,
        fields: columns.filter((c) => !c.readOnly).map((c) => ({ key: c.key, label: c.label })),
      },
      updates,
    };
  }

  /** Reference cells may hold an id or a name (a section's name, a person's name or e-mail). */
  private async referenceResolver(governmentId: string) {
    const sections = await this.organisation.unitNames(governmentId);
    const people = await this.users.directory(governmentId);
    return (target: 'section' | 'person', text: string): string | null => {
      const t = text.trim();
      if (target === 'section')
        return sections.find((s) => s.id === t || s.name_ja === t || s.name_en === t)?.id ?? null;
      const matches = people.filter(
        (p) => p.id === t || p.email.toLowerCase() === t.toLowerCase() || p.display_name === t,
      );
      return matches.length === 1 ? (matches[0]?.id ?? null) : null;
    };
  }
}

/** Content whose dynamic lists hold the row / item ids that column keys name. */
function syntheticContent(template: TemplateDefinition, keys: readonly string[]): unknown {
  const content: Record<string, Record<string, unknown>> = {};
  for (const key of keys) {
    const [b = '', f = '', id] = key.split('.');
    const field = template.blocks.find((x) => x.key === b)?.fields.find((x) => x.key === f);
    if (!field || !id) continue;
    const block = (content[b] ??= {});
    if (field.type === 'indicator_table' && field.rows.mode === 'evaluator') {
      const v = (block[f] ??= { rows: [] }) as { rows: { id: string }[] };
      if (!v.rows.some((r) => r.id === id)) v.rows.push({ id });
    } else if (field.type === 'group') {
      const v = (block[f] ??= []) as { id: string; values?: Record<string, unknown> }[];
      let item = v.find((r) => r.id === id);
      if (!item) v.push((item = { id }));
      // A nested group's column: `block.field.itemId.nested.innerId.key`.
      const [, , , nestedKey, innerId] = key.split('.');
      if (
        nestedKey &&
        innerId &&
        field.fields.some((x) => x.key === nestedKey && x.type === 'group')
      ) {
        const values = (item.values ??= {});
        const inner = (values[nestedKey] ??= []) as { id: string }[];
        if (!inner.some((r) => r.id === innerId)) inner.push({ id: innerId });
      }
    }
  }
  return content;
}

/** Existing content with every imported field replaced (other fields are kept). */
function mergeContent(
  existing: unknown,
  imported: Record<string, Record<string, unknown>>,
): unknown {
  const out: Record<string, unknown> = isRecord(existing) ? structuredClone(existing) : {};
  for (const [blockKey, fields] of Object.entries(imported)) {
    const block = isRecord(out[blockKey]) ? out[blockKey] : {};
    out[blockKey] = { ...block, ...fields };
  }
  return out;
}
