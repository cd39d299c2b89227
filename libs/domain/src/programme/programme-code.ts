/**
 * Evaluation programmes (評価の種類): a government runs several evaluations a year side by side
 * (事務事業評価, 施策評価, 行革プラン, 総合戦略KPI), each with its own template, pipeline, calendar and
 * people. A programme is named by a short code that appears in workflow ids and public URLs
 * (`/public/<gov>/<programme>/<fy>/<code>`). Pure.
 */

/** The programme every government has from the start; existing cycles belong to it. */
export const DEFAULT_PROGRAMME = {
  code: 'jimu-jigyo',
  name: { ja: '事務事業評価', en: 'Administrative project evaluation' },
} as const;

/** What is wrong with a programme code, in Japanese and English. */
export interface ProgrammeCodeProblem {
  readonly code: 'programme_code_format';
  readonly message: { readonly ja: string; readonly en: string };
}

/**
 * A programme code: 2–40 characters of lower-case letters, digits and single hyphens, starting
 * with a letter and not ending with a hyphen. Starting with a letter keeps it apart from a fiscal
 * year in a URL (`/public/<gov>/2026` is a year, `/public/<gov>/shisaku` a programme).
 */
const PROGRAMME_CODE = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,39}$/;

/** Null when `code` is a well-formed programme code. */
export function checkProgrammeCode(code: string): ProgrammeCodeProblem | null {
  if (PROGRAMME_CODE.test(code)) return null;
  return {
    code: 'programme_code_format',
    message: {
      ja: `評価の種類のコードは半角英小文字で始まる2〜40文字の英小文字・数字・ハイフンで入力してください（「${code}」、例: shisaku）`,
      en: `A programme code is 2-40 lower-case letters, digits and single hyphens, starting with a letter ("${code}", e.g. shisaku)`,
    },
  };
}

/** True when a URL segment names a programme rather than a fiscal year. */
export function isProgrammeCode(segment: string): boolean {
  return PROGRAMME_CODE.test(segment);
}
