import { parseTemplate, type TemplateDefinition } from '@hyoka/domain';
import type { DataSource } from 'typeorm';
import {
  publishDirectly,
  createPublicationFixture,
  PUBLICATION_TEST_TEMPLATE,
  type PublicationFixture,
  type DirectlyPublished,
} from '../support/publication-fixture';

/**
 * The publication test template with two output forms over the same fields: a
 * 実施計画調書-style summary (A4 landscape, one page) and a 主要施策成果説明書-style page (A4
 * portrait), both naming the summary, the cost table and the direction; the results page also
 * names the internal memo (which no form may print).
 */
export const REPORT_TEST_TEMPLATE: TemplateDefinition = (() => {
  const h = (ja: string, en: string, span = 1) =>
    ({ kind: 'heading', text: { ja, en }, span }) as const;
  const field = (ref: string, span = 1) => ({ kind: 'field', field: ref, span }) as const;
  const parsed = parseTemplate({
    ...PUBLICATION_TEST_TEMPLATE,
    outputForms: [
      {
        key: 'plan',
        title: { ja: '実施計画調書', en: 'Implementation plan' },
        layout: {
          paper: { size: 'A4', orientation: 'landscape' },
          columns: 4,
          columnWidths: [1, 3, 1, 3],
          pages: [
            {
              rows: [
                { cells: [{ ...h('実施計画調書', 'Implementation plan', 4), style: 'section' }] },
                { cells: [h('総括', 'Summary'), field('identity.summary', 3)] },
                { cells: [h('今後の方向性', 'Direction'), field('decision.direction', 3)] },
                { cells: [field('cost.table', 4)] },
              ],
            },
          ],
        },
      },
      {
        key: 'results',
        title: { ja: '主要施策成果説明書', en: 'Results of the main policies' },
        layout: {
          paper: { size: 'A4', orientation: 'portrait' },
          columns: 2,
          pages: [
            {
              rows: [
                {
                  cells: [
                    {
                      ...h('主要施策成果説明書', 'Results of the main policies', 2),
                      style: 'section',
                    },
                  ],
                },
                { cells: [field('cost.table', 2)] },
                { cells: [field('identity.summary'), field('decision.direction')] },
                { cells: [field('identity.contact'), field('internal.memo')] },
              ],
            },
          ],
        },
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.template;
})();

/** A sheet of the fixture, published. */
export type PublishedSheet = DirectlyPublished;

/**
 * A publication fixture of `n` sheets on {@link REPORT_TEST_TEMPLATE}, every sheet published as
 * the publish activity does it (the final version and its frozen projection); the last three in
 * a second department.
 */
export async function createReportFixture(
  ds: DataSource,
  n: number,
): Promise<{
  f: PublicationFixture;
  published: PublishedSheet[];
  /** The second department, holding the last three sheets. */
  otherDepartmentId: string;
}> {
  const f = await createPublicationFixture(ds, n);
  await ds.query(
    `UPDATE template SET definition = $2 WHERE id = (SELECT template_id FROM cycle WHERE id = $1)`,
    [f.cycleId, JSON.stringify(REPORT_TEST_TEMPLATE)],
  );
  // The last three sheets belong to a second department (総務部), for department reports.
  const departments = await ds.query<{ id: string }[]>(
    `INSERT INTO department (government_id, code, name_ja, name_en) VALUES ($1, '02', '総務部', 'General Affairs') RETURNING id`,
    [f.governmentId],
  );
  const otherDepartmentId = departments[0]!.id;
  const sections = await ds.query<{ id: string }[]>(
    `INSERT INTO section (government_id, department_id, code, name_ja) VALUES ($1, $2, '0201', '総務課') RETURNING id`,
    [f.governmentId, otherDepartmentId],
  );
  const otherSectionId = sections[0]!.id;
  const moved = f.sheets.slice(-Math.min(3, f.sheets.length)).map((s) => s.sheetId);
  await ds.query(`UPDATE sheet SET section_id = $2 WHERE id = ANY($1::uuid[])`, [
    moved,
    otherSectionId,
  ]);
  const published = await publishDirectly(ds, f.sheets, 'report-test');
  return { f: { ...f, template: REPORT_TEST_TEMPLATE }, published, otherDepartmentId };
}
