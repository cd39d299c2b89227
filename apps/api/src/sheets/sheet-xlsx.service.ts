import { HttpStatus, Injectable } from '@nestjs/common';
import {
  blocksEditableAt,
  computeSheet,
  contentFromCells,
  diffContent,
  fiscalYearLabel,
  identityColumns,
  locatePath,
  mergeImport,
  pathToString,
  refNames,
  sheetLayout,
  layoutValues,
  validateDraft,
  type LocalizedText,
  type Locale,
  type XlsxCellError,
  type XlsxIdentity,
} from '@hyoka/domain';
import { OrganisationRepository, UserRepository } from '@hyoka/persistence';
import type { AuthContext } from '../auth/auth-context';
import { SheetAccessService } from '../auth/sheet-access.service';
import { ApiError } from '../common/api-error';
import { SheetReferences } from './sheet-references';
import { readSheetWorkbook, writeSheetWorkbook } from './sheet-workbook';
import type { XlsxImport } from './sheet-xlsx.schemas';
import { SheetsService } from './sheets.service';

const WORKSHEET: Readonly<Record<Locale, string>> = { ja: '評価シート', en: 'Sheet' };

/**
 * A sheet as an Excel workbook laid out like its form (the draft or a version), and a workbook
 * edited offline read back into the draft: same access, If-Match and conflict rules as a draft
 * save (the save itself is `SheetsService.saveDraft`). A workbook that changes nothing saves
 * nothing different: the draft keeps every untouched field exactly.
 */
@Injectable()
export class SheetXlsxService {
  constructor(
    private readonly sheets: SheetsService,
    private readonly access: SheetAccessService,
    private readonly organisation: OrganisationRepository,
    private readonly users: UserRepository,
  ) {
    this.references = new SheetReferences(organisation, users);
  }

  private readonly references: SheetReferences;

  /** 404 unless the caller may see the sheet. */
  async assertVisible(auth: AuthContext, sheetId: string): Promise<void> {
    await this.access.visibleSheet(auth, sheetId);
  }

  /** The sheet as the caller may see it, with the names its references show. */
  private async sheet(auth: AuthContext, sheetId: string) {
    const sheet = await this.access.visibleSheet(auth, sheetId);
    const refs = await this.references.names(sheet.governmentId, sheet.template, [sheet.content]);
    return { ...sheet, refs };
  }

  async export(
    auth: AuthContext,
    sheetId: string,
    versionNo: number | undefined,
    locale: Locale,
  ): Promise<{ filename: string; body: Buffer }> {
    const view = await this.sheet(auth, sheetId);
    const version =
      versionNo === undefined ? null : await this.sheets.version(auth, sheetId, versionNo);
    const content = version ? version.content : view.content;
    const refs = version ? version.refs : view.refs;
    const template = view.template;
    const fy = view.fiscalYear;
    const which =
      version === null
        ? locale === 'ja'
          ? '下書き'
          : 'draft'
        : locale === 'ja'
          ? `第${version.versionNo}版`
          : `version ${version.versionNo}`;
    const layout = sheetLayout(
      template,
      fy,
      content,
      {
        title: template.title[locale],
        subtitle: `${fiscalYearLabel(fy, locale)}  ${view.projectCode}  ${view.projectName}  (${which})`,
      },
      locale,
    );
    const computed = computeSheet(template, content, { fiscalYear: fy });
    const values = layoutValues(template, layout, content, computed, refs, locale);
    const identity: XlsxIdentity = {
      sheetId: view.id,
      templateKey: template.key,
      templateVersion: template.version,
      fiscalYear: fy,
      worksheet: WORKSHEET[locale],
      lists: layout.lists,
      refs: refNames(refs, locale),
      cells: [...layout.valueCells],
    };
    const body = await writeSheetWorkbook(layout, values, identity, locale);
    const suffix = version === null ? 'draft' : `v${version.versionNo}`;
    return { filename: `${fy}-${view.projectCode}-${suffix}.xlsx`, body };
  }

  /** The changes a workbook makes to the draft; nothing is saved. 422 with every cell's problem. */
  async preview(auth: AuthContext, sheetId: string, file: Buffer): Promise<XlsxImport> {
    const prepared = await this.prepare(auth, sheetId, file);
    return { changes: prepared.changes, draftRevision: prepared.draftRevision, saved: false };
  }

  /** Saves the workbook's values into the draft if `expectedRevision` is still current. */
  async import(
    auth: AuthContext,
    sheetId: string,
    expectedRevision: number,
    file: Buffer,
  ): Promise<XlsxImport & { etag: string }> {
    const prepared = await this.prepare(auth, sheetId, file);
    const saved = await this.sheets.saveDraft(auth, sheetId, expectedRevision, prepared.content);
    return {
      changes: prepared.changes,
      draftRevision: saved.draftRevision,
      saved: true,
      etag: saved.etag,
    };
  }

