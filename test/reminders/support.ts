import { workflowTypes } from '@hyoka/workflows/workflow-types';
import type { Client } from '@temporalio/client';
import type { SinkMessage } from '@hyoka/platform';
import { workflowIds } from '@hyoka/workflows/ids';
import type { DigestRunResult, digestRunWorkflow } from '@hyoka/workflows';
import type { DataSource } from 'typeorm';
import type { CycleFixture } from '../support/cycle-fixture';

/** Runs one day's digest through the real workflow and activities, as the reminders loop does. */
export async function runDigest(
  temporal: Client,
  taskQueue: string,
  f: Pick<CycleFixture, 'governmentId' | 'governmentCode'>,
  day: string,
): Promise<DigestRunResult> {
  return temporal.workflow.execute<typeof digestRunWorkflow>(workflowTypes.digestRun, {
    taskQueue,
    workflowId: `${workflowIds.digestRun(f.governmentCode, day)}/test-${Date.now()}`,
    args: [{ governmentId: f.governmentId, day }],
  });
}

/** The outbox key a delivered message carries. */
export const keyOf = (m: SinkMessage): string => m.headers['x-hyoka-mail-key'] ?? '';
export const kindOf = (m: SinkMessage): string => m.headers['x-hyoka-mail-kind'] ?? '';

/** Adds a user with one role (section or government scope) and returns its id. */
export async function addUser(
  ds: DataSource,
  f: CycleFixture,
  name: string,
  role: string,
  scope: { kind: 'section' | 'government'; id: string },
  settings: { locale?: 'ja' | 'en'; mailPreference?: 'immediate' | 'digest' } = {},
): Promise<string> {
  const rows = await ds.query<{ id: string }[]>(
    `INSERT INTO app_user (government_id, email, display_name, locale, mail_preference) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      f.governmentId,
      `${name}@${f.governmentCode}.example`,
      name,
      settings.locale ?? 'ja',
      settings.mailPreference ?? 'immediate',
    ],
  );
  const id = rows[0]!.id;
  await ds.query(
    `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, $3, $4, $5)`,
    [f.governmentId, id, role, scope.kind, scope.id],
  );
  return id;
}

export async function openCycle(ds: DataSource, f: CycleFixture): Promise<void> {
  await ds.query(`UPDATE cycle SET status = 'open', opened_at = now() WHERE id = $1`, [f.cycleId]);
}
