import ExcelJS from 'exceljs';
import { PASSWORD, signIn } from '../api/helpers';
import {
  createPublicationFixture,
  runCycleToPublication,
  type PublicationFixture,
} from '../support/publication-fixture';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * The cycle-wide Excel import: a long-text cell that is an HTML fragment (a block or list tag)
 * is stored as plain structured text and shows as a list after publication; markup typed as
 * text (`<script>…`) stays literal and is escaped on the page.
 */
describe('structured text from an imported workbook', () => {
  let system: TestSystem;
  let f: PublicationFixture;
  const CELLS = [
    '<ul><li>一</li><li>二</li></ul>',
    '段落<br>次の行',
    '<script>alert(1)</script>',
  ] as const;

  beforeAll(async () => {
    system = await startTestSystem();
    f = await createPublicationFixture(system.db.dataSource, CELLS.length);
  }, 180_000);
  afterAll(async () => {
    await system?.close();
  });

  it('stores fragments as structured text, keeps typed markup, and publishes lists', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('values');
    ws.addRow(['project_code', 'identity.summary']);
    for (const [i, cell] of CELLS.entries()) ws.addRow([f.sheets[i]!.projectCode, cell]);
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    const token = await signIn(
      system,
      f.governmentCode,
      `admin@${f.governmentCode}.example`,
      PASSWORD,
    );
    const res = await system.fetch(`/admin/cycles/${f.cycleId}/imports`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ imported: CELLS.length });

    const stored = await system.db.dataSource.query<{ summary: string }[]>(
      `SELECT s.content->'identity'->>'summary' AS summary FROM sheet s
         JOIN project pr ON pr.id = s.project_id WHERE s.cycle_id = $1 ORDER BY pr.code`,
      [f.cycleId],
    );
    expect(stored.map((r) => r.summary)).toEqual([
      '・一\n・二',
      '段落\n次の行',
      '<script>alert(1)</script>',
    ]);

    expect(await runCycleToPublication(system, f)).toMatchObject({ status: 'closed' });
    const base = `/public/${f.governmentCode}/jimu-jigyo/${f.fiscalYear}`;
    const page = async (i: number) => {
      const r = await system.fetch(`${base}/${f.sheets[i]!.projectCode}`);
      expect(r.status).toBe(200);
      return r.text();
    };
    const list = await page(0);
    expect(list).toContain(
      '<ul><li><span class="marker">・</span>一</li><li><span class="marker">・</span>二</li></ul>',
    );
    expect(list).not.toContain('&lt;li&gt;');
    expect(await page(1)).toContain('<p>段落<br>次の行</p>');
    const literal = await page(2);
    expect(literal).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(literal).not.toContain('<script>alert(1)');
  }, 300_000);
});
