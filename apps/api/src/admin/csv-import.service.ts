import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { parseFiscalYearInput } from '@hyoka/calendar';
import { codeProblem, normaliseCode, PROJECT_POLICY_KINDS } from '@hyoka/domain';
import { htmlToStructuredText } from '@hyoka/domain/content/structured-text';
import {
  OrganisationRepository,
  SessionRepository,
  UserRepository,
  USER_ROLE_NAMES,
  type ProjectPeriodType,
  type RoleScopeKind,
  type UserRoleName,
} from '@hyoka/persistence';
import { CsvError, parse } from 'csv-parse/sync';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import type { AuthContext } from '../auth/auth-context';
import { ApiError, type Bilingual } from '../common/api-error';
import { DATA_SOURCE } from '../tokens';
import { PROJECT_COLUMNS, USER_COLUMNS } from './csv-columns';
import type { CsvColumn, CsvImportResult, CsvRowError } from './csv-import.schemas';
import { writeUser, type ResolvedRole, type UserWriters } from './users.service';
import { AccountLinksService } from '../accounts/account-links.service';

interface CsvRecord {
  readonly row: number;
  readonly values: Readonly<Record<string, string>>;
}

const MAX_ROWS = 20_000;

/**
 * CSV import of users and projects: decode (UTF-8 with or without BOM, else Shift_JIS), parse,
 * check every row (reporting every error with its row and column, in Japanese and English), and
 * only when no row has an error, write them all in one transaction. `dryRun` checks only.
 */
