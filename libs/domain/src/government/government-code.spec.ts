import fc from 'fast-check';
import { checkGovernmentCode, governmentCodeCheckDigit } from './government-code';

describe('local government code check digit (総務省)', () => {
  it.each([
    ['130001', '東京都'],
    ['011002', '札幌市'],
    ['141003', '横浜市'],
    ['271004', '大阪市'],
    ['010006', '北海道'],
    ['131016', '千代田区'],
    ['220001', '静岡県 (remainder 0 → 1)'],
    ['200000', '長野県 (remainder 1 → 0)'],
  ])('accepts %s (%s)', (code) => {
    expect(checkGovernmentCode(code)).toBeNull();
  });

  it('rejects a wrong check digit, naming the right one in Japanese and English', () => {
    const problem = checkGovernmentCode('130002');
    expect(problem?.code).toBe('government_code_check_digit');
    expect(problem?.message.ja).toContain('検査数字');
    expect(problem?.message.ja).toContain('1');
    expect(problem?.message.en).toContain('check digit');
  });

  it.each(['13000', '1300011', '13000a', '', '１３０００１'])(
    'rejects the format of "%s"',
    (code) => {
      expect(checkGovernmentCode(code)?.code).toBe('government_code_format');
    },
  );

  it('accepts exactly one check digit for every five digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{5}$/), (five) => {
        const valid = [...'0123456789'].filter((d) => checkGovernmentCode(five + d) === null);
        expect(valid).toEqual([String(governmentCodeCheckDigit(five))]);
      }),
    );
  });
});
