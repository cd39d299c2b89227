import { requiredNodeVersion, unsupportedNodeMessage } from './runtime';

describe('the supported Node.js version', () => {
  it('is the one package.json declares', () => {
    expect(requiredNodeVersion()).toMatch(/^24\.\d+(\.\d+)?$/);
  });

  it('refuses an older Node.js with one line naming both versions', () => {
    const message = unsupportedNodeMessage('20.19.0', '24.11');
    expect(message).toContain('24.11');
    expect(message).toContain('20.19.0');
    expect(message).not.toContain('\n');
    expect(unsupportedNodeMessage('24.10.9', '24.11')).not.toBeNull();
  });

  it('accepts the declared version and later ones', () => {
    expect(unsupportedNodeMessage('24.11.0', '24.11')).toBeNull();
    expect(unsupportedNodeMessage('v24.22.3', '24.11')).toBeNull();
    expect(unsupportedNodeMessage('26.0.0', '24.11')).toBeNull();
  });

  it('runs the tests on a supported Node.js', () => {
    expect(unsupportedNodeMessage()).toBeNull();
  });
});
