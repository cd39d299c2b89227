import fc from 'fast-check';
import { compareCodes } from './code-order';
import { codeProblem, MAX_CODE_LENGTH, normaliseCode } from './normalise-code';

/** Full-width form of ASCII digits, letters and hyphen-minus (what a Japanese IME types). */
const fullWidth = (s: string): string =>
  s
    .replace(/[0-9A-Za-z-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
    .replace(/ /g, '\u3000');

describe('normaliseCode', () => {
  it('keeps codes as governments write them, with spaces or hyphens', () => {
    expect(normaliseCode('02 05 02')).toBe('02 05 02');
    expect(normaliseCode('02-05-02')).toBe('02-05-02');
    expect(codeProblem('02 05 02')).toBeUndefined();
    expect(codeProblem('02-05-02')).toBeUndefined();
  });

  it('turns full-width digits, spaces and dashes into ASCII and collapses spaces', () => {
    expect(normaliseCode('０２　０５　０２')).toBe('02 05 02');
    expect(normaliseCode('０２－０５－０２')).toBe('02-05-02');
    expect(normaliseCode('02−05−02')).toBe('02-05-02');
    expect(normaliseCode('02ー05ー02')).toBe('02-05-02');
    expect(normaliseCode('  02   05\t02 ')).toBe('02 05 02');
    expect(normaliseCode('ＡＢ１２')).toBe('AB12');
  });

  it('leaves a long vowel mark between kana alone', () => {
    expect(normaliseCode('データ01')).toBe('データ01');
  });

  it('refuses empty, too long, and list or path separators, saying which character', () => {
    expect(codeProblem(normaliseCode('　 '))?.code).toBe('required');
    expect(codeProblem('1'.repeat(MAX_CODE_LENGTH + 1))?.code).toBe('too_long');
    expect(codeProblem('1'.repeat(MAX_CODE_LENGTH))).toBeUndefined();
    for (const bad of ['01,02', '01;02', '01/02', '01\\02', '01\u000702']) {
      const problem = codeProblem(normaliseCode(bad));
      expect(problem?.code).toBe('invalid_character');
      expect(problem?.message.ja).toMatch(/コードに「.+」は使えません/);
      expect(problem?.message.en).toMatch(/cannot contain/);
    }
    expect(codeProblem(normaliseCode('01，02'))?.code).toBe('invalid_character');
  });

  const part = fc.stringMatching(/^[0-9]{1,4}$/);
  const parts = fc.array(part, { minLength: 1, maxLength: 5 });
  const separator = fc.constantFrom(' ', '-', '  ', '\u3000', '－', '−', '‐');

  it('is idempotent and never leaves full-width characters or double spaces (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (raw) => {
        const once = normaliseCode(raw);
        expect(normaliseCode(once)).toBe(once);
        expect(once).not.toMatch(/[\uFF01-\uFF5E\u3000]|\s{2}|^\s|\s$/u);
      }),
    );
  });

  it('reads a full-width code as its half-width twin (property)', () => {
    fc.assert(
      fc.property(parts, fc.constantFrom(' ', '-'), (ps, sep) => {
        const ascii = ps.join(sep);
        expect(normaliseCode(fullWidth(ascii))).toBe(ascii);
        expect(codeProblem(normaliseCode(fullWidth(ascii)))).toBeUndefined();
      }),
    );
  });

  const numbers = fc.array(fc.nat(9999), { minLength: 1, maxLength: 5 });
  const lexicographic = (a: readonly number[], b: readonly number[]): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] !== b[i]) return a[i]! - b[i]!;
    }
    return a.length - b.length;
  };

  it('accepts every spaced or hyphenated code and sorts it part by part by value (property)', () => {
    fc.assert(
      fc.property(numbers, numbers, separator, (a, b, sep) => {
        const x = normaliseCode(fullWidth(a.join(sep)));
        const y = normaliseCode(b.join(sep));
        expect(codeProblem(x)).toBeUndefined();
        expect(Math.sign(compareCodes(x, y))).toBe(Math.sign(lexicographic(a, b)));
      }),
    );
  });
});
