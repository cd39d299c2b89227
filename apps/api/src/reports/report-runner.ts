import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { AppConfig } from '@hyoka/config';
import { availableForms, type Locale } from '@hyoka/domain';
import {
  BoundReportRepository,
  CycleRepository,
  type ClaimedBoundReport,
} from '@hyoka/persistence';
import { PdfService } from '../publication/pdf.service';
import { fiscalYearText } from '../publication/sheet-doc';
import { APP_CONFIG } from '../tokens';
import {
  bindReport,
  combineDocuments,
  pageCount,
  partPageCounts,
  type BoundChunk,
  type BoundEntry,
} from './bound-pdf';
import type { PublishedRecord } from '../publication/publication.store';
import { SheetForms } from './sheet-forms';

/** How long a report stays with the process building it without news (renewed every sheet). */
export const REPORT_LEASE_SECONDS = 120;
/** How often an idle runner looks for queued reports and reports whose process stopped. */
const IDLE_POLL_MS = 5_000;
/** Sheets printed in one PDF rendering. */
const CHUNK = 10;
/** A report whose build was taken up this many times without finishing is given up. */
const MAX_ATTEMPTS = 3;

class Stopped extends Error {}

/**
 * Builds bound reports in the background, in the API process (where the Chromium pool and the
 * sheets' HTML are): takes the oldest queued report from `bound_report` under a lease, prints each
 * sheet's form (a few at once, on the PDF pool), records progress after every sheet, then binds
 * them with a cover, a table of contents and page numbers. Durable: the request is a row; a
 * process that stops mid-build leaves the report `running` under a lease that runs out, and the
 * next runner (this process restarted, or another API process) builds it again (the evaluation
 * sheets' PDFs are kept in `published_pdf`, so the second build mostly reads them).
 */
