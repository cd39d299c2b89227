import { hashPassword } from '../../apps/api/src/auth/password';
import type { CycleFixture } from '../support/cycle-fixture';
import type { TestSystem } from '../support/system';
import type { DataSource } from 'typeorm';

export const PASSWORD = 'correct horse battery staple 評価';

/** Gives a fixture user a password (argon2id, as the API stores it). */
export async function setPassword(ds: DataSource, userId: string, password = PASSWORD) {
  await ds.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [
    userId,
    await hashPassword(password),
  ]);
}

/** The fixture's e-mail for a user name (`staff`, `chief`, `planning`, `committee`). */
export const emailOf = (f: CycleFixture, name: string) => `${name}@${f.governmentCode}.example`;

export async function signIn(
  system: TestSystem,
  governmentCode: string,
  email: string,
  password = PASSWORD,
): Promise<string> {
  const res = await system.fetch('/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, governmentCode }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export interface Api {
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  send(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
}

/** Requests as the holder of `token` (bearer). */
export function as(system: TestSystem, token: string): Api {
  const auth = { authorization: `Bearer ${token}` };
  return {
    get: (path, headers = {}) => system.fetch(path, { headers: { ...auth, ...headers } }),
    send: (method, path, body, headers = {}) =>
      system.fetch(path, {
        method,
        headers: { ...auth, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}

/** A second section (same department) with its own chief and one sheet in the fixture's cycle. */
export async function addSectionB(
  ds: DataSource,
  f: CycleFixture,
): Promise<{ sectionId: string; chiefId: string; sheetId: string; projectCode: string }> {
  const one = async <T>(sql: string, params: unknown[]) =>
    (await ds.query<T[]>(sql, params))[0] as T;
  const { id: sectionId } = await one<{ id: string }>(
    `INSERT INTO section (government_id, department_id, code, name_ja) VALUES ($1, $2, '0102', '財政課') RETURNING id`,
    [f.governmentId, f.departmentId],
  );
  const { id: chiefId } = await one<{ id: string }>(
    `INSERT INTO app_user (government_id, email, display_name) VALUES ($1, $2, '財政 課長') RETURNING id`,
    [f.governmentId, emailOf(f, 'chief-b')],
  );
  await ds.query(
    `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, 'section_chief', 'section', $3)`,
    [f.governmentId, chiefId, sectionId],
  );
  const projectCode = 'B00001';
  const { id: projectId } = await one<{ id: string }>(
    `INSERT INTO project (government_id, code, name_ja, section_id, period_type) VALUES ($1, $2, '財政事業', $3, 'recurring') RETURNING id`,
    [f.governmentId, projectCode, sectionId],
  );
  const { id: sheetId } = await one<{ id: string }>(
    `INSERT INTO sheet (government_id, cycle_id, project_id, section_id, content, current_stage)
     VALUES ($1, $2, $3, $4, '{}', 'self_evaluation') RETURNING id`,
    [f.governmentId, f.cycleId, projectId, sectionId],
  );
  return { sectionId, chiefId, sheetId, projectCode };
}

/** Inserts an open inbox row directly (the projection the sheet workflow writes). */
export async function insertTask(
  ds: DataSource,
  f: CycleFixture,
  t: {
    sheetId: string;
    stage: string;
    round?: number;
    sectionId?: string;
    projectCode?: string;
    projectName?: string;
    dueDate: string | null;
    overdue?: boolean;
    assignee?: string;
    group?: { role: string; scopeKind: string; scopeId: string };
    claimedBy?: string;
  },
): Promise<string> {
  const rows = await ds.query<{ id: string }[]>(
    `INSERT INTO task (government_id, cycle_id, sheet_id, fiscal_year, project_code, project_name, section_id, stage, round,
                       assignee_user_id, candidate_role, candidate_scope_kind, candidate_scope_id, claimed_by, due_date, overdue)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
    [
      f.governmentId,
      f.cycleId,
      t.sheetId,
      f.fiscalYear,
      t.projectCode ?? 'X',
      t.projectName ?? 'x',
      t.sectionId ?? f.sectionId,
      t.stage,
      t.round ?? 1,
      t.assignee ?? null,
      t.group?.role ?? null,
      t.group?.scopeKind ?? null,
      t.group?.scopeId ?? null,
      t.claimedBy ?? null,
      t.dueDate,
      t.overdue ?? false,
    ],
  );
  return rows[0]!.id;
}

/**
 * A full inbox for the fixture's section chief: `n` open section-chief steps on one sheet, codes
 * P00000…, due dates spread over nine months and every tenth overdue.
 */
export async function insertChiefTasks(
  ds: DataSource,
  f: CycleFixture,
  sheetId: string,
  n: number,
): Promise<void> {
  for (let i = 0; i < n; i++) {
    await insertTask(ds, f, {
      sheetId,
      stage: 'section_chief',
      round: i + 1,
      projectCode: `P${String(i).padStart(5, '0')}`,
      projectName: `性能試験事業${i}`,
      dueDate: `2026-0${1 + (i % 9)}-15`,
      overdue: i % 10 === 0,
      assignee: f.chiefId,
    });
  }
}
