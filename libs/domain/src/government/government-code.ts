/**
 * The 全国地方公共団体コード (local government code of the Ministry of Internal Affairs and
 * Communications, 総務省): 2 digits of prefecture, 3 of municipality (000 for the prefecture
 * itself), and a check digit. For the five digits d1..d5 the weighted sum is
 * d1·6 + d2·5 + d3·4 + d4·3 + d5·2; with r = sum mod 11 the check digit is (11 − r) mod 10, so a
 * remainder of 1 gives 0 and a remainder of 0 gives 1 (静岡県 220001, 長野県 200000). Pure.
 */

const WEIGHTS = [6, 5, 4, 3, 2] as const;

/** The check digit of the first five digits of a code. */
export function governmentCodeCheckDigit(fiveDigits: string): number {
  if (!/^\d{5}$/.test(fiveDigits)) throw new Error(`five digits expected, got "${fiveDigits}"`);
  let sum = 0;
  for (let i = 0; i < 5; i++) sum += Number(fiveDigits[i]) * WEIGHTS[i]!;
  return (11 - (sum % 11)) % 10;
}

/** What is wrong with a government code, in Japanese and English. */
export interface GovernmentCodeProblem {
  readonly code: 'government_code_format' | 'government_code_check_digit';
  readonly message: { readonly ja: string; readonly en: string };
}

/** Null when `code` is a well-formed 6-digit code whose check digit is right. */
export function checkGovernmentCode(code: string): GovernmentCodeProblem | null {
  if (!/^\d{6}$/.test(code)) {
    return {
      code: 'government_code_format',
      message: {
        ja: `地方公共団体コードは半角数字6桁で入力してください（「${code}」）`,
        en: `The local government code must be 6 digits ("${code}")`,
      },
    };
  }
  const expected = governmentCodeCheckDigit(code.slice(0, 5));
  if (Number(code[5]) !== expected) {
    return {
      code: 'government_code_check_digit',
      message: {
        ja: `地方公共団体コード「${code}」の検査数字が正しくありません（6桁目は ${expected} のはずです）`,
        en: `The check digit of local government code "${code}" is wrong (the 6th digit should be ${expected})`,
      },
    };
  }
  return null;
}
