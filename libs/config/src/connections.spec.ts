import { ConfigError, loadConfig } from './config';
import { postgresConnectionOptions, temporalConnectionOptions } from './connections';

const pem = (what: string) => Buffer.from(`-----BEGIN ${what}-----\nAAAA\n-----END ${what}-----\n`);
const files: Record<string, Buffer> = {
  '/tls/client.pem': pem('CERTIFICATE'),
  '/tls/client.key': pem('PRIVATE KEY'),
  '/tls/ca.pem': pem('CERTIFICATE'),
  '/tls/not-pem.txt': Buffer.from('hello'),
};
const readFile = (file: string): Buffer => {
  const content = files[file];
  if (!content) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
  return content;
};
const address = 'temporal.example.jp:7233';

describe('temporalConnectionOptions', () => {
  it('is plain text without TLS settings (the embedded dev server)', () => {
    expect(temporalConnectionOptions(loadConfig({}), '127.0.0.1:7233', readFile)).toEqual({
      address: '127.0.0.1:7233',
      tls: false,
    });
  });

  it('builds mutual TLS with a CA and a server name, plus an API key', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TLS_CERT: '/tls/client.pem',
      TEMPORAL_TLS_KEY: '/tls/client.key',
      TEMPORAL_TLS_CA: '/tls/ca.pem',
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      TEMPORAL_API_KEY: 'the-key',
    });
    expect(temporalConnectionOptions(config, address, readFile)).toEqual({
      address,
      tls: {
        serverNameOverride: 'temporal.internal',
        serverRootCACertificate: files['/tls/ca.pem'],
        clientCertPair: { crt: files['/tls/client.pem'], key: files['/tls/client.key'] },
      },
      apiKey: 'the-key',
    });
  });

  it('uses TLS with the system CAs for an API key alone (Temporal Cloud), or TEMPORAL_TLS=true', () => {
    const withKey = loadConfig({ TEMPORAL_ADDRESS: address, TEMPORAL_API_KEY: 'k' });
    expect(temporalConnectionOptions(withKey, address, readFile)).toEqual({
      address,
      tls: {},
      apiKey: 'k',
    });
    const tlsOnly = loadConfig({ TEMPORAL_ADDRESS: address, TEMPORAL_TLS: 'true' });
    expect(temporalConnectionOptions(tlsOnly, address, readFile).tls).toEqual({});
    const keyNoTls = loadConfig({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_API_KEY: 'k',
      TEMPORAL_TLS: 'false',
    });
    expect(temporalConnectionOptions(keyNoTls, address, readFile).tls).toBe(false);
  });

  it.each([
    [
      { TEMPORAL_TLS_CA: '/tls/missing.pem' },
      /^TEMPORAL_TLS_CA: cannot read \/tls\/missing.pem \(ENOENT\)$/,
    ],
    [
      { TEMPORAL_TLS_CERT: '/tls/not-pem.txt', TEMPORAL_TLS_KEY: '/tls/client.key' },
      /^TEMPORAL_TLS_CERT: \/tls\/not-pem.txt is not a PEM file/,
    ],
  ])('names the variable of a file it cannot use: %j', (env, message) => {
    const config = loadConfig({ TEMPORAL_ADDRESS: address, ...env });
    expect(() => temporalConnectionOptions(config, address, readFile)).toThrow(ConfigError);
    expect(() => temporalConnectionOptions(config, address, readFile)).toThrow(message);
  });
});

describe('postgresConnectionOptions', () => {
  const url = (query = '') => `postgres://u:p@db.example.jp:5432/hyoka${query}`;

  it('is plain text with the configured pool when no sslmode is set', () => {
    const config = loadConfig({ DATABASE_URL: url(), DATABASE_POOL_MAX: '4' });
    expect(postgresConnectionOptions(config, url(), false, readFile)).toEqual({
      url: url(),
      ssl: false,
      poolSize: 4,
    });
  });

  it('never uses TLS to the embedded PostgreSQL', () => {
    const config = loadConfig({});
    expect(postgresConnectionOptions(config, 'postgres://x@127.0.0.1:54329/h', true).ssl).toBe(
      false,
    );
  });

  it('verify-full checks chain and host; the URL keeps no TLS parameters for pg to override', () => {
    const configured = url('?sslmode=verify-full&application_name=x');
    const config = loadConfig({ DATABASE_URL: configured, DATABASE_SSL_CA: '/tls/ca.pem' });
    const options = postgresConnectionOptions(config, configured, false, readFile);
    expect(options.url).toBe(url('?application_name=x'));
    expect(options.ssl).toEqual({ ca: files['/tls/ca.pem'] });
  });

  it('verify-ca checks the chain but not the host name', () => {
    const config = loadConfig({
      DATABASE_URL: url(),
      PGSSLMODE: 'verify-ca',
      PGSSLROOTCERT: '/tls/ca.pem',
    });
    const ssl = postgresConnectionOptions(config, url(), false, readFile).ssl;
    expect(ssl).not.toBe(false);
    if (ssl === false) return;
    expect(ssl.ca).toEqual(files['/tls/ca.pem']);
    expect(ssl.rejectUnauthorized).toBeUndefined();
    expect(ssl.checkServerIdentity?.('db.example.jp', {} as never)).toBeUndefined();
  });

  it('require encrypts without verifying (as libpq does without a CA file)', () => {
    const config = loadConfig({ DATABASE_URL: url('?sslmode=require') });
    expect(postgresConnectionOptions(config, url('?sslmode=require'), false, readFile)).toEqual({
      url: url(),
      ssl: { rejectUnauthorized: false },
      poolSize: 10,
    });
  });

  it('names the CA variable when its file cannot be read', () => {
    const config = loadConfig({
      DATABASE_URL: url('?sslmode=verify-full'),
      DATABASE_SSL_CA: '/nope.pem',
    });
    expect(() => postgresConnectionOptions(config, url(), false, readFile)).toThrow(
      /^DATABASE_SSL_CA: cannot read \/nope.pem \(ENOENT\)$/,
    );
  });
});