@Injectable()
export class ReportRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(ReportRunner.name);
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly width: number;

  constructor(
    private readonly reports: BoundReportRepository,
    private readonly cycles: CycleRepository,
    private readonly forms: SheetForms,
    private readonly pdfs: PdfService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.width = Math.max(1, Math.min(4, config.pdfPages));
  }

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  /** A report was queued: look now rather than at the next poll. */
  kick(): void {
    this.wake?.();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let worked = false;
      try {
        const job = await this.reports.claim(REPORT_LEASE_SECONDS);
        if (job) {
          worked = true;
          await this.build(job);
        }
      } catch (error) {
        if (!this.stopped) this.log.warn(`bound reports: ${String(error)}`);
      }
      if (!worked && !this.stopped)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, IDLE_POLL_MS);
          timer.unref();
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      this.wake = null;
    }
  }

  private async build(job: ClaimedBoundReport): Promise<void> {
    if (job.attempts > MAX_ATTEMPTS) {
      await this.reports.fail(job.id, job.attempts, {
        ja: `作成が ${MAX_ATTEMPTS} 回中断されたため中止しました。もう一度作成してください`,
        en: `Stopped after ${MAX_ATTEMPTS} interrupted builds; please create the report again`,
      });
      return;
    }
    try {
      const started = Date.now();
      const { pdf, pageCount } = await this.bind(job);
      await this.reports.finish(job.id, job.attempts, pdf, pageCount);
      this.log.log(
        `bound report ${job.id}: ${pageCount} pages, ${(pdf.length / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    } catch (error) {
      // Stopping mid-build leaves the report running: its lease runs out and it is built again.
      if (error instanceof Stopped || this.stopped) return;
      this.log.warn(`bound report ${job.id} failed: ${String(error)}`);
      await this.reports.fail(job.id, job.attempts, {
        ja: '報告書を作成できませんでした。もう一度作成してください',
        en: `The report could not be built: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  private async bind(job: ClaimedBoundReport): Promise<{ pdf: Buffer; pageCount: number }> {
    const locale: Locale = job.locale === 'en' ? 'en' : 'ja';
    const cycle = await this.cycles.withTemplate(job.cycleId, job.governmentId);
    if (!cycle) throw new Error('the cycle no longer exists');
    const form = availableForms(cycle.definition).find((f) => f.key === job.formKey);
    if (!form) throw new Error(`the template offers no form "${job.formKey}"`);
    const publications = await this.reports.publications(
      job.governmentId,
      job.cycleId,
      job.departmentId,
    );
    const total = publications.length;
    if (!(await this.reports.progress(job.id, job.attempts, 0, total, REPORT_LEASE_SECONDS)))
      throw new Stopped();

    // Sheets are printed CHUNK at a time into one PDF (one Chromium rendering and one font
    // subset per chunk, not per sheet), a few chunks at once on the PDF pool.
    const chunks: (BoundChunk[] | undefined)[] = [];
    const starts = Array.from({ length: Math.ceil(total / CHUNK) }, (_, i) => i * CHUNK);
    let next = 0;
    let done = 0;
    let government = '';
    let department = '';
    await Promise.all(
      Array.from({ length: Math.min(this.width, starts.length) }, async () => {
        while (next < starts.length) {
          if (this.stopped) throw new Stopped();
          const c = next++;
          const from = starts[c] ?? 0;
          const records = await Promise.all(
            publications.slice(from, from + CHUNK).map((p) => this.forms.record(p.id)),
          );
          const first = records[0]?.projection.meta;
          if (first) {
            government = first.government[locale];
            if (job.departmentId) department = first.department?.name[locale] ?? '';
          }
          chunks[c] = await this.printChunk(records, job.formKey, locale);
          done += records.length;
          if (
            !(await this.reports.progress(job.id, job.attempts, done, total, REPORT_LEASE_SECONDS))
          )
            throw new Stopped();
        }
      }),
    );
    const L = (ja: string, en: string) => (locale === 'ja' ? ja : en);
    const year = fiscalYearText(cycle.fiscal_year, locale);
    return bindReport(
      chunks.flatMap((c) => c ?? []),
      {
        title: L(`${year} ${form.title.ja} 報告書`, `${form.title.en} report, ${year}`),
        government,
        scope: job.departmentId ? department : L('全庁', 'Whole government'),
        formTitle: form.title[locale],
        date: new Date().toLocaleDateString(locale === 'ja' ? 'ja-JP' : 'en-GB', {
          timeZone: 'Asia/Tokyo',
          dateStyle: 'long',
        }),
        locale,
      },
      (html) => this.pdfs.render(html),
    );
  }

  /**
   * Prints the sheets' forms as one PDF and finds where each sheet starts from the PDF's outline;
   * if the outline does not tell (a form without its heading), prints them one by one.
   */
  private async printChunk(
    records: readonly PublishedRecord[],
    formKey: string,
    locale: Locale,
  ): Promise<BoundChunk[]> {
    const entry = (r: PublishedRecord, pageCount: number): BoundEntry => ({
      code: r.projectCode,
      title: r.projection.meta.project.name[locale],
      department: r.projection.meta.department?.name[locale] ?? '',
      pageCount,
    });
    const printable = await Promise.all(records.map((r) => this.forms.html(r, formKey, locale)));
    const pdf = await this.pdfs.render(combineDocuments(printable.map((p) => p.html)), {
      paper: printable[0]?.cssPageSize ? 'css' : 'a4',
    });
    const counts = await partPageCounts(pdf, records.length);
    if (counts) return [{ pdf, entries: records.map((r, i) => entry(r, counts[i] ?? 0)) }];
    this.log.warn(`bound report: the outline does not show ${records.length} sheets; one by one`);
    const out: BoundChunk[] = [];
    for (const r of records) {
      const single = await this.forms.pdf(r, formKey, locale);
      out.push({ pdf: single, entries: [entry(r, await pageCount(single))] });
    }
    return out;
  }
}
