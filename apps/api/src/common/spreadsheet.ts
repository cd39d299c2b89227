/**
 * OWASP CSV injection: a text cell that a spreadsheet could read as a formula starts with
 * = + - @, a tab or a carriage return, or their full-width forms (which Japanese IMEs type).
 * Every CSV and xlsx export of user text goes through here.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Whether a text cell starts like a formula. */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** The cell with a leading apostrophe when it starts like a formula, so it is shown, never run. */
export function neutraliseFormula(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}
