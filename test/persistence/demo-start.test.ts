import { validateDraft, type TemplateDefinition } from '@hyoka/domain';
import { installDemoIfEmpty } from '@hyoka/demo';
import { isBusinessDay } from '@hyoka/calendar';
import { createTestDatabase, type TestDatabase } from '../support/environment';

describe('a fresh installation gets the demo city', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("loads last year's closed cycle and sets up this year's, carried forward, on business days", async () => {
    const installed = await installDemoIfEmpty(db.dataSource, new Date('2026-11-22T01:00:00Z'));
    expect(installed?.demo.created).toBe(true);
    expect(installed?.cycle).toMatchObject({
      fiscalYear: 2026,
      sheetCount: 60,
      carriedForward: 60,
    });

    const cycles = await db.dataSource.query<
      {
        fiscal_year: number;
        status: string;
        calendar: Record<string, { dueDate: string }>;
        definition: TemplateDefinition;
      }[]
    >(
      `SELECT c.fiscal_year, c.status, c.calendar, t.definition FROM cycle c JOIN template t ON t.id = c.template_id ORDER BY c.fiscal_year`,
    );
    expect(cycles.map((c) => [c.fiscal_year, c.status])).toEqual([
      [2025, 'closed'],
      [2026, 'draft'],
    ]);
    const current = cycles[1]!;
    for (const due of Object.values(current.calendar)) {
      expect(isBusinessDay(due.dueDate)).toBe(true);
      expect(due.dueDate > '2026-11-22').toBe(true);
    }

    // Every carried-forward draft is acceptable as a draft, and keeps last year's indicator rows.
    const sheets = await db.dataSource.query<
      { content: Record<string, unknown>; person_in_charge_id: string | null }[]
    >(
      `SELECT s.content, s.person_in_charge_id FROM sheet s JOIN cycle c ON c.id = s.cycle_id WHERE c.fiscal_year = 2026`,
    );
    expect(sheets).toHaveLength(60);
    for (const sheet of sheets) {
      expect(sheet.person_in_charge_id).not.toBeNull();
      const result = validateDraft(current.definition, sheet.content, { fiscalYear: 2026 });
      expect(result.errors).toEqual([]);
    }
    expect(JSON.stringify(sheets[0]?.content)).toContain('outcome-1');

    // A second start finds a government and leaves everything alone.
    expect(
      await installDemoIfEmpty(db.dataSource, new Date('2026-11-23T01:00:00Z')),
    ).toBeUndefined();
    const count = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM cycle`,
    );
    expect(count[0]?.n).toBe(2);
  });
});
