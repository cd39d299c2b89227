/**
 * The font stack of every document Chromium prints to PDF (sheet PDFs, paper forms, reports).
 *
 * BIZ UDPGothic (Debian's fonts-morisawa-bizud-gothic, installed by `npm run setup:chromium`)
 * comes first because it is a TrueType (glyf) font with a real bold face: Chromium's PDF backend
 * (Skia) embeds such a font as a subset CID TrueType font with a Unicode map. The Noto CJK
 * collection is CFF, which Skia never embeds: it draws each of its glyphs as a Type 3 procedure,
 * which took ~4 times the CPU of a whole sheet PDF (about 300 ms against 80 ms per sheet) and
 * made the PDF 3 times bigger. Noto stays next in the stack for characters BIZ UD lacks and on
 * machines without it; a synthesized bold (IPAexGothic has none) falls back to Type 3 as well.
 * Its kana and Latin are proportional, no wider than the estimate of `fit-text.ts`.
 */
export const PRINT_FONT_FAMILY =
  '"BIZ UDPGothic","Noto Sans CJK JP","Noto Sans JP","Hiragino Kaku Gothic ProN",Meiryo,sans-serif';
