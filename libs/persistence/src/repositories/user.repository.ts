import type { EntityManager } from 'typeorm';
import type { MailPreference, RoleScopeKind, UserLocale, UserRoleName } from '../entities';
import { firstRow, isoInstant, type Queryable } from './sql';
import { userChanging } from '../change-feed';

/** The account a sign-in names, as the password check needs it. */
export interface SignInRow {
  id: string;
  government_id: string;
  password_hash: string | null;
  email: string;
  display_name: string;
  locale: UserLocale;
}

/** A signed-in person with their government, as `GET /me` shows them. */
export interface UserWithGovernmentRow {
  id: string;
  email: string;
  display_name: string;
  locale: UserLocale;
  government_id: string;
  code: string;
  name_ja: string;
  name_en: string;
}

/** A role with where it is held, as the administrator's user list shows it. */
export interface UserRoleView {
  role: UserRoleName;
  scopeKind: RoleScopeKind;
  scopeId: string;
  scopeCode: string | null;
  scopeName: string | null;
}

/** A user as the API shows them: never the password hash, only whether there is one. */
export interface UserAdminRow {
  id: string;
  email: string;
  displayName: string;
  locale: UserLocale;
  mailPreference: MailPreference;
  active: boolean;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
  roles: UserRoleView[];
}

/** A user as the CSV import matches rows to them (e-mail lower-cased). */
export interface UserImportRow {
  id: string;
  email: string;
  locale: UserLocale;
  mailPreference: MailPreference;
  active: boolean;
}

export interface UserWrite {
  readonly email: string;
  readonly displayName: string;
  readonly locale?: UserLocale | undefined;
  readonly mailPreference?: MailPreference | undefined;
  readonly active?: boolean | undefined;
  /** Absent: keep the stored hash (on update); null: no password. */
  readonly passwordHash?: string | null | undefined;
}

export interface RoleAssignment {
  readonly role: UserRoleName;
  readonly scopeKind: RoleScopeKind;
  readonly scopeId: string;
}

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

/** A role a person holds in a scope. */
export interface RoleGrantRow {
  readonly role: UserRoleName;
  readonly scopeKind: RoleScopeKind;
  readonly scopeId: string;
}

/** A person found by a search (a reference picker's option). */
export interface PersonSearchRow {
  id: string;
  displayName: string;
  email: string;
  /** Names of the sections the person holds a role on, joined with 「・」. */
  sectionNames: string;
  /** Holds a role on the section the search prefers. */
  inSection: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** People (`app_user`) and their roles (`user_role`). */
export class UserRepository {
  constructor(private readonly db: Queryable) {}

  /** An active person of a government with their role grants; undefined when there is none. */
  async activeWithRoles(
    userId: string,
    governmentId: string,
  ): Promise<{ roles: RoleGrantRow[] } | undefined> {
    const rows = await this.db.query<{ roles: RoleGrantRow[] }[]>(
      `SELECT coalesce((SELECT json_agg(json_build_object('role', r.role, 'scopeKind', r.scope_kind, 'scopeId', r.scope_id))
                          FROM user_role r WHERE r.user_id = u.id AND r.government_id = u.government_id), '[]'::json) AS roles
         FROM app_user u WHERE u.id = $1 AND u.government_id = $2 AND u.active`,
      [userId, governmentId],
    );
    return rows[0];
  }

  /** A person's display name; undefined when there is no such person. */
  async displayName(userId: string, m: Queryable = this.db): Promise<string | undefined> {
    const rows = await m.query<{ display_name: string }[]>(
      `SELECT display_name FROM app_user WHERE id = $1`,
      [userId],
    );
    return rows[0]?.display_name;
  }

  /** A person's mail settings; undefined when the government has no such person. */
  async mailSettings(
    userId: string,
    governmentId: string,
  ): Promise<{ locale: UserLocale; mailPreference: MailPreference } | undefined> {
    const rows = await this.db.query<{ locale: UserLocale; mailPreference: MailPreference }[]>(
      `SELECT locale, mail_preference AS "mailPreference" FROM app_user WHERE id = $1 AND government_id = $2`,
      [userId, governmentId],
    );
    return rows[0];
  }

  /** Changes what is given of a person's mail settings. */
  async saveMailSettings(
    userId: string,
    governmentId: string,
    settings: { locale?: UserLocale | undefined; mailPreference?: MailPreference | undefined },
  ): Promise<void> {
    userChanging(this.db, userId);
    await this.db.query(
      `UPDATE app_user SET locale = coalesce($3, locale), mail_preference = coalesce($4, mail_preference), updated_at = now()
        WHERE id = $1 AND government_id = $2`,
      [userId, governmentId, settings.locale ?? null, settings.mailPreference ?? null],
    );
  }

