import type { MailPreference, RoleScopeKind, UserLocale, UserRoleName } from '../column-values';
import type { Queryable } from './sql';

/** A role a person holds in a scope. */
export interface RoleGrantRow {
  readonly role: UserRoleName;
  readonly scopeKind: RoleScopeKind;
  readonly scopeId: string;
}

/** People (`app_user`). */
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
}
