import { Injectable } from '@nestjs/common';
import { SHEET_FORM_KEY, type Locale } from '@hyoka/domain';
import { sheetWorkbook } from '../publication/excel';
import { PdfService } from '../publication/pdf.service';
import { buildSheetDoc, fiscalYearText } from '../publication/sheet-doc';
import { PortalService } from '../publication/portal.service';
import { publishedFormPdf } from '../print/published-form';
import {
  PublicationStore,
  type PortalScope,
  type PublicationHead,
  type PublishedRecord,
} from '../publication/publication.store';
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
   * The government and programme a publication was published in, and its publications: the
   * programme whose heads of that year and project include it (a project may be evaluated in
   * several programmes).
   */
  private async scopeOf(
    record: PublishedRecord,
  ): Promise<{ government: PortalScope; all: PublicationHead[] }> {
    const code = record.projection.meta.governmentCode;
    const g = await this.store.government(code);
    if (!g) throw new Error(`government ${code}`);
    for (const programme of await this.store.programmes(g.id)) {
      const government: PortalScope = { ...g, programme };
      const all = await this.store.heads(government, record.fiscalYear, record.projectCode);
      if (all.some((h) => h.id === record.id)) return { government, all };
    }
    throw new Error(`publication ${record.id} is in none of ${code}'s programmes`);
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
      const { government, all } = await this.scopeOf(record);
      const bundle = { government, record, all, template };
      // The template's paper form when it has one (print layout), else the page as published.
      const form = publishedFormPdf(bundle, locale);
      return form
        ? { html: form.html(), cssPageSize: true }
        : { html: this.portal.sheetPage(bundle, locale, true), cssPageSize: false };
    }
    const form = outputForm(template, formKey);
    if (!form) throw new UnknownFormError(formKey);
    return {
      html: renderOutputFormHtml(form, template, record.projection, locale),
      cssPageSize: true,
    };
  }

  async pdf(record: PublishedRecord, formKey: string, locale: Locale): Promise<Buffer> {
    const { html, cssPageSize } = await this.html(record, formKey, locale);
    const options = { paper: cssPageSize ? 'css' : 'a4' } as const;
    // The evaluation sheet is the portal's own PDF: cached per publication and language.
    if (formKey === SHEET_FORM_KEY) return this.pdfs.pdf(record.id, locale, () => html, options);
    return this.pdfs.render(html, options);
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