@Injectable()
export class AdminCsvImportService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly organisation: OrganisationRepository,
    private readonly links: AccountLinksService,
  ) {}

  private get writers(): UserWriters {
    return { users: this.users, sessions: this.sessions };
  }

  async importUsers(auth: AuthContext, body: Buffer, dryRun: boolean): Promise<CsvImportResult> {
    const { encoding, records, errors } = readCsv(body, USER_COLUMNS);
    const errorAt = rowErrors(errors);
    const [units, existing, me] = await Promise.all([
      this.units(auth.governmentId),
      this.users.listForImport(auth.governmentId),
      this.users.lowerEmailOf(auth.userId),
    ]);
    const byEmail = new Map(existing.map((u) => [u.email, u]));
    const seen = new Map<string, number>();
    const plans: {
      row: number;
      id: string | null;
      user: {
        email: string;
        displayName: string;
        locale: 'ja' | 'en';
        mailPreference: 'immediate' | 'digest';
        active: boolean;
      };
      roles: ResolvedRole[] | null;
    }[] = [];
    for (const { row, values } of records) {
      const err = errorAt(row);
      const email = values['email'] ?? '';
      if (!z.email().safeParse(email).success || email.length > 254)
        err(
          'email',
          'invalid_email',
          'メールアドレスの形式が正しくありません',
          'not a valid e-mail address',
        );
      const lower = email.toLowerCase();
      const earlier = seen.get(lower);
      if (earlier !== undefined)
        err(
          'email',
          'duplicate_in_file',
          `${earlier}行目と同じメールアドレスです`,
          `same e-mail as row ${earlier}`,
        );
      seen.set(lower, row);
      const displayName = values['display_name'] ?? '';
      if (displayName === '' || displayName.length > 200)
        err(
          'display_name',
          displayName === '' ? 'required' : 'too_long',
          displayName === '' ? '氏名を入力してください' : '氏名が長すぎます（200文字まで）',
          displayName === '' ? 'required' : 'at most 200 characters',
        );
      const current = byEmail.get(email.toLowerCase());
      // A blank cell (or a missing column) keeps an existing person's setting.
      const locale = values['locale'] || current?.locale || 'ja';
      if (locale !== 'ja' && locale !== 'en')
        err('locale', 'invalid_choice', 'ja または en を指定してください', 'must be ja or en');
      const mail = values['mail_preference'] || current?.mailPreference || 'immediate';
      if (mail !== 'immediate' && mail !== 'digest')
        err(
          'mail_preference',
          'invalid_choice',
          'immediate または digest を指定してください',
          'must be immediate or digest',
        );
      const active = parseBoolean(values['active'], current?.active ?? true);
      if (active === undefined)
        err(
          'active',
          'invalid_boolean',
          'true / false を指定してください',
          'must be true or false',
        );
      if (active === false && lower === me)
        err(
          'active',
          'cannot_deactivate_self',
          '自分自身を無効にすることはできません',
          'you cannot deactivate yourself',
        );
      let roles: ResolvedRole[] | null = null;
      if ('roles' in values) {
        roles = [];
        for (const item of (values['roles'] ?? '')
          .split(/[;；]/)
          .map((s) => s.trim())
          .filter(Boolean)) {
          const parsed = parseRole(item, auth.governmentId, units);
          if ('error' in parsed) err('roles', 'invalid_role', parsed.error.ja, parsed.error.en);
          else roles.push(parsed);
        }
        if (
          lower === me &&
          !roles.some((r) => r.role === 'administrator' && r.scopeKind === 'government')
        )
          err(
            'roles',
            'cannot_drop_own_admin',
            '自分自身の管理者権限を外すことはできません',
            'you cannot remove your own administrator role',
          );
      }
      plans.push({
        row,
        id: current?.id ?? null,
        user: {
          email,
          displayName,
          locale: locale as 'ja' | 'en',
          mailPreference: mail as 'immediate' | 'digest',
          active: active ?? true,
        },
        roles,
      });
    }
    let invited = 0;
    const result = await this.finish(
      encoding,
      dryRun,
      errors,
      plans.map((p) => ({ row: p.row, create: p.id === null, key: p.user.email })),
      async (m) => {
        for (const p of plans) {
          const id = await writeUser(this.writers, m, auth.governmentId, p.id, p.user);
          if (p.roles) await this.users.replaceRoles(m, auth.governmentId, id, p.roles);
          // A new, active person is invited by mail to set their first password.
          if (p.id === null && p.user.active) {
            await this.links.invite(m, { userId: id, governmentId: auth.governmentId, ...p.user });
            invited++;
          }
        }
      },
    );
    if (invited > 0) await this.links.relay(auth.governmentId);
    return result;
  }

  async importProjects(auth: AuthContext, body: Buffer, dryRun: boolean): Promise<CsvImportResult> {
    const { encoding, records, errors } = readCsv(body, PROJECT_COLUMNS);
    const errorAt = rowErrors(errors);
    const [sections, policyNodes, existing] = await Promise.all([
      this.codes('section', auth.governmentId),
      this.organisation.listPolicyNodes(auth.governmentId),
      this.codes('project', auth.governmentId),
    ]);
    const policies = new Map(policyNodes.map((n) => [n.code, n] as const));
    const seen = new Map<string, number>();
    const plans: { row: number; id: string | null; values: unknown[] }[] = [];
    for (const { row, values } of records) {
      const err = errorAt(row);
      const code = normaliseCode(values['code'] ?? '');
      const problem = codeProblem(code);
      if (problem)
        err(
          'code',
          problem.code,
          problem.code === 'required' ? '事業番号を入力してください' : problem.message.ja,
          problem.message.en,
        );
      const earlier = seen.get(code);
      if (earlier !== undefined)
        err(
          'code',
          'duplicate_in_file',
          `${earlier}行目と同じ事業番号です`,
          `same code as row ${earlier}`,
        );
      seen.set(code, row);
      const { nameJa, nameEn } = checkNames(values, err, '事業名');
      const sectionCode = normaliseCode(values['section_code'] ?? '');
      const sectionId = sections.get(sectionCode);
      if (!sectionId)
        err(
          'section_code',
          sectionCode ? 'unknown_section' : 'required',
          sectionCode ? `課コード「${sectionCode}」の課がありません` : '課コードを入力してください',
          sectionCode ? `no section with code "${sectionCode}"` : 'required',
        );
      const policyCode = normaliseCode(values['policy_code'] ?? '') || null;
      const policyNode = policyCode ? policies.get(policyCode) : undefined;
      const policyId = policyNode?.id ?? null;
      if (policyCode && !policyNode)
        err(
          'policy_code',
          'unknown_policy',
          `施策体系コード「${policyCode}」がありません`,
          `no policy node with code "${policyCode}"`,
        );
      else if (policyNode && !PROJECT_POLICY_KINDS.includes(policyNode.kind))
        err(
          'policy_code',
          'wrong_policy_kind',
          `「${policyCode}」は政策です。事業は施策または基本事業に属します`,
          `"${policyCode}" is a policy; a project belongs to a measure or a basic project`,
        );
      // A blank cell keeps an existing project's value (a new project gets the default).
      const period = values['period_type'] ? PERIODS[values['period_type']] : null;
      if (period === undefined)
        err(
          'period_type',
          'invalid_choice',
          'recurring / single_year / fixed_term を指定してください',
          'must be recurring, single_year or fixed_term',
        );
      const { from: startFy, to: endFy } = checkYearRange(values, err, 'start_fy', 'end_fy');
      const active = parseBoolean(values['active'], null);
      if (active === undefined)
        err(
          'active',
          'invalid_boolean',
          'true / false を指定してください',
          'must be true or false',
        );
      plans.push({
        row,
        id: existing.get(code) ?? null,
        values: [
          code,
          nameJa,
          nameEn,
          sectionId ?? null,
          policyId ?? null,
          period ?? null,
          startFy,
          endFy,
          active ?? null,
        ],
      });
    }
    return this.finish(
      encoding,
      dryRun,
      errors,
      plans.map((p) => ({ row: p.row, create: p.id === null, key: String(p.values[0]) })),
      async (m) => {
        for (const p of plans) {
          if (p.id === null) {
            await this.organisation.insertImportedProject(m, auth.governmentId, p.values);
          } else {
            await this.organisation.updateImportedProject(m, auth.governmentId, p.id, p.values);
          }
        }
      },
    );
  }

  private finish(
    encoding: CsvImportResult['encoding'],
    dryRun: boolean,
    errors: CsvRowError[],
    plan: { row: number; create: boolean; key: string }[],
    write: (m: EntityManager) => Promise<void>,
  ): Promise<CsvImportResult> {
    return finishImport(this.dataSource, encoding, dryRun, errors, plan, write);
  }

  private async units(governmentId: string) {
    const [departments, sections] = await Promise.all([
      this.codes('department', governmentId),
      this.codes('section', governmentId),
    ]);
    return { department: departments, section: sections };
  }

  private codes(
    table: 'department' | 'section' | 'policy_node' | 'project',
    governmentId: string,
  ): Promise<Map<string, string>> {
    return this.organisation.idsByCode(table, governmentId);
  }
}