  private async prepare(auth: AuthContext, sheetId: string, file: Buffer) {
    const view = await this.sheet(auth, sheetId);
    const template = view.template;
    const read = await readSheetWorkbook(file);
    if (!read.ok) {
      if (read.reason === 'unreadable')
        throw new ApiError(HttpStatus.BAD_REQUEST, 'unreadable_workbook', {
          ja: 'Excel ファイル（.xlsx）を読み込めません',
          en: 'Cannot read the Excel (.xlsx) file',
        });
      throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'xlsx_not_a_sheet', {
        ja: 'このシートから書き出した Excel ファイルではありません（取り込めるのは「Excelで書き出す」で作ったファイルです）',
        en: 'This workbook was not exported from a sheet (import a workbook made with “Export to Excel”)',
      });
    }
    const { identity } = read;
    if (identity.sheetId !== view.id)
      throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'xlsx_other_sheet', {
        ja:
          '別のシートの Excel ファイルです。このシート（事業番号 ' +
          view.projectCode +
          '）から書き出したファイルを取り込んでください（何も取り込んでいません）',
        en: `This workbook belongs to another sheet; import one exported from this sheet (project ${view.projectCode}). Nothing was imported`,
      });
    if (
      identity.templateKey !== template.key ||
      identity.templateVersion !== template.version ||
      identity.fiscalYear !== view.fiscalYear
    )
      throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'xlsx_other_template', {
        ja: `様式が違います（ファイル: ${identity.templateKey} 版${identity.templateVersion}、シート: ${template.key} 版${template.version}）。書き出し直してください（何も取り込んでいません）`,
        en: `The workbook is of another layout (${identity.templateKey} v${identity.templateVersion}, the sheet uses ${template.key} v${template.version}); export it again. Nothing was imported`,
      });

    const resolve = await this.referenceResolver(auth.governmentId);
    const cells = contentFromCells(template, identity, read.read, resolve);
    const errors: XlsxCellError[] = [...cells.errors];
    const labels = new Map(identityColumns(template, identity).map((c) => [c.key, c.label]));
    const at = (path: string, code: string, message: LocalizedText): XlsxCellError => {
      const hit = locatePath(identity, path);
      return {
        cell: hit ? `${identity.worksheet}!${hit.address}` : null,
        field: path,
        label: (hit && labels.get(hit.key)) ?? null,
        code,
        message,
      };
    };
    let content: Record<string, unknown> = {};
    if (errors.length === 0) {
      const editable = new Set(blocksEditableAt(template, view.stage).map((b) => b.key));
      const merged = mergeImport(template, view.fiscalYear, view.content, cells.content, editable);
      for (const path of merged.locked) {
        const title = template.blocks.find((b) => b.key === path[0])?.title;
        errors.push(
          at(pathToString(path), 'block_not_editable', {
            ja: `この段階では「${title?.ja ?? String(path[0])}」を編集できません`,
            en: `“${title?.en ?? String(path[0])}” cannot be edited at this stage`,
          }),
        );
      }
      const validation = validateDraft(template, merged.content, { fiscalYear: view.fiscalYear });
      for (const e of validation.errors) errors.push(at(pathToString(e.path), e.code, e.message));
      content = merged.content;
    }
    if (errors.length > 0)
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'xlsx_invalid',
        {
          ja: `取り込めません: ${errors.length} 件の誤りがあります（何も保存していません）`,
          en: `Nothing was saved: ${errors.length} problem(s) in the workbook`,
        },
        { errors: errors.map(withPlace) },
      );
    const refs: Record<string, LocalizedText> = {
      ...Object.fromEntries(
        Object.entries(identity.refs).map(([name, id]) => [id, { ja: name, en: name }]),
      ),
      ...view.refs,
    };
    const changes = diffContent(template, view.content, content, {
      fiscalYear: view.fiscalYear,
      locale: auth.locale,
      refs,
    });
    return { content, changes, draftRevision: view.draftRevision };
  }

  /** A reference cell may hold an id, a section's name, a person's name or e-mail. */
  private async referenceResolver(governmentId: string) {
    const [sections, people] = await Promise.all([
      this.organisation.unitNames(governmentId),
      this.users.directory(governmentId),
    ]);
    return (target: 'section' | 'person', text: string): string | null => {
      const t = text.trim();
      if (target === 'section') {
        const hits = sections.filter((s) => s.id === t || s.name_ja === t || s.name_en === t);
        return hits.length === 1 ? (hits[0]?.id ?? null) : null;
      }
      const hits = people.filter(
        (p) => p.id === t || p.email.toLowerCase() === t.toLowerCase() || p.display_name === t,
      );
      return hits.length === 1 ? (hits[0]?.id ?? null) : null;
    };
  }
}

/** The error's message, prefixed with its cell and field in both languages. */
function withPlace(e: XlsxCellError): XlsxCellError {
  const where = (locale: Locale) =>
    [e.cell, e.label ? e.label[locale] : e.field].filter((x): x is string => !!x).join(' ');
  const ja = where('ja');
  const en = where('en');
  return {
    ...e,
    message: {
      ja: ja ? `${ja}: ${e.message.ja}` : e.message.ja,
      en: en ? `${en}: ${e.message.en}` : e.message.en,
    },
  };
}
