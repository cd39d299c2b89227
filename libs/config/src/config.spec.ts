import * as os from 'node:os';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs with no configuration at all: every external dependency is embedded', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.temporalAddress).toBeUndefined();
    expect(config.smtpUrl).toBeUndefined();
    expect(config.taskQueue).toBe('hyoka');
    expect(config.dataDir).toMatch(/\.data$/);
    expect(config.cacheDir).toMatch(/\.cache[/\\]hyoka$/);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.actionTimeoutMs).toBe(10_000);
    expect(config.pdfPages).toBe(os.availableParallelism());
  });

  it('takes the action timeout and the PDF pages from the environment', () => {
    const config = loadConfig({ HYOKA_ACTION_TIMEOUT_MS: '4000', HYOKA_PDF_PAGES: '3' });
    expect(config.actionTimeoutMs).toBe(4000);
    expect(config.pdfPages).toBe(3);
  });

  it('uses configured servers when given', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db.example.jp:5432/hyoka',
      TEMPORAL_ADDRESS: 'temporal.example.jp:7233',
      SMTP_URL: 'smtp://mail.example.jp:587',
      PUBLIC_URL: 'https://hyoka.example.jp/',
    });
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe('postgres://u:p@db.example.jp:5432/hyoka');
    expect(config.temporalAddress).toBe('temporal.example.jp:7233');
    expect(config.smtpUrl).toBe('smtp://mail.example.jp:587');
    expect(config.publicUrl).toBe('https://hyoka.example.jp');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', SMTP_URL: ' ' }).databaseUrl).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT: .*port number.*"abc"/],
    [{ PORT: '70000' }, /^PORT: .*between 1 and 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL: must be a URL starting with postgres:\/\//],
    [{ TEMPORAL_ADDRESS: 'http://x:7233' }, /^TEMPORAL_ADDRESS: must be host:port/],
    [
      { SMTP_URL: 'mail.example.jp' },
      /^SMTP_URL: must be a URL starting with smtp:\/\/ or smtps:\/\//,
    ],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ HYOKA_ACTION_TIMEOUT_MS: '500' }, /^HYOKA_ACTION_TIMEOUT_MS: must be at least 3000/],
    [{ HYOKA_ACTION_TIMEOUT_MS: 'soon' }, /^HYOKA_ACTION_TIMEOUT_MS: must be a number/],
    [{ HYOKA_PDF_PAGES: '0' }, /^HYOKA_PDF_PAGES: must be at least 1/],
  ])('rejects %j with one line naming the variable', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