const PERIODS: Record<string, ProjectPeriodType> = {
  recurring: 'recurring',
  single_year: 'single_year',
  fixed_term: 'fixed_term',
  継続: 'recurring',
  単年度: 'single_year',
  期間限定: 'fixed_term',
};

function parseBoolean<F extends boolean | null>(
  value: string | undefined,
  fallback: F,
): boolean | F | undefined {
  if (value === undefined || value === '') return fallback;
  const v = value.toLowerCase();
  if (['true', '1', 'yes', '有効', 'はい', '○'].includes(v)) return true;
  if (['false', '0', 'no', '無効', 'いいえ', '×'].includes(v)) return false;
  return undefined;
}

/**
 * A fiscal year cell, Western or 和暦 as people write it (2026, 2026年度, 令和8, R8): null when
 * empty, undefined when not a year from 1989 to 2200.
 */
export function parseYear(value: string | undefined): number | null | undefined {
  if (value === undefined || value.trim() === '') return null;
  const year = parseFiscalYearInput(value);
  return year !== null && year >= 1989 && year <= 2200 ? year : undefined;
}

/**
 * A row's pair of fiscal-year columns (from, to): each empty or a year, the second not before the
 * first, each problem reported at its column. Empty or unreadable years come back as null.
 */
export function checkYearRange(
  values: Readonly<Record<string, string | undefined>>,
  err: RowError,
  fromColumn: string,
  toColumn: string,
): { from: number | null; to: number | null } {
  const from = parseYear(values[fromColumn]);
  const to = parseYear(values[toColumn]);
  for (const [column, year] of [
    [fromColumn, from],
    [toColumn, to],
  ] as const)
    if (year === undefined)
      err(
        column,
        'invalid_year',
        '年度（例 2026、令和8）を指定してください',
        'must be a fiscal year such as 2026 or 令和8',
      );
  if (from && to && to < from)
    err(toColumn, 'years_reversed', '開始年度より前です', `before ${fromColumn}`);
  return { from: from ?? null, to: to ?? null };
}

