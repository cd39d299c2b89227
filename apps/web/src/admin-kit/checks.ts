import { codeProblem, normaliseCode, type Locale } from '@hyoka/domain';
import type { Department } from '../api-types';
import type { Issue } from './form';

/**
 * Checks of typed values (problems keyed by message, localised when shown), their conversions to
 * what the API takes, and how lists and choices name an organisation unit.
 */

/** A required text: a problem when blank. */
export function required(path: string, value: string): Issue[] {
  return value.trim() === '' ? [{ path, key: 'vRequired' }] : [];
}

/** The API's minimum (apps/api/src/auth/password-policy.ts), in characters. */
export const MIN_PASSWORD = 10;

/**
 * A new password typed twice: long enough (counted in characters, as the API counts them), and
 * the same both times. `paths` name the two fields of the form.
 */
export function newPasswordIssues(
  password: string,
  again: string,
  paths: { readonly password: string; readonly again: string } = {
    password: 'password',
    again: 'password2',
  },
): Issue[] {
  if ([...password].length < MIN_PASSWORD) return [{ path: paths.password, key: 'vPasswordShort' }];
  if (password !== again) return [{ path: paths.again, key: 'vPasswordMismatch' }];
  return [];
}

/** An optional fiscal year typed as text: 1989–2200, full-width digits accepted. */
export function optionalYear(path: string, value: string): Issue[] {
  const text = halfWidth(value).trim();
  if (text === '') return [];
  const n = Number(text);
  return /^\d{4}$/.test(text) && n >= 1989 && n <= 2200 ? [] : [{ path, key: 'vYear' }];
}

/** A later year not before the earlier one (both optional). */
export function yearOrder(path: string, from: string, to: string): Issue[] {
  const a = numberOrNull(from);
  const b = numberOrNull(to);
  return a !== null && b !== null && !Number.isNaN(a) && !Number.isNaN(b) && b < a
    ? [{ path, key: 'vYearOrder' }]
    : [];
}

/**
 * A code: required, at most 50 characters, no commas, semicolons or slashes (the API's rule,
 * `codeProblem` after `normaliseCode`: 「02 05 02」 and full-width digits are fine).
 */
export function codeIssues(path: string, value: string): Issue[] {
  const problem = codeProblem(normaliseCode(value));
  if (problem?.code === 'required') return [{ path, key: 'vRequired' }];
  return problem ? [{ path, key: 'vCode' }] : [];
}

export function halfWidth(text: string): string {
  return text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** An optional number from text (null when blank); assumes it passed its check. */
export function numberOrNull(value: string): number | null {
  const text = halfWidth(value).trim();
  return text === '' ? null : Number(text);
}

export function textOrNull(value: string): string | null {
  const text = value.trim();
  return text === '' ? null : text;
}

/** A fiscal-year range for a table cell: 「2019–2028」, 「2019–」, or 「—」. */
export function yearsText(from: number | null, to: number | null): string {
  if (from === null && to === null) return '—';
  return `${from ?? ''}–${to ?? ''}`;
}

/** What has a code and names: a department, a section, a project. */
export type Named = Pick<Department, 'code' | 'nameJa' | 'nameEn'>;

/** A department or section that can be chosen. */
export type Unit = Named & Pick<Department, 'id'>;

/** The name of an organisation unit in the UI's language (English falls back to Japanese). */
export function unitName(unit: Pick<Named, 'nameJa' | 'nameEn'>, locale: Locale): string {
  return locale === 'en' && unit.nameEn ? unit.nameEn : unit.nameJa;
}

/** 「0101 企画政策課」: the code and name by which lists, choices and messages name a unit. */
export function codeName(unit: Named, locale: Locale): string {
  return `${unit.code} ${unitName(unit, locale)}`;
}
