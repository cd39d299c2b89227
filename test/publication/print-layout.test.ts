import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { managementSheetTemplate } from '@hyoka/domain';
import { appendSheetVersion, freezePublication } from '@hyoka/persistence';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { emailOf, setPassword, signIn } from '../api/helpers';
import { managementSheetContent } from '../fixtures/print/management-sheet-content';
import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * The reviewed picture of page 1 of the management sheet's published PDF. To regenerate it after
 * an intended change of the form: `HYOKA_UPDATE_PRINT_REFERENCE=1 npx jest
 * test/publication/print-layout.test.ts`, then look at the PNG before committing it.
 */
const REFERENCE = path.join(__dirname, '../fixtures/print/management-sheet-page1.png');
/** Resolution of the comparison (dots per inch): enough to see every ruled line and character. */
const DPI = 60;
/** Share of page 1's pixels allowed to differ (antialiasing, font hinting of another build). */
const TOLERANCE = 0.01;

interface PdfFacts {
  readonly pages: number;
  readonly width: number;
  readonly height: number;
  readonly text: string;
}

/** What pdfinfo and pdftotext read from a PDF. */
function readPdf(pdf: Buffer, dir: string, name: string): PdfFacts {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file]).toString();
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  return {
    pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]),
    width: Number(size?.[1]),
    height: Number(size?.[2]),
    text: execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-']).toString(),
  };
}

/**
 * The stamp at the top right (「公表 第1版」 and the day of publication, which is the day the test
 * runs) is blanked before comparing: the top 6 % of the page's height, right of 70 % of its width.
 */
function blankStamp(png: PNG): PNG {
  for (let y = 0; y < Math.round(png.height * 0.06); y += 1)
    for (let x = Math.round(png.width * 0.7); x < png.width; x += 1)
      png.data.fill(255, (y * png.width + x) * 4, (y * png.width + x) * 4 + 4);
  return png;
}

/** Page 1 rendered by pdftoppm, as PNG. */
function pageOne(dir: string, name: string): PNG {
  const prefix = path.join(dir, `${name}-page`);
  execFileSync('pdftoppm', [
    '-r',
    String(DPI),
    '-f',
    '1',
    '-l',
    '1',
    '-png',
    '-singlefile',
    path.join(dir, `${name}.pdf`),
    prefix,
  ]);
  return blankStamp(PNG.sync.read(fs.readFileSync(`${prefix}.png`)));
}

const squash = (text: string): string => text.replace(/\s+/g, '');