  /** Every person of a government (active or not), to resolve names and e-mail addresses. */
  async directory(
    governmentId: string,
  ): Promise<{ id: string; display_name: string; email: string }[]> {
    return this.db.query<{ id: string; display_name: string; email: string }[]>(
      `SELECT id, display_name, email FROM app_user WHERE government_id = $1`,
      [governmentId],
    );
  }

  /** Display names of the given people of a government (unknown ids are left out). */
  async namesOf(
    governmentId: string,
    ids: readonly string[],
  ): Promise<{ id: string; display_name: string }[]> {
    const uuids = ids.filter((id) => UUID.test(id));
    if (uuids.length === 0) return [];
    return this.db.query<{ id: string; display_name: string }[]>(
      `SELECT id, display_name FROM app_user WHERE government_id = $1 AND id = ANY($2::uuid[])`,
      [governmentId, uuids],
    );
  }

  /**
   * Active people of a government whose name, e-mail or section name contains `query` (any
   * case); the people with a role on `preferSectionId` first, then by name; at most `limit`.
   */
  async searchPeople(
    governmentId: string,
    query: string,
    preferSectionId: string | null,
    limit: number,
  ): Promise<PersonSearchRow[]> {
    return this.db.query<PersonSearchRow[]>(
      `SELECT u.id, u.display_name AS "displayName", u.email,
              coalesce((SELECT string_agg(DISTINCT s.name_ja, '・') FROM user_role r
                          JOIN section s ON r.scope_kind = 'section' AND s.id = r.scope_id
                         WHERE r.user_id = u.id), '') AS "sectionNames",
              EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.scope_kind = 'section'
                         AND r.scope_id = $3::uuid) AS "inSection"
         FROM app_user u
        WHERE u.government_id = $1 AND u.active
          AND ($2 = '' OR strpos(lower(u.display_name), lower($2)) > 0
               OR strpos(lower(u.email), lower($2)) > 0
               OR EXISTS (SELECT 1 FROM user_role r JOIN section s ON r.scope_kind = 'section' AND s.id = r.scope_id
                           WHERE r.user_id = u.id AND strpos(lower(s.name_ja), lower($2)) > 0))
        ORDER BY "inSection" DESC, u.display_name, u.email LIMIT $4`,
      [governmentId, query, preferSectionId, limit],
    );
  }

  /**
   * Active people who hold `role` on the scope (a group task's candidates), by name; at most
   * `limit` (2 tells whether one person alone works the group's tasks).
   */
  async groupMembers(
    governmentId: string,
    group: { role: string; scopeKind: string; scopeId: string },
    limit: number,
  ): Promise<{ id: string; displayName: string }[]> {
    return this.db.query<{ id: string; displayName: string }[]>(
      `SELECT DISTINCT u.id, u.display_name AS "displayName"
         FROM user_role r JOIN app_user u ON u.id = r.user_id AND u.active
        WHERE r.government_id = $1 AND r.role = $2 AND r.scope_kind = $3 AND r.scope_id = $4::uuid
        ORDER BY u.display_name, u.id LIMIT $5`,
      [governmentId, group.role, group.scopeKind, group.scopeId, limit],
    );
  }

  /** The active account a sign-in names: government code and e-mail (case-insensitive). */
  async findActiveForSignIn(governmentCode: string, email: string): Promise<SignInRow | undefined> {
    return firstRow<SignInRow>(
      this.db,
      `SELECT u.id, u.government_id, u.password_hash, u.email, u.display_name, u.locale
         FROM app_user u JOIN government g ON g.id = u.government_id
        WHERE g.code = $1 AND lower(u.email) = lower($2) AND u.active AND g.active`,
      [governmentCode, email],
    );
  }

  /** A person's account with their government's code (for checking their own password). */
  async findForPasswordCheck(
    userId: string,
    governmentId: string,
  ): Promise<(SignInRow & { government_code: string }) | undefined> {
    return firstRow(
      this.db,
      `SELECT u.id, u.government_id, u.password_hash, u.email, u.display_name, u.locale, g.code AS government_code
         FROM app_user u JOIN government g ON g.id = u.government_id
        WHERE u.id = $1 AND u.government_id = $2`,
      [userId, governmentId],
    );
  }

