import { Inject, Injectable } from '@nestjs/common';
import type { MailPreference, RoleScopeKind, UserLocale, UserRoleName } from '@hyoka/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { hashPassword } from '../auth/password';
import { PasswordService } from '../auth/passwords.service';
import { accountId, SignInThrottle } from '../auth/sign-in-throttle';
import { isoInstant } from '../common/sql-instant';
import { DATA_SOURCE } from '../tokens';
import {
  conflict,
  isUuid,
  notFound,
  one,
  problem,
  uniqueViolation,
  unprocessable,
  type FieldProblem,
} from './admin-errors';
import type { UserView } from './users.schemas';

export interface RoleInput {
  readonly role: UserRoleName;
  readonly scopeKind: RoleScopeKind;
  /** For `government`, the caller's government (may be omitted). */
  readonly scopeId?: string | undefined;
}

export interface UserInput {
  readonly email: string;
  readonly displayName: string;
  readonly locale?: UserLocale | undefined;
  readonly mailPreference?: MailPreference | undefined;
  readonly active?: boolean | undefined;
  readonly roles?: readonly RoleInput[] | undefined;
  readonly password?: string | undefined;
}

type Db = Pick<DataSource | EntityManager, 'query'>;

/** A user as stored (the lock comes from the sign-in throttle). */
type StoredUser = Omit<UserView, 'lockedUntil'>;

/** Columns of a user as the API shows it: never the password hash, only whether there is one. */
const USER_SELECT = `SELECT u.id, u.email, u.display_name AS "displayName", u.locale, u.mail_preference AS "mailPreference",
  u.active, (u.password_hash IS NOT NULL) AS "hasPassword", ${isoInstant('u.created_at')} AS "createdAt",
  ${isoInstant('u.updated_at')} AS "updatedAt",
  coalesce((SELECT json_agg(json_build_object('role', r.role, 'scopeKind', r.scope_kind, 'scopeId', r.scope_id,
              'scopeCode', coalesce(d.code, s.code), 'scopeName', coalesce(d.name_ja, s.name_ja, g.name_ja))
              ORDER BY r.role, r.scope_kind, coalesce(d.code, s.code))
     FROM user_role r
     LEFT JOIN department d ON r.scope_kind = 'department' AND d.id = r.scope_id
     LEFT JOIN section s ON r.scope_kind = 'section' AND s.id = r.scope_id
     LEFT JOIN government g ON r.scope_kind = 'government' AND g.id = r.scope_id
    WHERE r.user_id = u.id), '[]'::json) AS roles
  FROM app_user u`;

/**
 * People of the caller's government, their roles and passwords (hashed with argon2id, checked by
 * the password policy; a new password ends the person's sessions), and sign-in locks.
 */
