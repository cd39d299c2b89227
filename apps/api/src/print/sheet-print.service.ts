import { Inject, Injectable } from '@nestjs/common';
import { tokyoDateOf } from '@hyoka/calendar';
import type { Clock } from '@hyoka/config';
import { computeSheet, isRecord, type Locale, type SheetContent } from '@hyoka/domain';
import { OrganisationRepository, UserRepository } from '@hyoka/persistence';
import type { AuthContext } from '../auth/auth-context';
import { SheetAccessService } from '../auth/sheet-access.service';
import type { PdfOptions } from '../publication/pdf.service';
import { buildSheetDoc, fiscalYearText, type DocSource } from '../publication/sheet-doc';
import { SheetReferences } from '../sheets/sheet-references';
import { SheetsService } from '../sheets/sheets.service';
import { CLOCK } from '../tokens';
import { renderDocHtml } from './doc-html';
import { renderFormHtml } from './form-html';
import { sheetPrintMarking } from './print-marking';

/** A sheet ready to print: its HTML, the paper it sets, a file name. */
export interface PrintableSheet {
  readonly html: string;
  readonly options: PdfOptions;
  readonly fileName: string;
}

/**
 * A sheet as it is now, printed for whoever may read it (the evaluator's draft, a reviewer's copy,
 * a published sheet): in its template's paper form, or in the default document layout when the
 * template has none. Every block the caller reads is printed (internal ones too: this is the
 * government's own copy), marked 下書き / 審査中 / 公表済 with the last version and the date.
 */
@Injectable()
export class SheetPrintService {
  private readonly references: SheetReferences;

  constructor(
    private readonly access: SheetAccessService,
    private readonly sheets: SheetsService,
    organisation: OrganisationRepository,
    users: UserRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.references = new SheetReferences(organisation, users);
  }

  async printable(auth: AuthContext, sheetId: string, locale: Locale): Promise<PrintableSheet> {
    // The same check as reading the sheet: whoever may read it may print it (404 otherwise).
    const sheet = await this.access.visibleSheet(auth, sheetId);
    const versions = await this.sheets.versions(auth, sheetId);
    const last = versions[versions.length - 1];
    const marking = sheetPrintMarking({
      status: sheet.status,
      stage: sheet.stage,
      stages: sheet.pipeline.map((s) => s.key),
      lastVersion: last
        ? { no: last.versionNo, date: tokyoDateOf(new Date(last.createdAt)) }
        : null,
      today: tokyoDateOf(this.clock.now()),
    });
    const { template, fiscalYear } = sheet;
    const content: SheetContent = isRecord(sheet.content) ? (sheet.content as SheetContent) : {};
    const source: DocSource = {
      fiscalYear,
      content,
      computed: computeSheet(template, content, { fiscalYear }),
      refs: await this.references.names(sheet.governmentId, template, [content]),
    };
    const fileName = `${fiscalYear}-${sheet.projectCode}-${marking.kind}`;
    if (template.printLayout) {
      return {
        html: renderFormHtml({
          layout: template.printLayout,
          template,
          source,
          locale,
          marking,
        }),
        options: { paper: 'css' },
        fileName,
      };
    }
    return {
      html: renderDocHtml({
        title: `${template.title[locale]}（${fiscalYearText(fiscalYear, locale)}）`,
        doc: buildSheetDoc(template, source, locale, template.blocks),
        marking,
        locale,
      }),
      options: { paper: 'a4' },
      fileName,
    };
  }
}