function parseRole(
  item: string,
  governmentId: string,
  units: { department: Map<string, string>; section: Map<string, string> },
): ResolvedRole | { error: Bilingual } {
  const match = /^([a-z_]+)@(government|department|section)(?::(.+))?$/.exec(item);
  const role = match?.[1] as UserRoleName | undefined;
  if (!match || !role || !USER_ROLE_NAMES.includes(role)) {
    return {
      error: {
        ja: `権限「${item}」の形式が正しくありません（例: evaluator@section:0101）`,
        en: `role "${item}" is not of the form role@scope (e.g. evaluator@section:0101)`,
      },
    };
  }
  const scopeKind = match[2] as RoleScopeKind;
  if (scopeKind === 'government') return { role, scopeKind, scopeId: governmentId };
  const code = normaliseCode(match[3] ?? '');
  const scopeId = units[scopeKind].get(code);
  if (!scopeId) {
    const what = scopeKind === 'department' ? '部局' : '課';
    return {
      error: {
        ja: `権限「${item}」: コード「${code}」の${what}がありません`,
        en: `role "${item}": no ${scopeKind} with code "${code}"`,
      },
    };
  }
  return { role, scopeKind, scopeId };
}

/** Reports a problem of one CSV row at a column (null: the row), in Japanese and English. */
export type RowError = (column: string | null, code: string, ja: string, en: string) => void;

/** A row's reporter into `errors`: the message names the row and the column. */
export function rowErrors(errors: CsvRowError[]): (row: number) => RowError {
  return (row) => (column, code, ja, en) =>
    errors.push({
      row,
      column,
      code,
      message: {
        ja: `${row}行目${column ? `「${column}」` : ''}: ${ja}`,
        en: `row ${row}${column ? `, ${column}` : ''}: ${en}`,
      },
    });
}

/** A row's `sort_order`: null when empty, else an integer from 0 to 1,000,000 (reported if not). */
export function checkSortOrder(
  values: Readonly<Record<string, string | undefined>>,
  err: RowError,
): number | null {
  const text = values['sort_order'] ?? '';
  if (text === '') return null;
  const sortOrder = Number(text);
  if (!Number.isInteger(sortOrder) || sortOrder < 0 || sortOrder > 1_000_000)
    err('sort_order', 'invalid_number', '0 以上の整数を指定してください', 'must be an integer ≥ 0');
  return sortOrder;
}

/**
 * A row's `name_ja` (required, at most 300 characters; `labelJa` says what is named, e.g. 事業名)
 * and `name_en` (optional, at most 300), each problem reported at its column.
 */
export function checkNames(
  values: Readonly<Record<string, string | undefined>>,
  err: RowError,
  labelJa: string,
): { nameJa: string; nameEn: string | null } {
  // A name copied from an HTML-based system keeps its text, not its markup (<b>, <br>).
  const plain = (v: string | undefined) =>
    v === undefined ? undefined : htmlToStructuredText(v).replace(/\s*\n\s*/g, ' ');
  const nameJa = plain(values['name_ja']) ?? '';
  if (nameJa === '' || nameJa.length > 300)
    err(
      'name_ja',
      nameJa === '' ? 'required' : 'too_long',
      nameJa === '' ? `${labelJa}を入力してください` : `${labelJa}が長すぎます（300文字まで）`,
      nameJa === '' ? 'required' : 'at most 300 characters',
    );
  const nameEn = plain(values['name_en']) || null;
  if (nameEn && nameEn.length > 300)
    err('name_en', 'too_long', '300文字までです', 'at most 300 characters');
  return { nameJa, nameEn };
}

/**
 * Ends an import: every row's action and every error; with an error (or a dry run) nothing is
 * written, else `write` runs in one transaction.
 */
export async function finishImport(
  dataSource: DataSource,
  encoding: CsvImportResult['encoding'],
  dryRun: boolean,
  errors: CsvRowError[],
  plan: { row: number; create: boolean; key: string }[],
  write: (m: EntityManager) => Promise<void>,
): Promise<CsvImportResult> {
  errors.sort((a, b) => a.row - b.row);
  const rows = plan.map((p) => ({
    row: p.row,
    action: p.create ? ('create' as const) : ('update' as const),
    key: p.key,
  }));
  const created = rows.filter((r) => r.action === 'create').length;
  const result = {
    dryRun,
    encoding,
    valid: errors.length === 0,
    created,
    updated: rows.length - created,
    rows,
    errors,
  };
  if (dryRun) return result;
  if (errors.length > 0) {
    throw new ApiError(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'csv_invalid',
      {
        ja: `CSV に ${errors.length} 件の誤りがあるため、何も取り込みませんでした`,
        en: `The CSV has ${errors.length} error(s); nothing was imported`,
      },
      { errors, encoding },
    );
  }
  await dataSource.transaction(write);
  return result;
}

