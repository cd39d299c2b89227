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
    expect(config.shutdownGraceMs).toBe(25_000);
    expect(config.cycleRecountMs).toBe(300_000);
    expect(config.pdfPages).toBe(os.availableParallelism());
  });

  it('takes the shutdown grace period from the environment, within bounds', () => {
    expect(loadConfig({ HYOKA_SHUTDOWN_GRACE_MS: '5000' }).shutdownGraceMs).toBe(5000);
    expect(() => loadConfig({ HYOKA_SHUTDOWN_GRACE_MS: '10' })).toThrow(
      'HYOKA_SHUTDOWN_GRACE_MS: must be at least 1000 (1 s) (got "10")',
    );
  });

  it('takes the cycle recount interval from the environment, in whole seconds', () => {
    expect(loadConfig({ HYOKA_CYCLE_RECOUNT_SECONDS: '2' }).cycleRecountMs).toBe(2000);
    expect(() => loadConfig({ HYOKA_CYCLE_RECOUNT_SECONDS: '0' })).toThrow(
      'HYOKA_CYCLE_RECOUNT_SECONDS: must be at least 1 (got "0")',
    );
    expect(() => loadConfig({ HYOKA_CYCLE_RECOUNT_SECONDS: 'often' })).toThrow(
      /^HYOKA_CYCLE_RECOUNT_SECONDS: must be a number of seconds/,
    );
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

describe('fleet configuration', () => {
  it('reads pool size, PostgreSQL TLS, Temporal security and metrics from the environment', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db.example.jp/hyoka?sslmode=verify-full',
      DATABASE_POOL_MAX: '25',
      DATABASE_SSL_CA: '/etc/hyoka/pg-ca.pem',
      TEMPORAL_ADDRESS: 'temporal.example.jp:7233',
      TEMPORAL_TLS_CERT: '/etc/hyoka/client.pem',
      TEMPORAL_TLS_KEY: '/etc/hyoka/client.key',
      TEMPORAL_TLS_CA: '/etc/hyoka/ca.pem',
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      TEMPORAL_API_KEY: 'secret-key',
      METRICS_TOKEN: 'a-long-enough-metrics-token',
      HYOKA_WORKER_METRICS_ADDRESS: '127.0.0.1:9464',
    });
    expect(config.databasePoolMax).toBe(25);
    expect(config.databaseTls).toEqual({
      sslMode: 'verify-full',
      caFile: '/etc/hyoka/pg-ca.pem',
      caVariable: 'DATABASE_SSL_CA',
    });
    expect(config.temporalSecurity).toEqual({
      tls: undefined,
      certFile: '/etc/hyoka/client.pem',
      keyFile: '/etc/hyoka/client.key',
      caFile: '/etc/hyoka/ca.pem',
      serverName: 'temporal.internal',
      apiKey: 'secret-key',
    });
    expect(config.metricsToken).toBe('a-long-enough-metrics-token');
    expect(config.workerMetricsAddress).toBe('127.0.0.1:9464');
  });

  it('defaults to a pool of 10, no TLS, no metrics token', () => {
    const config = loadConfig({});
    expect(config.databasePoolMax).toBe(10);
    expect(config.databaseTls.sslMode).toBeUndefined();
    expect(config.databaseTls.caFile).toBeUndefined();
    expect(config.metricsToken).toBeUndefined();
    expect(config.workerMetricsAddress).toBeUndefined();
  });

  it('takes PGSSLMODE when DATABASE_URL names no sslmode', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db/hyoka', PGSSLMODE: 'require' });
    expect(config.databaseTls.sslMode).toBe('require');
  });

  const temporal = { TEMPORAL_ADDRESS: 'temporal.example.jp:7233' };
  it.each([
    [
      { ...temporal, TEMPORAL_TLS_CERT: '/c.pem' },
      /^TEMPORAL_TLS_KEY: must be set with TEMPORAL_TLS_CERT/,
    ],
    [
      { ...temporal, TEMPORAL_TLS_KEY: '/c.key' },
      /^TEMPORAL_TLS_CERT: must be set with TEMPORAL_TLS_KEY/,
    ],
    [
      { ...temporal, TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA: '/ca.pem' },
      /^TEMPORAL_TLS: is false but TEMPORAL_TLS_CA is set/,
    ],
    [{ TEMPORAL_API_KEY: 'k' }, /^TEMPORAL_ADDRESS: must be set with TEMPORAL_API_KEY/],
    [{ TEMPORAL_TLS: 'yes' }, /^TEMPORAL_TLS: must be true or false/],
    [{ DATABASE_POOL_MAX: '0' }, /^DATABASE_POOL_MAX: must be at least 1/],
    [{ DATABASE_POOL_MAX: 'many' }, /^DATABASE_POOL_MAX: must be a number/],
    [
      { DATABASE_URL: 'postgres://db/h?sslmode=prefer' },
      /^DATABASE_URL: sslmode must be one of disable, no-verify, require, verify-ca, verify-full/,
    ],
    [{ DATABASE_URL: 'postgres://db/h', PGSSLMODE: 'allow' }, /^PGSSLMODE: sslmode must be one of/],
    [{ PGSSLMODE: 'require' }, /^DATABASE_URL: must be set with PGSSLMODE/],
    [
      { DATABASE_URL: 'postgres://db/h', PGSSLMODE: 'disable', DATABASE_SSL_CA: '/ca.pem' },
      /^PGSSLMODE: sslmode is disable but DATABASE_SSL_CA is set/,
    ],
    [{ METRICS_TOKEN: 'short' }, /^METRICS_TOKEN: must be at least 16 characters/],
    [{ HYOKA_WORKER_METRICS_ADDRESS: '9464' }, /^HYOKA_WORKER_METRICS_ADDRESS: must be host:port/],
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
