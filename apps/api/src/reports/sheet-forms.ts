import { Injectable } from '@nestjs/common';
import { SHEET_FORM_KEY, type Locale } from '@hyoka/domain';
import { sheetWorkbook } from '../publication/excel';
import { PdfService } from '../publication/pdf.service';
import { buildSheetDoc, fiscalYearText } from '../publication/sheet-doc';
import { PortalService } from '../publication/portal.service';
import { PublicationStore, type PublishedRecord } from '../publication/publication.store';
import { renderOutputFormHtml } from './form-html';
import { outputForm } from './form-values';
import { outputFormWorkbook } from './form-xlsx';

/** Why a form could not be printed for a publication. */
export class UnknownFormError extends Error {
  constructor(readonly formKey: string) {
    super(`the template offers no form "${formKey}"`);
  }
}

/**
 * Prints one form of one publication: the evaluation sheet (`sheet`: the public page's PDF, kept
 * in `published_pdf`, and its Excel) or an output form of its template (rendered from its layout each time).
 */
@Injectable()
export class SheetForms {
  constructor(
    private readonly store: PublicationStore,
    private readonly portal: PortalService,
    private readonly pdfs: PdfService,
  ) {}

  record(publishedSheetId: string): Promise<PublishedRecord> {
    return this.store.record(publishedSheetId);
  }

  /**
   * The form of a publication as printable HTML (one `<h1>` first: see `combineDocuments`);
   * `cssPageSize`: print it on the paper its CSS names (output forms), else on A4.
   */
  async html(
    record: PublishedRecord,
    formKey: string,
    locale: Locale,
  ): Promise<{ html: string; cssPageSize: boolean }> {
    const template = await this.store.template(record.templateId);
    if (formKey === SHEET_FORM_KEY) {
      const government = await this.store.government(record.projection.meta.governmentCode);
      if (!government) throw new Error(`government ${record.projection.meta.governmentCode}`);
      const all = await this.store.heads(government.id, record.fiscalYear, record.projectCode);
      return {
        html: this.portal.sheetPage({ government, record, all, template }, locale, true),
        cssPageSize: false,
      };
    }
    const form = outputForm(template, formKey);
    if (!form) throw new UnknownFormError(formKey);
    return {
      html: renderOutputFormHtml(form, template, record.projection, locale),
      cssPageSize: true,
    };
  }

  async pdf(record: PublishedRecord, formKey: string, locale: Locale): Promise<Buffer> {
    if (formKey === SHEET_FORM_KEY)
      return this.pdfs.pdf(
        record.id,
        locale,
        async () => (await this.html(record, formKey, locale)).html,
      );
    const { html, cssPageSize } = await this.html(record, formKey, locale);
    return this.pdfs.render(html, { cssPageSize });
  }

  async xlsx(record: PublishedRecord, formKey: string, locale: Locale): Promise<Buffer> {
    const template = await this.store.template(record.templateId);
    if (formKey === SHEET_FORM_KEY) {
      const m = record.projection.meta;
      return sheetWorkbook(
        m.project.name[locale],
        `${m.government[locale]} · ${fiscalYearText(record.fiscalYear, locale)} · ${record.projectCode}`,
        buildSheetDoc(template, record.projection, locale),
        locale,
      );
    }
    const form = outputForm(template, formKey);
    if (!form) throw new UnknownFormError(formKey);
    return outputFormWorkbook(form, template, record.projection, locale);
  }
}
