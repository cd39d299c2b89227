import { execFileSync } from 'node:child_process';
import { loadDemoData } from '@hyoka/demo';
import { startTestSystem, type TestSystem } from '../support/system';

const FISCAL_YEAR = 2026;

/** The demo city's closed and published cycle is on the public portal (what `npm start` shows). */
describe('the demo city on the public portal', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    await loadDemoData(system.db.dataSource, { fiscalYear: FISCAL_YEAR });
  }, 120_000);
  afterAll(async () => {
    await system?.close();
  });

  it('lists サンプル市, its published year and all 60 sheets, with pages and a PDF', async () => {
    const fy = FISCAL_YEAR - 1;
    expect(await (await system.fetch('/public')).text()).toContain('サンプル市');
    expect(await (await system.fetch('/public/999999')).text()).toContain('令和7年度');
    const list = JSON.parse(
      await (await system.fetch(`/public/999999/${fy}/data/list.json`)).text(),
    ) as {
      rows: {
        project_code: string;
        total_cost: string | null;
        direction: string | null;
        policy: string | null;
      }[];
    };
    expect(list.rows).toHaveLength(60);
    for (const row of list.rows) {
      expect(row.total_cost).toMatch(/^\d+$/);
      expect(row.direction).not.toBeNull();
      expect(row.policy).not.toBeNull();
    }
    const page1 = await (await system.fetch(`/public/999999/${fy}`)).text();
    expect(page1).toContain(list.rows[0]!.project_code);
    const code = list.rows[0]!.project_code;
    const res = await system.fetch(`/public/999999/${fy}/${code}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('トータルコスト');
    // The internal block (課長確認) is never published.
    expect(page).not.toContain('課長確認');
    expect(page).not.toContain('課長コメント');
    // Nor the phone extension, an internal field of the public identity block.
    expect(page).toContain('担当者名');
    expect(page).not.toContain('内線');
    const values = await system.fetch(`/public/999999/${fy}/data/values.json`);
    expect(values.status).toBe(200);
    const data = await values.text();
    expect(data).toContain('person_in_charge');
    expect(data).not.toContain('extension');
    for (const comment of [
      '内容を確認した。指標の推移と評価は妥当である。',
      '成果指標の設定理由が明確である。次年度の改善策を着実に進めること。',
      '事業費の削減余地について、次回の評価までに具体的な案をまとめること。',
    ])
      expect(page).not.toContain(comment);
    const pdf = Buffer.from(
      await (await system.fetch(`/public/999999/${fy}/${code}/pdf`)).arrayBuffer(),
    );
    const text = execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString('utf8');
    expect(text).toContain('サンプル市');
    const history = await system.fetch(`/public/999999/${fy}/${code}/history?lang=en`);
    expect(history.status).toBe(200);
  }, 120_000);
});
