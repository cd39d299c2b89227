import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PdfService } from '../../apps/api/src/publication/pdf.service';
import { eventually } from '../support/cycle-fixture';
import {
  createPublicationFixture,
  publishDirectly,
  type DirectlyPublished,
  type PublicationFixture,
} from '../support/publication-fixture';
import { startTestSystem, type TestSystem } from '../support/system';

/** Pages in the PDF pool of this file's API (HYOKA_PDF_PAGES). */
const PAGES = 3;

type Published = DirectlyPublished;

/** Text of a PDF, read by pdftotext. */
function pdfText(pdf: Buffer, dir: string, name: string): string {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString();
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * First-time PDFs: Chromium renders on a bounded pool of pages (HYOKA_PDF_PAGES at once, more
 * wait), and concurrent requests for the same PDF share one rendering and one cached row.
 */
describe('published PDFs: a bounded pool of pages, one rendering per PDF', () => {
  let system: TestSystem;
  let f: PublicationFixture;
  let published: Published[];
  let dir: string;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false, env: { HYOKA_PDF_PAGES: String(PAGES) } });
    const ds = system.db.dataSource;
    f = await createPublicationFixture(ds, PAGES + 3);
    // Published as the publish activity does it: the final version and its frozen projection.
    published = await publishDirectly(ds, f.sheets, 'pdf-test');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyoka-pdf-test-'));
  });
  afterAll(async () => {
    await system?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const cachedRows = async (publishedSheetId: string) =>
    (
      await system.db.dataSource.query<{ locale: string }[]>(
        `SELECT locale FROM published_pdf WHERE published_sheet_id = $1 ORDER BY locale`,
        [publishedSheetId],
      )
    ).map((r) => r.locale);

  it('renders as many PDFs at once as the pool has pages; the next one waits for a free page', async () => {
    const pdfs = system.app.get(PdfService);
    const sheets = published.slice(0, PAGES + 1);
    // Each rendering asks for its HTML once it holds a page; the test decides when it gets it.
    const gates = new Map(sheets.map((s) => [s.publishedSheetId, deferred()]));
    const events: string[] = [];
    const asked = () => events.filter((e) => e.startsWith('asked ')).length;
    const results = sheets.map((s) =>
      pdfs.pdf(s.publishedSheetId, 'ja', async () => {
        events.push(`asked ${s.publishedSheetId}`);
        await gates.get(s.publishedSheetId)!.promise;
        return `<!doctype html><html lang="ja"><body><h1>試験 ${s.projectCode}</h1></body></html>`;
      }),
    );
    // PAGES renderings hold a page at once (the pool is sized by HYOKA_PDF_PAGES)…
    await eventually(() => Promise.resolve(asked() === PAGES ? true : undefined));
    // …and the last one gets a page only when one of them has finished.
    const first = events[0]!.slice('asked '.length);
    events.push(`released ${first}`);
    gates.get(first)!.resolve();
    await eventually(() => Promise.resolve(asked() === PAGES + 1 ? true : undefined));
    for (const g of gates.values()) g.resolve();
    const pdfsRendered = await Promise.all(results);

    const last = sheets.find(
      (s) => !events.slice(0, PAGES).includes(`asked ${s.publishedSheetId}`),
    )!;
    expect(events.indexOf(`asked ${last.publishedSheetId}`)).toBeGreaterThan(
      events.indexOf(`released ${first}`),
    );
    for (const [i, s] of sheets.entries()) {
      expect(pdfText(pdfsRendered[i]!, dir, `pool-${i}`)).toContain(`試験 ${s.projectCode}`);
      expect(await cachedRows(s.publishedSheetId)).toEqual(['ja']);
    }
  });

  it('answers concurrent requests for the same PDF from one rendering, then from the cache', async () => {
    const pdfs = system.app.get(PdfService);
    const render = jest.spyOn(pdfs, 'render');
    try {
      const s = published[PAGES + 1]!;
      const url = `/public/${f.governmentCode}/jimu-jigyo/${f.fiscalYear}/${s.projectCode}/pdf`;
      const answers = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const res = await system.fetch(url);
          expect(res.status).toBe(200);
          expect(res.headers.get('content-type')).toBe('application/pdf');
          return Buffer.from(await res.arrayBuffer());
        }),
      );
      expect(render).toHaveBeenCalledTimes(1);
      for (const a of answers) expect(a.equals(answers[0]!)).toBe(true);
      const text = pdfText(answers[0]!, dir, 'coalesced');
      expect(text).toContain(s.projectName);
      expect(text).toContain(s.projectCode);
      expect(await cachedRows(s.publishedSheetId)).toEqual(['ja']);

      // Later requests are served from published_pdf; English is its own PDF.
      const again = await system.fetch(url);
      expect(Buffer.from(await again.arrayBuffer()).equals(answers[0]!)).toBe(true);
      expect(render).toHaveBeenCalledTimes(1);
      const english = await Promise.all(
        Array.from({ length: 4 }, async () =>
          Buffer.from(await (await system.fetch(`${url}?lang=en`)).arrayBuffer()),
        ),
      );
      expect(render).toHaveBeenCalledTimes(2);
      for (const e of english) expect(e.equals(english[0]!)).toBe(true);
      expect(english[0]!.equals(answers[0]!)).toBe(false);
      expect(await cachedRows(s.publishedSheetId)).toEqual(['en', 'ja']);
    } finally {
      render.mockRestore();
    }
  });
});

/**
 * With HYOKA_PDF_WARM the API launches Chromium and opens its pool while it starts, in the
 * background: the first PDF request finds the pages open and launches nothing.
 */
describe('published PDFs: a renderer warmed up at start-up', () => {
  let system: TestSystem;
  let dir: string;

  beforeAll(async () => {
    system = await startTestSystem({
      worker: false,
      env: { HYOKA_PDF_WARM: 'true', HYOKA_PDF_PAGES: '2' },
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyoka-pdf-warm-test-'));
  });
  afterAll(async () => {
    await system?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens every page of the pool without a request; the first PDF launches no browser', async () => {
    const pdfs = system.app.get(PdfService);
    const idle = () => {
      const q = pdfs.queue();
      return q.open === 2 && q.rendering === 0 ? q : undefined;
    };
    expect((await eventually(() => Promise.resolve(idle()))).launches).toBe(1);

    const ds = system.db.dataSource;
    const f = await createPublicationFixture(ds, 1);
    const [s] = await publishDirectly(ds, f.sheets, 'pdf-warm-test');
    const res = await system.fetch(
      `/public/${f.governmentCode}/jimu-jigyo/${f.fiscalYear}/${s!.projectCode}/pdf`,
    );
    expect(res.status).toBe(200);
    expect(pdfText(Buffer.from(await res.arrayBuffer()), dir, 'warm')).toContain(s!.projectName);
    expect(pdfs.queue()).toMatchObject({ open: 2, launches: 1 });
  });
});