@Injectable()
export class AdminUsersService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly throttle: SignInThrottle,
  ) {}

  async list(
    auth: AuthContext,
    filter: { q?: string | undefined; active?: boolean | undefined },
  ): Promise<UserView[]> {
    const rows = await this.dataSource.query<StoredUser[]>(
      `${USER_SELECT} WHERE u.government_id = $1 AND ($2::boolean IS NULL OR u.active = $2)
          AND ($3::text IS NULL OR u.email ILIKE '%' || $3 || '%' OR u.display_name ILIKE '%' || $3 || '%')
        ORDER BY u.display_name, u.email`,
      [
        auth.governmentId,
        filter.active ?? null,
        filter.q?.replace(/[\\%_]/g, (c) => `\\${c}`) ?? null,
      ],
    );
    return this.withLocks(auth, rows);
  }

  async get(auth: AuthContext, id: string, db: Db = this.dataSource): Promise<UserView> {
    const row = isUuid(id)
      ? await one<StoredUser>(db, `${USER_SELECT} WHERE u.government_id = $1 AND u.id = $2`, [
          auth.governmentId,
          id,
        ])
      : undefined;
    if (!row) throw notFound('利用者が見つかりません', 'No such user');
    return (await this.withLocks(auth, [row]))[0]!;
  }

  async create(auth: AuthContext, input: UserInput): Promise<UserView> {
    const roles = await resolveRoles(this.dataSource, auth.governmentId, input.roles ?? [], [
      'roles',
    ]);
    if (input.password !== undefined)
      await this.passwords.assertAcceptable(auth.governmentId, input.password, input, 'password');
    const hash = input.password !== undefined ? await hashPassword(input.password) : null;
    const id = await this.dataSource.transaction(async (m) => {
      const created = await writeUser(m, auth.governmentId, null, { ...input, passwordHash: hash });
      await replaceRoles(m, auth.governmentId, created, roles);
      return created;
    });
    return this.get(auth, id);
  }

  /** Changes what is given; `roles` replaces every role; `active: false` ends the user's sessions. */
  async update(auth: AuthContext, id: string, patch: Partial<UserInput>): Promise<UserView> {
    const current = await this.get(auth, id);
    if (id === auth.userId) protectSelf(patch);
    const roles = patch.roles
      ? await resolveRoles(this.dataSource, auth.governmentId, patch.roles, ['roles'])
      : undefined;
    if (patch.password !== undefined) {
      const owner = {
        email: patch.email ?? current.email,
        displayName: patch.displayName ?? current.displayName,
      };
      await this.passwords.assertAcceptable(auth.governmentId, patch.password, owner, 'password');
    }
    const hash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
    await this.dataSource.transaction(async (m) => {
      await writeUser(m, auth.governmentId, id, {
        email: patch.email ?? current.email,
        displayName: patch.displayName ?? current.displayName,
        locale: patch.locale ?? current.locale,
        mailPreference: patch.mailPreference ?? current.mailPreference,
        active: patch.active ?? current.active,
        ...(hash !== undefined ? { passwordHash: hash } : {}),
      });
      if (roles) await replaceRoles(m, auth.governmentId, id, roles);
    });
    return this.get(auth, id);
  }

  /** A new password (an administrator's reset): every session of the person ends. */
  async setPassword(auth: AuthContext, id: string, password: string): Promise<void> {
    const user = await this.get(auth, id);
    await this.passwords.assertAcceptable(auth.governmentId, password, user, 'password');
    const hash = await hashPassword(password);
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE app_user SET password_hash = $3, updated_at = now() WHERE government_id = $1 AND id = $2`,
        [auth.governmentId, id, hash],
      );
      await m.query(`DELETE FROM session WHERE user_id = $1`, [id]);
    });
  }

  /**
   * Ends the person's sign-in lock (and the counts of failed sign-ins behind it) at once.
   * Returns the person and whether they were locked.
   */
  async unlock(auth: AuthContext, id: string): Promise<{ user: UserView; wasLocked: boolean }> {
    const user = await this.get(auth, id);
    const wasLocked = await this.throttle.unlock({
      governmentCode: await this.governmentCode(auth),
      email: user.email,
    });
    return { user: await this.get(auth, id), wasLocked };
  }

  /** Adds when each person's sign-in lock ends (null when not locked). */
  private async withLocks(auth: AuthContext, rows: StoredUser[]): Promise<UserView[]> {
    if (rows.length === 0) return [];
    const governmentCode = await this.governmentCode(auth);
    const locks = await this.throttle.lockedUntil(
      rows.map((r) => ({ governmentCode, email: r.email })),
    );
    return rows.map((r) => {
      const until = locks.get(accountId({ governmentCode, email: r.email }));
      return { ...r, lockedUntil: until ? until.toISOString() : null };
    });
  }

  private async governmentCode(auth: AuthContext): Promise<string> {
    const row = await one<{ code: string }>(
      this.dataSource,
      `SELECT code FROM government WHERE id = $1`,
      [auth.governmentId],
    );
    return row!.code;
  }
}

function protectSelf(patch: Partial<UserInput>): void {
  if (patch.active === false) {
    throw conflict(
      'cannot_deactivate_self',
      '自分自身を無効にすることはできません',
      'You cannot deactivate yourself',
    );
  }
  if (
    patch.roles &&
    !patch.roles.some((r) => r.role === 'administrator' && r.scopeKind === 'government')
  ) {
    throw conflict(
      'cannot_drop_own_admin',
      '自分自身の管理者権限を外すことはできません',
      'You cannot remove your own administrator role',
    );
  }
}

export interface ResolvedRole {
  readonly role: UserRoleName;
  readonly scopeKind: RoleScopeKind;
  readonly scopeId: string;
}

/** Checks each role's scope belongs to the government; 422 naming `path.i.scopeId` otherwise. */
export async function resolveRoles(
  db: Db,
  governmentId: string,
  roles: readonly RoleInput[],
  path: readonly (string | number)[],
): Promise<ResolvedRole[]> {
  const problems: FieldProblem[] = [];
  const resolved: ResolvedRole[] = [];
  for (const [i, r] of roles.entries()) {
    const where = [...path, i, 'scopeId'];
    const dotted = where.join('.');
    if (r.scopeKind === 'government') {
      if (r.scopeId !== undefined && r.scopeId !== governmentId) {
        problems.push(
          problem(
            where,
            'wrong_government',
            `${dotted}: 自団体以外は指定できません`,
            `${dotted}: must be your own government`,
          ),
        );
      } else resolved.push({ role: r.role, scopeKind: r.scopeKind, scopeId: governmentId });
      continue;
    }
    const found =
      r.scopeId && isUuid(r.scopeId)
        ? await one(db, `SELECT 1 FROM ${r.scopeKind} WHERE government_id = $1 AND id = $2`, [
            governmentId,
            r.scopeId,
          ])
        : undefined;
    if (!found) {
      const what = r.scopeKind === 'department' ? ['部局', 'department'] : ['課', 'section'];
      problems.push(
        problem(
          where,
          'unknown_scope',
          `${dotted}: ${what[0]}が見つかりません`,
          `${dotted}: no such ${what[1]}`,
        ),
      );
    } else resolved.push({ role: r.role, scopeKind: r.scopeKind, scopeId: r.scopeId! });
  }
  if (problems.length > 0) throw unprocessable('invalid_roles', problems);
  return resolved;
}

/** Inserts (id null) or updates a user; a duplicate e-mail is 409 naming `email`. Returns the id. */
export async function writeUser(
  m: EntityManager,
  governmentId: string,
  id: string | null,
  u: {
    email: string;
    displayName: string;
    locale?: UserLocale | undefined;
    mailPreference?: MailPreference | undefined;
    active?: boolean | undefined;
    passwordHash?: string | null | undefined;
  },
): Promise<string> {
  try {
    if (id === null) {
      const row = await one<{ id: string }>(
        m,
        `INSERT INTO app_user (government_id, email, display_name, locale, mail_preference, active, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          governmentId,
          u.email,
          u.displayName,
          u.locale ?? 'ja',
          u.mailPreference ?? 'immediate',
          u.active ?? true,
          u.passwordHash ?? null,
        ],
      );
      return row!.id;
    }
    await m.query(
      `UPDATE app_user SET email = $3, display_name = $4, locale = $5, mail_preference = $6, active = $7,
              password_hash = CASE WHEN $8::boolean THEN $9 ELSE password_hash END, updated_at = now()
        WHERE government_id = $1 AND id = $2`,
      [
        governmentId,
        id,
        u.email,
        u.displayName,
        u.locale ?? 'ja',
        u.mailPreference ?? 'immediate',
        u.active ?? true,
        u.passwordHash !== undefined,
        u.passwordHash ?? null,
      ],
    );
    // A deactivated user, or one given a new password, is signed out everywhere at once.
    if (u.active === false || u.passwordHash !== undefined)
      await m.query(`DELETE FROM session WHERE user_id = $1`, [id]);
    return id;
  } catch (error) {
    if (uniqueViolation(error) !== undefined) {
      throw conflict(
        'duplicate_email',
        `email: ${u.email} は既に登録されています`,
        `email: ${u.email} is already in use`,
        { problems: [problem(['email'], 'duplicate', '既に登録されています', 'Already in use')] },
      );
    }
    throw error;
  }
}

export async function replaceRoles(
  m: EntityManager,
  governmentId: string,
  userId: string,
  roles: readonly ResolvedRole[],
): Promise<void> {
  await m.query(`DELETE FROM user_role WHERE user_id = $1`, [userId]);
  for (const r of roles) {
    await m.query(
      `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT "UQ_user_role_assignment" DO NOTHING`,
      [governmentId, userId, r.role, r.scopeKind, r.scopeId],
    );
  }
}
