import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { compareCodes } from '@hyoka/domain';
import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import {
  createPublicationFixture,
  runCycleToPublication,
  type PublicationFixture,
} from '../support/publication-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { as, emailOf, insertTask, setPassword, signIn, type Api } from './helpers';
import { addAdministrator } from './people';

/**
 * Project codes as governments write them, in the order a person expects: numbers by value
 * (8, 9, 11, 1018 — as text 1018 would come before 11 and 8, 9 last), grouped codes part by
 * part (1-2-3 before 1-10-1, 「02 05 02」 before 「02 05 10」), letters after digits.
 */
const NATURAL = [
  '1-2-3',
  '1-10-1',
  '2',
  '02 05 02',
  '02 05 10',
  '8',
  '9',
  '11',
  '1018',
  'A9',
  'A10',
];
/** The same codes in the order they are created (neither natural nor text order). */
const CREATED = [
  '11',
  '1018',
  '8',
  'A10',
  '02 05 10',
  '9',
  '1-10-1',
  '2',
  'A9',
  '02 05 02',
  '1-2-3',
];

const csvColumn = (text: string, column: string): string[] =>
  parse<Record<string, string>>(text, { bom: true, columns: true }).map((r) => r[column]!);

describe('project codes sort naturally everywhere codes are sorted', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await system?.close();
  });

  it('the one comparator of @hyoka/domain agrees with the expected order', () => {
    expect([...CREATED].sort(compareCodes)).toEqual(NATURAL);
    expect([...NATURAL].reverse().sort(compareCodes)).toEqual(NATURAL);
    // Text order, for contrast: what the portal showed before.
    expect([...CREATED].sort()).not.toEqual(NATURAL);
  });

  describe('the public portal and open data', () => {
    let f: PublicationFixture;
    let base: string;

    beforeAll(async () => {
      const ds = system.db.dataSource;
      const fixture = await createPublicationFixture(ds, CREATED.length);
      const sheets = fixture.sheets.map((s, i) => ({ ...s, projectCode: CREATED[i]! }));
      for (const [i, s] of fixture.sheets.entries()) {
        await ds.query(
          `UPDATE project SET code = $2 WHERE id = (SELECT project_id FROM sheet WHERE id = $1)`,
          [s.sheetId, CREATED[i]],
        );
      }
      f = { ...fixture, sheets };
      const final = await runCycleToPublication(system, f);
      expect(final).toMatchObject({ status: 'closed', published: CREATED.length });
      base = `/public/${f.governmentCode}/jimu-jigyo/${f.fiscalYear}`;
    }, 240_000);

    const text = async (path: string) => {
      const res = await system.fetch(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return res.text();
    };
    const listed = (html: string) =>
      [...html.matchAll(/<tr><td>([^<]*)<\/td><th scope="row">/g)].map((m) => m[1]!);

    it('lists them in natural order on the year page, ascending and descending', async () => {
      expect(listed(await text(base))).toEqual(NATURAL);
      expect(listed(await text(`${base}?sort=code&order=asc`))).toEqual(NATURAL);
      expect(listed(await text(`${base}?sort=code&order=desc`))).toEqual([...NATURAL].reverse());
      // Ties on another column fall back to the code, naturally (sheet 「1018」 alone is 現状維持).
      expect(listed(await text(`${base}?sort=direction`))).toEqual([
        ...NATURAL.filter((c) => c !== '1018'),
        '1018',
      ]);
    });

    it('writes the open-data tables and the workbook in natural order', async () => {
      expect(csvColumn(await text(`${base}/data/list.csv`), 'project_code')).toEqual(NATURAL);
      expect(csvColumn(await text(`${base}/data/list.utf8.csv`), 'project_code')).toEqual(NATURAL);
      expect(csvColumn(await text(`${base}/data/values.csv`), 'project_code')).toEqual(NATURAL);
      const json = JSON.parse(await text(`${base}/data/list.json`)) as {
        rows: { project_code: string }[];
      };
      expect(json.rows.map((r) => r.project_code)).toEqual(NATURAL);
      const indicators = csvColumn(await text(`${base}/data/indicators.csv`), 'project_code');
      expect([...new Set(indicators)]).toEqual(NATURAL);

      const res = await system.fetch(`${base}/data/list.xlsx`);
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      const sheet = wb.getWorksheet('list')!;
      // Row 1: labels, row 2: column keys, data from row 3.
      const column = (sheet.getRow(2).values as unknown[]).indexOf('project_code');
      expect(column).toBeGreaterThan(0);
      const codes: string[] = [];
      sheet.eachRow((row, n) => {
        // Codes are text cells (never numbers, so 「02」 keeps its zero).
        if (n > 2) codes.push(row.getCell(column).text);
        if (n > 2) expect(row.getCell(column).type).toBe(ExcelJS.ValueType.String);
      });
      expect(codes).toEqual(NATURAL);
    });
  });

  describe('administration, progress exports and the inbox', () => {
    let g: CycleFixture;
    let admin: Api;
    let chief: Api;

    beforeAll(async () => {
      const ds = system.db.dataSource;
      g = await createCycleFixture(ds, { sheets: CREATED.length });
      for (const [i, s] of g.sheets.entries()) {
        await ds.query(
          `UPDATE project SET code = $2 WHERE id = (SELECT project_id FROM sheet WHERE id = $1)`,
          [s.sheetId, CREATED[i]],
        );
      }
      await addAdministrator(ds, g);
      await setPassword(ds, g.chiefId);
      admin = as(system, await signIn(system, g.governmentCode, emailOf(g, 'admin')));
      chief = as(system, await signIn(system, g.governmentCode, emailOf(g, 'chief')));
      // Every sheet waits for the chief, all due (and overdue) on the same day.
      for (const [i, s] of g.sheets.entries()) {
        await insertTask(ds, g, {
          sheetId: s.sheetId,
          projectCode: CREATED[i]!,
          stage: 'section_chief',
          dueDate: '2026-05-01',
          overdue: true,
          assignee: g.chiefId,
        });
      }
      // Departments 「2」 and 「10」 beside the fixture's 「01」, each with one of the sheets.
      for (const [n, code] of ['10', '2'].entries()) {
        const [dep] = await ds.query<{ id: string }[]>(
          `INSERT INTO department (government_id, code, name_ja) VALUES ($1, $2, $3) RETURNING id`,
          [g.governmentId, code, `部${code}`],
        );
        const [sec] = await ds.query<{ id: string }[]>(
          `INSERT INTO section (government_id, department_id, code, name_ja) VALUES ($1, $2, $3, $4) RETURNING id`,
          [g.governmentId, dep!.id, `${code}01`, `課${code}`],
        );
        await ds.query(`UPDATE sheet SET section_id = $2 WHERE id = $1`, [
          g.sheets[n]!.sheetId,
          sec!.id,
        ]);
      }
    });

    const json = async <T>(a: Api, path: string): Promise<T> => {
      const res = await a.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return (await res.json()) as T;
    };

    it('lists projects, a cycle’s sheets and the departments in natural order', async () => {
      const projects = await json<{ code: string }[]>(admin, '/admin/projects');
      expect(projects.map((p) => p.code)).toEqual(NATURAL);
      const cycle = await json<{ participants: { projectCode: string }[] }>(
        admin,
        `/admin/cycles/${g.cycleId}`,
      );
      expect(cycle.participants.map((p) => p.projectCode)).toEqual(NATURAL);
      const departments = await json<{ code: string }[]>(admin, '/admin/departments');
      expect(departments.map((d) => d.code)).toEqual(['01', '2', '10']);
    });

    it('writes progress.csv by department and overdue.csv by due date, then code', async () => {
      const progress = await admin.get(`/admin/cycles/${g.cycleId}/progress.csv`);
      expect(progress.status).toBe(200);
      expect(csvColumn(await progress.text(), '部局コード')).toEqual(['01', '2', '10', '']);
      const overdue = await admin.get(`/admin/cycles/${g.cycleId}/overdue.csv`);
      expect(overdue.status).toBe(200);
      expect(csvColumn(await overdue.text(), '事業番号')).toEqual(NATURAL);
    });

    it('orders the inbox by due date, then code, across pages', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { projectCode: string }[]; nextCursor: string | null } = await json(
          chief,
          `/tasks?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.items.map((i) => i.projectCode));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(NATURAL);
    });
  });
});
