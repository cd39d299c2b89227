import { managementSheetTemplate } from '@hyoka/domain';
import { appendSheetVersion, freezePublication } from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import { managementSheetContent } from '../test/fixtures/print/management-sheet-content';
import { createCycleFixture } from '../test/support/cycle-fixture';

/**
 * A government of its own whose cycle runs the built-in management sheet (whose template has a
 * print layout: its PDFs are the two-page paper form), with `n` complete sheets published.
 */
export async function publishFormSheets(
  ds: DataSource,
  n: number,
): Promise<{ governmentCode: string; fiscalYear: number; projectCodes: string[] }> {
  const f = await createCycleFixture(ds, { sheets: n });
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
  for (const s of f.sheets) {
    await ds.transaction(async (m) => {
      await m.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
        s.sheetId,
        JSON.stringify(content),
      ]);
      const version = await appendSheetVersion(m, {
        sheetId: s.sheetId,
        content,
        authorId: null,
        stage: 'publication',
        round: 1,
        action: 'publish',
        transitionKey: `bench/${s.sheetId}/publish-form`,
      });
      await freezePublication(m, { sheetVersionId: version.id });
      await m.query(
        `UPDATE sheet SET status = 'published', current_stage = 'publication' WHERE id = $1`,
        [s.sheetId],
      );
    });
  }
  return {
    governmentCode: f.governmentCode,
    fiscalYear: f.fiscalYear,
    projectCodes: f.sheets.map((s) => s.projectCode),
  };
}
