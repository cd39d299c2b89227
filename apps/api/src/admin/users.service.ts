import { Inject, Injectable } from '@nestjs/common';
import {
  OrganisationRepository,
  SessionRepository,
  UserRepository,
  type MailPreference,
  type RoleScopeKind,
  type UserLocale,
  type UserRoleName,
  type UserWrite,
} from '@hyoka/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { hashPassword } from '../auth/password';
import { PasswordService } from '../auth/passwords.service';
import { accountId, SignInThrottle } from '../auth/sign-in-throttle';
import { isUuid } from '../common/ids';
import { DATA_SOURCE } from '../tokens';
import {
  conflict,
  notFound,
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

/** A user as stored (the lock comes from the sign-in throttle). */
type StoredUser = Omit<UserView, 'lockedUntil'>;

/** The repositories writing a user needs (also the CSV import's). */
export interface UserWriters {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
}

/**
 * People of the caller's government, their roles and passwords (hashed with argon2id, checked by
 * the password policy; a new password ends the person's sessions), and sign-in locks.
 */
@Injectable()
export class AdminUsersService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly organisation: OrganisationRepository,
    private readonly passwords: PasswordService,
    private readonly throttle: SignInThrottle,
  ) {}

  private get writers(): UserWriters {
    return { users: this.users, sessions: this.sessions };
  }

  async list(
    auth: AuthContext,
    filter: { q?: string | undefined; active?: boolean | undefined },
  ): Promise<UserView[]> {
    const rows: StoredUser[] = await this.users.listForAdmin(auth.governmentId, {
      active: filter.active ?? null,
      q: filter.q?.replace(/[\\%_]/g, (c) => `\\${c}`) ?? null,
    });
    return this.withLocks(auth, rows);
  }

  async get(auth: AuthContext, id: string): Promise<UserView> {
    const row: StoredUser | undefined = isUuid(id)
      ? await this.users.findForAdmin(auth.governmentId, id)
      : undefined;
    if (!row) throw notFound('利用者が見つかりません', 'No such user');
    return (await this.withLocks(auth, [row]))[0]!;
  }

  async create(auth: AuthContext, input: UserInput): Promise<UserView> {
    const roles = await resolveRoles(this.organisation, auth.governmentId, input.roles ?? [], [
      'roles',
    ]);
    if (input.password !== undefined)
      await this.passwords.assertAcceptable(auth.governmentId, input.password, input, 'password');
    const hash = input.password !== undefined ? await hashPassword(input.password) : null;
    const id = await this.dataSource.transaction(async (m) => {
      const created = await writeUser(this.writers, m, auth.governmentId, null, {
        ...input,
        passwordHash: hash,
      });
      await this.users.replaceRoles(m, auth.governmentId, created, roles);
      return created;
    });
    return this.get(auth, id);
  }

  /** Changes what is given; `roles` replaces every role; `active: false` ends the user's sessions. */
  async update(auth: AuthContext, id: string, patch: Partial<UserInput>): Promise<UserView> {
    const current = await this.get(auth, id);
    if (id === auth.userId) protectSelf(patch);
    const roles = patch.roles
      ? await resolveRoles(this.organisation, auth.governmentId, patch.roles, ['roles'])
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
      await writeUser(this.writers, m, auth.governmentId, id, {
        email: patch.email ?? current.email,
        displayName: patch.displayName ?? current.displayName,
        locale: patch.locale ?? current.locale,
        mailPreference: patch.mailPreference ?? current.mailPreference,
        active: patch.active ?? current.active,
        ...(hash !== undefined ? { passwordHash: hash } : {}),
      });
      if (roles) await this.users.replaceRoles(m, auth.governmentId, id, roles);
    });
    return this.get(auth, id);
  }

  /** A new password (an administrator's reset): every session of the person ends. */
  async setPassword(auth: AuthContext, id: string, password: string): Promise<void> {
    const user = await this.get(auth, id);
    await this.passwords.assertAcceptable(auth.governmentId, password, user, 'password');
    const hash = await hashPassword(password);
    await this.dataSource.transaction(async (m) => {
      await this.users.setPasswordHash(auth.governmentId, id, hash, m);
      await this.sessions.deleteAllOfUser(id, m);
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
    return (await this.organisation.governmentCode(auth.governmentId))!;
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
  organisation: OrganisationRepository,
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
      r.scopeId !== undefined &&
      isUuid(r.scopeId) &&
      (await organisation.exists(r.scopeKind, governmentId, r.scopeId));
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
    } else resolved.push({ role: r.role, scopeKind: r.scopeKind, scopeId: r.scopeId });
  }
  if (problems.length > 0) throw unprocessable('invalid_roles', problems);
  return resolved;
}

/** Inserts (id null) or updates a user; a duplicate e-mail is 409 naming `email`. Returns the id. */
export async function writeUser(
  { users, sessions }: UserWriters,
  m: EntityManager,
  governmentId: string,
  id: string | null,
  u: UserWrite,
): Promise<string> {
  try {
    if (id === null) return await users.insert(m, governmentId, u);
    await users.update(m, governmentId, id, u);
    // A deactivated user, or one given a new password, is signed out everywhere at once.
    if (u.active === false || u.passwordHash !== undefined) await sessions.deleteAllOfUser(id, m);
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