describe('print layout: the management sheet printed in its paper form', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let dir: string;
  let published: PdfFacts;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 3 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyoka-print-test-'));
    // The cycle runs the built-in management sheet; every sheet holds a complete, long content.
    await ds.query(
      `UPDATE government SET name_ja = 'サンプル市', name_en = 'Sample City' WHERE id = $1`,
      [f.governmentId],
    );
    await ds.query(
      `UPDATE template SET key = $2, definition = $3 WHERE id = (SELECT template_id FROM cycle WHERE id = $1)`,
      [f.cycleId, managementSheetTemplate.key, JSON.stringify(managementSheetTemplate)],
    );
    const content = managementSheetContent(f.fiscalYear, {
      departmentId: f.departmentId,
      sectionId: f.sectionId,
      chiefId: f.chiefId,
      personId: f.evaluatorId,
    });
    // Text that looks like markup is printed as text.
    const withMarkup = {
      ...content,
      identity: { ...content.identity, team: '<b>交流班</b>' },
    };
    for (const s of f.sheets)
      await ds.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
        s.sheetId,
        JSON.stringify(s === f.sheets[2] ? withMarkup : content),
      ]);
    // Sheet 0 is published (as the publish activity does it).
    const sheetId = f.sheets[0]!.sheetId;
    await ds.transaction(async (m) => {
      const version = await appendSheetVersion(m, {
        sheetId,
        content,
        authorId: null,
        stage: 'publication',
        round: 1,
        action: 'publish',
        transitionKey: `print-test/${sheetId}/publish`,
      });
      await freezePublication(m, { sheetVersionId: version.id });
      await m.query(
        `UPDATE sheet SET status = 'published', current_stage = 'publication' WHERE id = $1`,
        [sheetId],
      );
    });
    // Sheet 1 was submitted: the section chief reviews version 1.
    await appendSheetVersion(ds.manager, {
      sheetId: f.sheets[1]!.sheetId,
      content,
      authorId: f.evaluatorId,
      stage: 'self_evaluation',
      round: 1,
      action: 'submit',
    });
    await ds.query(
      `UPDATE sheet SET status = 'in_progress', current_stage = 'section_chief' WHERE id = $1`,
      [f.sheets[1]!.sheetId],
    );
    for (const id of [f.evaluatorId, f.chiefId]) await setPassword(ds, id);

    const res = await system.fetch(
      `/public/${f.governmentCode}/${f.fiscalYear}/${f.sheets[0]!.projectCode}/pdf`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    published = readPdf(Buffer.from(await res.arrayBuffer()), dir, 'published');
  });
  afterAll(async () => {
    await system?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the PDF on at most two A4 landscape pages, with its Japanese text extractable', () => {
    expect(published.pages).toBeGreaterThanOrEqual(1);
    expect(published.pages).toBeLessThanOrEqual(2);
    // A4 landscape: 842 × 595 points.
    expect(Math.round(published.width)).toBe(842);
    expect(Math.round(published.height)).toBe(595);
    const text = squash(published.text);
    for (const expected of [
      '事務事業評価シート（令和8年度）',
      'サンプル市',
      '公表第1版令和',
      '事務事業名',
      '地域交流拠点運営事業',
      '施策の柱',
      '市内4か所の地域交流拠点',
      '「まちづくり円卓会議」を年2回開く。',
      '拠点の年間利用者数',
      '42,874',
      'トータルコスト',
      '2評価の部（CHECK）',
      '■達成した',
      '□達成しなかった',
      '担当課の案のとおり決定する。',
      '課長二郎',
    ])
      expect([expected, text.includes(squash(expected))]).toEqual([expected, true]);
    // The internal extension is not published, nor are draft or review marks.
    for (const absent of ['内線4821', '下書き', '審査中'])
      expect([absent, text.includes(absent)]).toEqual([absent, false]);
  });

  it('prints page 1 like the reviewed reference picture', () => {
    const actual = pageOne(dir, 'published');
    if (process.env['HYOKA_UPDATE_PRINT_REFERENCE'] === '1') {
      fs.writeFileSync(REFERENCE, PNG.sync.write(actual));
    }
    const expected = PNG.sync.read(fs.readFileSync(REFERENCE));
    expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
    const diff = new PNG({ width: actual.width, height: actual.height });
    const different = pixelmatch(
      actual.data,
      expected.data,
      diff.data,
      actual.width,
      actual.height,
      { threshold: 0.1 },
    );
    if (different / (actual.width * actual.height) > TOLERANCE)
      fs.writeFileSync(path.join(os.tmpdir(), 'hyoka-print-page1-diff.png'), PNG.sync.write(diff));
    expect(different / (actual.width * actual.height)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('prints the evaluator’s draft marked 下書き, with the internal fields, for whoever may read it', async () => {
    const staff = await signIn(system, f.governmentCode, emailOf(f, 'staff'));
    const res = await system.fetch(`/sheets/${f.sheets[2]!.sheetId}/print.pdf`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const draft = readPdf(Buffer.from(await res.arrayBuffer()), dir, 'draft');
    expect(draft.pages).toBeLessThanOrEqual(2);
    expect(Math.round(draft.width)).toBe(842);
    const text = squash(draft.text);
    expect(text).toContain('下書き（未提出）');
    expect(text).toContain('印刷');
    expect(text).toContain('内線4821');
    expect(text).toContain('<b>交流班</b>');
    expect(text).not.toContain('公表第');

    // The print view is the same form as HTML, the markup escaped.
    const view = await system.fetch(`/sheets/${f.sheets[2]!.sheetId}/print?lang=en`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    expect(view.status).toBe(200);
    expect(view.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await view.text();
    expect(html).toContain('@page{size:A4 landscape');
    expect(html).toContain('&lt;b&gt;交流班&lt;/b&gt;');
    expect(html).not.toContain('<b>交流班');
    expect(html).toContain('DRAFT (not submitted)');
    expect(html).not.toContain('<script');
  });

  it('prints the copy a reviewer approves marked 審査中 with its version', async () => {
    const chief = await signIn(system, f.governmentCode, emailOf(f, 'chief'));
    const res = await system.fetch(`/sheets/${f.sheets[1]!.sheetId}/print.pdf`, {
      headers: { authorization: `Bearer ${chief}` },
    });
    expect(res.status).toBe(200);
    const review = readPdf(Buffer.from(await res.arrayBuffer()), dir, 'review');
    expect(review.pages).toBeLessThanOrEqual(2);
    const text = squash(review.text);
    expect(text).toContain('審査中第1版');
    expect(text).not.toContain('下書き');
  });

  it('refuses a print to someone who may not read the sheet, and an unknown sheet', async () => {
    const other = await createCycleFixture(system.db.dataSource, { sheets: 1 });
    await setPassword(system.db.dataSource, other.evaluatorId);
    const stranger = await signIn(system, other.governmentCode, emailOf(other, 'staff'));
    for (const url of [
      `/sheets/${f.sheets[2]!.sheetId}/print.pdf`,
      `/sheets/${f.sheets[2]!.sheetId}/print`,
    ]) {
      const res = await system.fetch(url, { headers: { authorization: `Bearer ${stranger}` } });
      expect([url, res.status]).toEqual([url, 404]);
      const body = (await res.json()) as { error: { message: { ja: string; en: string } } };
      expect(body.error.message.ja).not.toBe('');
    }
    const anonymous = await system.fetch(`/sheets/${f.sheets[2]!.sheetId}/print.pdf`);
    expect(anonymous.status).toBe(401);
    const bad = await system.fetch(`/sheets/not-a-uuid/print.pdf?lang=fr`, {
      headers: { authorization: `Bearer ${stranger}` },
    });
    expect(bad.status).toBe(400);
  });
});
