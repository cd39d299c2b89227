import { checkProgrammeCode, DEFAULT_PROGRAMME, isProgrammeCode } from './programme-code';

describe('programme codes', () => {
  it('accepts URL-safe codes that start with a letter', () => {
    for (const code of [
      'jimu-jigyo',
      'shisaku',
      'gyokaku',
      'kpi2026',
      'ab',
      DEFAULT_PROGRAMME.code,
    ])
      expect(checkProgrammeCode(code)).toBeNull();
  });

  it('refuses digits only (a fiscal year), upper case, spaces, slashes and stray hyphens', () => {
    for (const code of [
      '2026',
      '7',
      'Shisaku',
      'shi saku',
      'a/b',
      '-abc',
      'abc-',
      'a--b',
      'a',
      '施策',
      'x'.repeat(41),
    ]) {
      const problem = checkProgrammeCode(code);
      expect(problem?.code).toBe('programme_code_format');
      expect(problem?.message.ja).toContain(code);
      expect(problem?.message.en).toContain(code);
    }
  });

  it('tells a programme segment from a fiscal year', () => {
    expect(isProgrammeCode('shisaku')).toBe(true);
    expect(isProgrammeCode('2026')).toBe(false);
  });
});
