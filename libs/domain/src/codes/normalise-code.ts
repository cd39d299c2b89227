import type { LocalizedText } from '../i18n';

/**
 * Codes (事業番号, 課コード, 施策体系コード) as governments write them: 「02 05 02」,
 * 「02-05-02」, 「０２－０５－０２」 typed in a Japanese IME, 「02\u300005\u300002」 with ideographic
 * spaces. One spelling is stored so that the same code typed twice is the same code:
 *
 * - NFKC: full-width digits, letters, spaces and hyphen-minus become their ASCII forms;
 * - dashes (‐ ‑ ‒ – — ― − and a 「ー」 between digits) become "-";
 * - leading and trailing spaces are dropped, and a run of spaces inside becomes one space.
 *
 * Normalisation happens where a code enters the system: the administrator's API (departments,
 * sections, projects, policy nodes), the CSV imports (the code and every code a row refers to),
 * and the public portal's URLs (a code typed in full width finds the project).
 */
export function normaliseCode(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63]/gu, '-')
    .replace(/(?<=[0-9])[ー\uFF70](?=[0-9])/gu, '-')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Longest code, counted in characters after normalisation. */
export const MAX_CODE_LENGTH = 50;

/** Characters a code may not hold: separators of CSV lists and of URL paths, control characters. */
const FORBIDDEN = /[,;/\\\p{Cc}]/u;

/**
 * What is wrong with a normalised code, if anything: empty, too long, or a forbidden character
 * (commas and semicolons separate lists in CSV cells, slashes separate URL segments).
 */
export function codeProblem(code: string): { code: string; message: LocalizedText } | undefined {
  if (code === '') {
    return { code: 'required', message: { ja: 'コードを入力してください', en: 'required' } };
  }
  if ([...code].length > MAX_CODE_LENGTH) {
    return {
      code: 'too_long',
      message: {
        ja: `コードが長すぎます（${MAX_CODE_LENGTH}文字まで）`,
        en: `at most ${MAX_CODE_LENGTH} characters`,
      },
    };
  }
  const bad = FORBIDDEN.exec(code)?.[0];
  if (bad !== undefined) {
    const shown = /\p{Cc}/u.test(bad)
      ? `U+${bad.codePointAt(0)!.toString(16).padStart(4, '0')}`
      : bad;
    return {
      code: 'invalid_character',
      message: {
        ja: `コードに「${shown}」は使えません（カンマ・セミコロン・スラッシュ・制御文字は使用不可。空白とハイフンは使えます）`,
        en: `a code cannot contain "${shown}" (no commas, semicolons, slashes or control characters; spaces and hyphens are fine)`,
      },
    };
  }
  return undefined;
}
