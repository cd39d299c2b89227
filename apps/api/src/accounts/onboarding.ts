import { randomBytes } from 'node:crypto';
import { builtinTemplates, checkGovernmentCode } from '@hyoka/domain';
import {
  ensureBuiltinTemplates,
  GovernmentRepository,
  PlatformOperatorRepository,
  ProgrammeRepository,
  UserRepository,
  type GovernmentListRow,
  type UserLocale,
} from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import { tokenHash, type AccountLinks, type LinkRecipient } from './account-links';

/** A refused first-day operation: the field it concerns, and why, in Japanese and English. */
export class OnboardingError extends Error {
  constructor(
    readonly code: string,
    readonly field: string,
    readonly ja: string,
    readonly en: string,
    /** `input`: the request is wrong; `conflict`: it does not fit what exists; `missing`. */
    readonly kind: 'input' | 'conflict' | 'missing',
  ) {
    super(en);
  }
}

export interface NewAdministrator {
  readonly email: string;
  readonly displayName: string;
  readonly locale?: UserLocale | undefined;
}

export interface NewGovernment {
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn: string;
  readonly admin: NewAdministrator;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function required(value: string, field: string, ja: string, en: string): string {
  const v = value.trim();
  if (v === '' || v.length > 200) {
    throw new OnboardingError(
      'invalid_field',
      field,
      `${ja}を1〜200文字で入力してください`,
      `Give the ${en} (1-200 characters)`,
      'input',
    );
  }
  return v;
}

function checkAdmin(admin: NewAdministrator): Required<NewAdministrator> {
  const email = admin.email.trim();
  if (!EMAIL.test(email) || email.length > 254) {
    throw new OnboardingError(
      'invalid_email',
      'adminEmail',
      `管理者のメールアドレスが正しくありません（「${email}」）`,
      `The administrator's e-mail address is not valid ("${email}")`,
      'input',
    );
  }
  return {
    email,
    displayName: required(admin.displayName, 'adminName', '管理者の氏名', "administrator's name"),
    locale: admin.locale ?? 'ja',
  };
}

/**
 * The first day of a government, shared by the CLI (`hyoka government …`, `hyoka admin invite`)
 * and the platform operator's API: create a government with its first administrator (invited by
 * mail to set a password), list, deactivate, invite another administrator. No framework.
 */
export class Onboarding {
  private readonly governments: GovernmentRepository;
  private readonly users: UserRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly links: AccountLinks,
  ) {
    this.governments = new GovernmentRepository(dataSource);
    this.users = new UserRepository(dataSource);
  }

  list(): Promise<GovernmentListRow[]> {
    return this.governments.list();
  }

  async createGovernment(input: NewGovernment): Promise<GovernmentListRow> {
    const code = input.code.trim();
    const problem = checkGovernmentCode(code);
    if (problem) {
      throw new OnboardingError(
        problem.code,
        'code',
        problem.message.ja,
        problem.message.en,
        'input',
      );
    }
    const nameJa = required(input.nameJa, 'nameJa', '団体名（日本語）', 'Japanese name');
    const nameEn = required(input.nameEn, 'nameEn', '団体名（英語）', 'English name');
    const admin = checkAdmin(input.admin);
    const id = await this.dataSource.transaction(async (m) => {
      const id = await this.governments.insert(m, { code, nameJa, nameEn });
      if (!id) {
        throw new OnboardingError(
          'duplicate_government',
          'code',
          `地方公共団体コード ${code} の団体はすでに登録されています`,
          `A government with code ${code} exists already`,
          'conflict',
        );
      }
      await this.addAdministrator(m, { id, code, nameJa, nameEn }, admin);
      // The built-in layouts every government starts from (shared rows; a fresh production
      // database has none, only the demo installed them).
      await ensureBuiltinTemplates(m, builtinTemplates);
      // Its first evaluation programme (事務事業評価), where cycles go unless told otherwise.
      await new ProgrammeRepository(m).ensureDefault(id);
      return id;
    });
    await this.links.relay({ governmentId: id, governmentCode: code });
    return (await this.governments.findById(id))!;
  }

  async deactivate(code: string): Promise<GovernmentListRow> {
    const government = await this.find(code);
    await this.dataSource.transaction((m) => this.governments.deactivate(m, government.id));
    return (await this.governments.findById(government.id))!;
  }

  /** Invites one more administrator (a new account; an existing e-mail is refused). */
  async inviteAdministrator(code: string, input: NewAdministrator): Promise<void> {
    const government = await this.find(code);
    if (!government.active) {
      throw new OnboardingError(
        'government_inactive',
        'code',
        `団体 ${code} は無効化されています`,
        `Government ${code} is deactivated`,
        'conflict',
      );
    }
    const admin = checkAdmin(input);
    await this.dataSource.transaction((m) => this.addAdministrator(m, government, admin));
    await this.links.relay({ governmentId: government.id, governmentCode: government.code });
  }

  /**
   * A platform operator (no government): answers their API token, shown once (only its sha256
   * is stored). An e-mail that is an operator already is refused.
   */
  async createOperator(email: string, displayName: string): Promise<string> {
    const admin = checkAdmin({ email, displayName });
    const token = `hyop_${randomBytes(32).toString('base64url')}`;
    const id = await new PlatformOperatorRepository(this.dataSource).insert({
      email: admin.email,
      displayName: admin.displayName,
      tokenHash: tokenHash(token),
    });
    if (!id) {
      throw new OnboardingError(
        'duplicate_email',
        'email',
        `メールアドレス ${admin.email} の運用者はすでにいます`,
        `An operator with e-mail ${admin.email} exists already`,
        'conflict',
      );
    }
    return token;
  }

  private async find(code: string): Promise<GovernmentListRow> {
    const government = await this.governments.findByCode(code.trim());
    if (!government) {
      throw new OnboardingError(
        'government_not_found',
        'code',
        `地方公共団体コード ${code} の団体はありません`,
        `There is no government with code ${code}`,
        'missing',
      );
    }
    return government;
  }

  private async addAdministrator(
    m: Parameters<UserRepository['insert']>[0],
    government: { id: string; code: string; nameJa: string; nameEn: string },
    admin: Required<NewAdministrator>,
  ): Promise<void> {
    const exists = (await this.users.listForImport(government.id)).some(
      (u) => u.email === admin.email.toLowerCase(),
    );
    if (exists) {
      throw new OnboardingError(
        'duplicate_email',
        'adminEmail',
        `メールアドレス ${admin.email} の利用者はすでにいます`,
        `A person with e-mail ${admin.email} exists already`,
        'conflict',
      );
    }
    const userId = await this.users.insert(m, government.id, {
      email: admin.email,
      displayName: admin.displayName,
      locale: admin.locale,
    });
    await this.users.replaceRoles(m, government.id, userId, [
      { role: 'administrator', scopeKind: 'government', scopeId: government.id },
    ]);
    const to: LinkRecipient = {
      userId,
      governmentId: government.id,
      governmentCode: government.code,
      governmentName: admin.locale === 'ja' ? government.nameJa : government.nameEn,
      email: admin.email,
      displayName: admin.displayName,
      locale: admin.locale,
    };
    await this.links.issue(m, to, 'invitation');
  }
}
