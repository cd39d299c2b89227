import fc from 'fast-check';
import { isUuid } from './ids';

describe('isUuid', () => {
  it('accepts every UUID in either case', () => {
    fc.assert(fc.property(fc.uuid(), (id) => isUuid(id) && isUuid(id.toUpperCase())));
  });

  it('refuses what a uuid column would refuse', () => {
    for (const value of [
      '',
      'abc',
      '12345678-1234-1234-1234-12345678901',
      ' 12345678-1234-1234-1234-123456789012',
      '12345678-1234-1234-1234-123456789012\n',
      'g2345678-1234-1234-1234-123456789012',
    ]) {
      expect(isUuid(value)).toBe(false);
    }
  });
});
