import type { DataSource } from 'typeorm';
import type { CycleFixture } from '../support/cycle-fixture';
import { emailOf, setPassword } from './helpers';

/** Adds a user with one role to a fixture's government (e-mail `<name>@<code>.example`), with the test password. */
export async function addPerson(
  ds: DataSource,
  f: CycleFixture,
  name: string,
  displayName: string,
  role: string,
  scope: { kind: 'government' | 'department' | 'section'; id: string },
): Promise<string> {
  const [user] = await ds.query<{ id: string }[]>(
    `INSERT INTO app_user (government_id, email, display_name) VALUES ($1, $2, $3) RETURNING id`,
    [f.governmentId, emailOf(f, name), displayName],
  );
  await ds.query(
    `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, $3, $4, $5)`,
    [f.governmentId, user!.id, role, scope.kind, scope.id],
  );
  await setPassword(ds, user!.id);
  return user!.id;
}

/** Adds the government's administrator (`admin@<code>.example`, 管理 花子), with the test password. */
export function addAdministrator(ds: DataSource, f: CycleFixture): Promise<string> {
  return addPerson(ds, f, 'admin', '管理 花子', 'administrator', {
    kind: 'government',
    id: f.governmentId,
  });
}

/** The open task of a sheet, once the workflow has opened it. */
export async function openTaskOf(
  ds: DataSource,
  sheetId: string,
): Promise<{ id: string; stage: string } | undefined> {
  const rows = await ds.query<{ id: string; stage: string }[]>(
    `SELECT id, stage FROM task WHERE sheet_id = $1 AND status = 'open'`,
    [sheetId],
  );
  return rows[0];
}
