/**
 * How big text may be printed to fit a ruled box of the paper form: the largest size, from
 * `maxPt` down to `minPt` in half points, at which the text's estimated lines fit the box's
 * height. An estimate (CJK characters one em wide, others about half), erring on the small side;
 * at `minPt` text that still does not fit makes its row taller, so nothing is cut.
 */
export interface FitBox {
  readonly widthMm: number;
  /** Undefined: the box grows with its text (no fitting). */
  readonly heightMm: number | undefined;
  readonly maxPt: number;
  readonly minPt: number;
}

const MM_PER_PT = 25.4 / 72;
const LINE_HEIGHT = 1.25;

/** Width of a character in ems: full width for CJK and symbols, about half for Latin and digits. */
function charEm(code: number): number {
  return code < 0x2e80 && !(code >= 0x2010 && code <= 0x2bff) ? 0.58 : 1;
}

/** Lines the text takes in a box `widthMm` wide at `pt`. */
export function estimateLines(text: string, widthMm: number, pt: number): number {
  const perLineEm = Math.max(1, widthMm / (pt * MM_PER_PT));
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let em = 0;
    for (const ch of paragraph) em += charEm(ch.codePointAt(0) ?? 0);
    lines += Math.max(1, Math.ceil(em / perLineEm));
  }
  return lines;
}

export function fitFontSize(text: string, box: FitBox): number {
  if (box.heightMm === undefined || text === '') return box.maxPt;
  for (let pt = box.maxPt; pt > box.minPt; pt -= 0.5) {
    const height = estimateLines(text, box.widthMm, pt) * pt * MM_PER_PT * LINE_HEIGHT;
    if (height <= box.heightMm) return pt;
  }
  return box.minPt;
}