/** Decodes: UTF-8 (a BOM is dropped); bytes that are not UTF-8 are read as Shift_JIS (Excel in Japan). */
export function decodeCsv(body: Buffer): { text: string; encoding: 'utf-8' | 'shift_jis' } {
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body),
      encoding: 'utf-8',
    };
  } catch {
    return { text: new TextDecoder('shift_jis').decode(body), encoding: 'shift_jis' };
  }
}

/** Decodes and parses a CSV whose first row names the columns; header and shape errors are row errors. */
export function readCsv(body: Buffer, columns: readonly CsvColumn[]) {
  const { text, encoding } = decodeCsv(body);
  const errors: CsvRowError[] = [];
  const records: CsvRecord[] = [];
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      info: true,
      trim: true,
      relax_column_count: true,
      bom: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    const line =
      error instanceof CsvError ? Number((error as CsvError & { lines?: number }).lines ?? 0) : 0;
    errors.push({
      row: line,
      column: null,
      code: 'malformed_csv',
      message: {
        ja: `${line}行目: CSV の形式が正しくありません（引用符の閉じ忘れなど）`,
        en: `row ${line}: malformed CSV (${error instanceof Error ? error.message : 'parse error'})`,
      },
    });
    return { encoding, records, errors };
  }
  const rowOf = (p: { record: string[]; info: { lines: number } }) =>
    p.info.lines - p.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
  const [header, ...rest] = parsed;
  if (!header) {
    errors.push({
      row: 1,
      column: null,
      code: 'empty_csv',
      message: { ja: 'CSV が空です', en: 'The CSV is empty' },
    });
    return { encoding, records, errors };
  }
  const names: (string | null)[] = header.record.map((h, i) => {
    const found = columns.find((c) => c.name === h.toLowerCase() || c.aliases.includes(h));
    if (!found) {
      errors.push({
        row: 1,
        column: h,
        code: 'unknown_column',
        message: {
          ja: `1行目: 見出し「${h}」は使えません（${columns.map((c) => c.name).join(', ')}）`,
          en: `row 1: unknown column "${h}" (expected ${columns.map((c) => c.name).join(', ')})`,
        },
      });
      return null;
    }
    if (
      header.record
        .slice(0, i)
        .some(
          (other) =>
            columns.find((c) => c.name === other.toLowerCase() || c.aliases.includes(other)) ===
            found,
        )
    ) {
      errors.push({
        row: 1,
        column: found.name,
        code: 'duplicate_column',
        message: {
          ja: `1行目: 見出し「${found.name}」が重複しています`,
          en: `row 1: column "${found.name}" appears twice`,
        },
      });
    }
    return found.name;
  });
  for (const c of columns.filter((c) => c.required && !names.includes(c.name))) {
    errors.push({
      row: 1,
      column: c.name,
      code: 'missing_column',
      message: {
        ja: `1行目: 必須の見出し「${c.name}」がありません`,
        en: `row 1: required column "${c.name}" is missing`,
      },
    });
  }
  if (rest.length > MAX_ROWS) {
    errors.push({
      row: MAX_ROWS + 2,
      column: null,
      code: 'too_many_rows',
      message: {
        ja: `一度に取り込めるのは ${MAX_ROWS} 行までです`,
        en: `at most ${MAX_ROWS} rows per import`,
      },
    });
    return { encoding, records, errors };
  }
  for (const p of rest) {
    if (p.record.every((cell) => cell === '')) continue; // a blank line
    const row = rowOf(p);
    if (p.record.length !== header.record.length) {
      errors.push({
        row,
        column: null,
        code: 'column_count',
        message: {
          ja: `${row}行目: 列の数（${p.record.length}）が見出し（${header.record.length}）と違います`,
          en: `row ${row}: ${p.record.length} cells, the header has ${header.record.length}`,
        },
      });
      continue;
    }
    const values: Record<string, string> = {};
    names.forEach((name, i) => {
      if (name) values[name] = p.record[i] ?? '';
    });
    records.push({ row, values });
  }
  return { encoding, records, errors };
}
