/**
 * OWASP CSV injection: a text cell that a spreadsheet could read as a formula starts with
 * = + - @, a tab or a carriage return, or their full-width forms (which Japanese IMEs type).
 * Every CSV and xlsx export of user text goes through here.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A plain signed decimal such as `-12.5` stays a number in a spreadsheet: never a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Whether a text cell starts like a formula. */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** Whether a text cell would be read as a formula (a plain number such as `-12.5` is not). */
export function looksLikeFormula(text: string): boolean {
  return startsLikeFormula(text) && !PLAIN_NUMBER.test(text);
}

/** The cell with a leading apostrophe when it would start a formula, so it is shown, never run. */
export function neutraliseFormula(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}
