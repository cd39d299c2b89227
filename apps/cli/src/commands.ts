import { parseArgs } from 'node:util';
import type { GovernmentListRow, UserLocale } from '@hyoka/persistence';
import type { Onboarding } from '../../api/src/accounts/onboarding';

/** A command line the CLI cannot run: printed as one line, exit status 2. */
export class UsageError extends Error {}

export const USAGE = `usage:
  hyoka government create --code <6 digits> --name-ja <名称> --name-en <name>
                          --admin-email <e-mail> --admin-name <氏名> [--admin-locale ja|en]
  hyoka government list [--json]
  hyoka government deactivate --code <6 digits>
  hyoka admin invite --code <6 digits> --email <e-mail> --name <氏名> [--locale ja|en]
  hyoka operator create --email <e-mail> --name <name>   (prints the operator's API token once)
  hyoka archive export --government <6 digits> --out <file.tar.gz>
  hyoka archive import --in <file.tar.gz> [--as-code <6 digits>]

environment: DATABASE_URL (required), TEMPORAL_ADDRESS (required to send the invitation mail),
PUBLIC_URL (required with NODE_ENV=production: the base of the links in mails)`;

/** Which commands write a mail (and so need the relay). */
export function sendsMail(argv: readonly string[]): boolean {
  const [noun, verb] = argv;
  return (noun === 'government' && verb === 'create') || (noun === 'admin' && verb === 'invite');
}

/** Checks the command's shape before anything is connected. */
export function checkCommand(argv: readonly string[]): void {
  const [noun, verb] = argv;
  const known = new Set([
    'government create',
    'government list',
    'government deactivate',
    'admin invite',
    'operator create',
  ]);
  if (!known.has(`${noun} ${verb}`)) {
    throw new UsageError(
      `unknown command "${argv.slice(0, 2).join(' ')}" / 不明なコマンドです\n${USAGE}`,
    );
  }
}

function options<const T extends string>(
  args: readonly string[],
  names: readonly T[],
  required: readonly T[],
  flags: readonly string[] = [],
): Record<T, string | undefined> & Record<string, string | boolean | undefined> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...args],
      options: Object.fromEntries<{ type: 'string' | 'boolean' }>([
        ...names.map((n): [string, { type: 'string' }] => [n, { type: 'string' }]),
        ...flags.map((n): [string, { type: 'boolean' }] => [n, { type: 'boolean' }]),
      ]),
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  for (const name of required) {
    if (typeof values[name] !== 'string' || values[name] === '') {
      throw new UsageError(`--${name} is required / --${name} を指定してください\n${USAGE}`);
    }
  }
  return values as Record<T, string | undefined>;
}

function locale(value: string | undefined, name: string): UserLocale {
  if (value === undefined || value === 'ja' || value === 'en') return value ?? 'ja';
  throw new UsageError(`--${name} must be ja or en / --${name} は ja か en です`);
}

function line(g: GovernmentListRow): string {
  const state = g.active ? 'active' : `deactivated ${g.deactivatedAt ?? ''}`.trim();
  return `${g.code}\t${g.nameJa}\t${g.nameEn}\t${state}\tusers=${g.users}`;
}

/** Runs a checked command; returns what to print. */
export async function runCommand(argv: readonly string[], onboarding: Onboarding): Promise<string> {
  const [noun, verb, ...rest] = argv;
  switch (`${noun} ${verb}`) {
    case 'government create': {
      const o = options(
        rest,
        ['code', 'name-ja', 'name-en', 'admin-email', 'admin-name', 'admin-locale'],
        ['code', 'name-ja', 'name-en', 'admin-email', 'admin-name'],
      );
      const g = await onboarding.createGovernment({
        code: o.code!,
        nameJa: o['name-ja']!,
        nameEn: o['name-en']!,
        admin: {
          email: o['admin-email']!,
          displayName: o['admin-name']!,
          locale: locale(o['admin-locale'], 'admin-locale'),
        },
      });
      return (
        `団体 ${g.code} ${g.nameJa} を作成し、管理者 ${o['admin-email']} にパスワード設定のメールを送りました（24時間有効）。\n` +
        `Created government ${g.code} ${g.nameEn}; ${o['admin-email']} was mailed a link to set a password (valid 24 h).`
      );
    }
    case 'government list': {
      const o = options(rest, [], [], ['json']);
      const all = await onboarding.list();
      if (o['json'] === true) return JSON.stringify(all, null, 2);
      return all.length === 0 ? '(no government / 団体はありません)' : all.map(line).join('\n');
    }
    case 'government deactivate': {
      const o = options(rest, ['code'], ['code']);
      const g = await onboarding.deactivate(o.code!);
      return (
        `団体 ${g.code} ${g.nameJa} を無効化しました（サインインできなくなり、セッションは終了しました）。\n` +
        `Deactivated government ${g.code} ${g.nameEn}: nobody of it can sign in; every session ended.`
      );
    }
    case 'admin invite': {
      const o = options(rest, ['code', 'email', 'name', 'locale'], ['code', 'email', 'name']);
      await onboarding.inviteAdministrator(o.code!, {
        email: o.email!,
        displayName: o.name!,
        locale: locale(o.locale, 'locale'),
      });
      return (
        `団体 ${o.code} の管理者として ${o.email} を招待しました（24時間有効のリンクをメールで送りました）。\n` +
        `Invited ${o.email} as an administrator of ${o.code} (mailed a link valid 24 h).`
      );
    }
    case 'operator create': {
      const o = options(rest, ['email', 'name'], ['email', 'name']);
      const token = await onboarding.createOperator(o.email!, o.name!);
      return (
        `プラットフォーム運用者 ${o.email} を作成しました。API トークン（この1回だけ表示します）:\n` +
        `Created platform operator ${o.email}. API token (shown only this once):\n${token}`
      );
    }
    default:
      throw new UsageError(USAGE);
  }
}
