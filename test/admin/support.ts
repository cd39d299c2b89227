import type { CycleFixture } from '../support/cycle-fixture';
import type { TestSystem } from '../support/system';
import { as, emailOf, setPassword, signIn, type Api } from '../api/helpers';

export interface ErrorBody {
  error: { code: string; message: string; messageJa: string; details?: unknown };
}

export const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;

/** Adds an administrator (government scope) to a fixture's government; returns the user id. */
export async function addAdministrator(system: TestSystem, f: CycleFixture): Promise<string> {
  const ds = system.db.dataSource;
  const rows = await ds.query<{ id: string }[]>(
    `INSERT INTO app_user (government_id, email, display_name) VALUES ($1, $2, '管理 花子') RETURNING id`,
    [f.governmentId, emailOf(f, 'admin')],
  );
  const id = rows[0]!.id;
  await ds.query(
    `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, 'administrator', 'government', $1)`,
    [f.governmentId, id],
  );
  return id;
}

type Who = 'admin' | 'planner' | 'evaluator' | 'chief' | 'otherAdmin';

/** Signed-in people of a fixture: `admin`, `planner`, `evaluator`, `chief`, and another government's `otherAdmin`. */
export interface AdminClients {
  readonly api: Record<Who, Api>;
  readonly token: Record<Who, string>;
  readonly adminId: string;
}

export async function adminClients(
  system: TestSystem,
  f: CycleFixture,
  other: CycleFixture,
): Promise<AdminClients> {
  const ds = system.db.dataSource;
  const adminId = await addAdministrator(system, f);
  const otherAdminId = await addAdministrator(system, other);
  const people: [Who, CycleFixture, string, string][] = [
    ['admin', f, adminId, 'admin'],
    ['planner', f, f.plannerId, 'planning'],
    ['evaluator', f, f.evaluatorId, 'staff'],
    ['chief', f, f.chiefId, 'chief'],
    ['otherAdmin', other, otherAdminId, 'admin'],
  ];
  const api = {} as Record<Who, Api>;
  const token = {} as Record<Who, string>;
  for (const [key, fx, id, name] of people) {
    await setPassword(ds, id);
    token[key] = await signIn(system, fx.governmentCode, emailOf(fx, name));
    api[key] = as(system, token[key]);
  }
  return { api, token, adminId };
}

/** Posts a CSV body (text or raw bytes) as `text/csv`. */
export function postCsv(system: TestSystem, token: string, path: string, body: string | Buffer) {
  return system.fetch(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body,
  });
}
