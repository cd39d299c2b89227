import type { DataSource } from 'typeorm';
import { DEMO_GOVERNMENT } from './catalog';

/**
 * The one documented password of every demo user (サンプル市 only). Set only where the demo is
 * installed, which never happens with NODE_ENV=production.
 */
export const DEMO_PASSWORD = 'hyoka-demo';

/** One demo account per role, for the start-up banner and the README. */
export const DEMO_ACCOUNTS: readonly { readonly role: string; readonly email: string }[] = [
  { role: 'administrator', email: `admin@${DEMO_GOVERNMENT.mailDomain}` },
  { role: 'planning_office', email: `planning1@${DEMO_GOVERNMENT.mailDomain}` },
  { role: 'department_head', email: `head.01@${DEMO_GOVERNMENT.mailDomain}` },
  { role: 'section_chief', email: `chief.0101@${DEMO_GOVERNMENT.mailDomain}` },
  { role: 'evaluator', email: `staff.0101.1@${DEMO_GOVERNMENT.mailDomain}` },
  { role: 'committee_member', email: `committee1@${DEMO_GOVERNMENT.mailDomain}` },
];

/**
 * Gives every demo user without a password the demo password, as `passwordHash` (hashed by the
 * API's own argon2id helper, which the caller passes in). Only サンプル市's users are touched.
 * Answers whether the demo government exists (and so whether to show the sign-in hint).
 */
export async function setDemoPasswords(
  dataSource: DataSource,
  passwordHash: string,
): Promise<{ demoInstalled: boolean; updated: number }> {
  const government = await dataSource.query<{ id: string }[]>(
    `SELECT id FROM government WHERE code = $1`,
    [DEMO_GOVERNMENT.code],
  );
  const id = government[0]?.id;
  if (!id) return { demoInstalled: false, updated: 0 };
  const result = await dataSource.query<[unknown[], number]>(
    `UPDATE app_user SET password_hash = $2 WHERE government_id = $1 AND password_hash IS NULL RETURNING id`,
    [id, passwordHash],
  );
  return { demoInstalled: true, updated: result[1] };
}

/** The banner's hint: the government code, the password and an e-mail per role. */
export function demoSignInHint(): string {
  return (
    `demo sign-in: government code ${DEMO_GOVERNMENT.code}, password ${DEMO_PASSWORD}, e.g. ` +
    DEMO_ACCOUNTS.map((a) => `${a.role} ${a.email}`).join(' · ')
  );
}