  async findWithGovernment(
    userId: string,
    governmentId: string,
  ): Promise<UserWithGovernmentRow | undefined> {
    return firstRow<UserWithGovernmentRow>(
      this.db,
      `SELECT u.id, u.email, u.display_name, u.locale, g.id AS government_id, g.code, g.name_ja, g.name_en
         FROM app_user u JOIN government g ON g.id = u.government_id
        WHERE u.id = $1 AND u.government_id = $2`,
      [userId, governmentId],
    );
  }

  /** A new password hash (inside the caller's transaction when `db` is its manager). */
  async setPasswordHash(
    governmentId: string,
    userId: string,
    hash: string,
    db: Queryable = this.db,
  ): Promise<void> {
    await db.query(
      `UPDATE app_user SET password_hash = $3, updated_at = now() WHERE government_id = $1 AND id = $2`,
      [governmentId, userId, hash],
    );
  }

  /** The government's people; `q` (LIKE-escaped by the caller) matches e-mail or name. */
  async listForAdmin(
    governmentId: string,
    filter: { active: boolean | null; q: string | null },
  ): Promise<UserAdminRow[]> {
    return this.db.query<UserAdminRow[]>(
      `${USER_SELECT} WHERE u.government_id = $1 AND ($2::boolean IS NULL OR u.active = $2)
          AND ($3::text IS NULL OR u.email ILIKE '%' || $3 || '%' OR u.display_name ILIKE '%' || $3 || '%')
        ORDER BY u.display_name, u.email`,
      [governmentId, filter.active, filter.q],
    );
  }

  async findForAdmin(governmentId: string, id: string): Promise<UserAdminRow | undefined> {
    return firstRow<UserAdminRow>(
      this.db,
      `${USER_SELECT} WHERE u.government_id = $1 AND u.id = $2`,
      [governmentId, id],
    );
  }

  /** The ids among `ids` of the government's active people. */
  async activeIds(governmentId: string, ids: readonly string[]): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM app_user WHERE government_id = $1 AND active AND id = ANY($2::uuid[])`,
      [governmentId, [...ids]],
    );
    return rows.map((u) => u.id);
  }

  /** Of these ids, the active people of the government who are staff (hold the evaluator role). */
  async activeStaffIds(governmentId: string, ids: readonly string[]): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT u.id FROM app_user u
        WHERE u.government_id = $1 AND u.active AND u.id = ANY($2::uuid[])
          AND EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.role = 'evaluator')`,
      [governmentId, [...ids]],
    );
    return rows.map((u) => u.id);
  }

  /** Every person of the government, e-mail lower-cased (the CSV import's match). */
  async listForImport(governmentId: string): Promise<UserImportRow[]> {
    return this.db.query<UserImportRow[]>(
      `SELECT id, lower(email) AS email, locale, mail_preference AS "mailPreference", active
           FROM app_user WHERE government_id = $1`,
      [governmentId],
    );
  }

  /** A person's e-mail, lower-cased. */
  async lowerEmailOf(userId: string): Promise<string | undefined> {
    const row = await firstRow<{ email: string }>(
      this.db,
      `SELECT lower(email) AS email FROM app_user WHERE id = $1`,
      [userId],
    );
    return row?.email;
  }

  /** Inserts a person in the caller's transaction. Returns the id. */
  async insert(m: EntityManager, governmentId: string, u: UserWrite): Promise<string> {
    const row = await firstRow<{ id: string }>(
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

  /** Updates a person in the caller's transaction; the hash only when `passwordHash` is given. */
  async update(m: EntityManager, governmentId: string, id: string, u: UserWrite): Promise<void> {
    userChanging(m, id);
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
  }

  /** Replaces every role of a person, in the caller's transaction. */
  async replaceRoles(
    m: EntityManager,
    governmentId: string,
    userId: string,
    roles: readonly RoleAssignment[],
  ): Promise<void> {
    userChanging(m, userId);
    await m.query(`DELETE FROM user_role WHERE user_id = $1`, [userId]);
    for (const r of roles) {
      await m.query(
        `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT "UQ_user_role_assignment" DO NOTHING`,
        [governmentId, userId, r.role, r.scopeKind, r.scopeId],
      );
    }
  }

  /** Whether any role is held on this scope (a section, a department). */
  async anyRoleOnScope(scopeId: string): Promise<boolean> {
    const row = await firstRow(this.db, `SELECT 1 FROM user_role WHERE scope_id = $1 LIMIT 1`, [
      scopeId,
    ]);
    return row !== undefined;
  }
}
