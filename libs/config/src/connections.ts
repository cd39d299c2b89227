import * as fs from 'node:fs';
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { ConfigError, type AppConfig } from './config';

/**
 * TLS of a Temporal connection, in the shape both `@temporalio/client`'s `Connection.connect`
 * and `@temporalio/worker`'s `NativeConnection.connect` take (`TLSConfig`).
 */
export interface TemporalTls {
  readonly serverNameOverride?: string;
  readonly serverRootCACertificate?: Buffer;
  readonly clientCertPair?: { readonly crt: Buffer; readonly key: Buffer };
}

/** What the API's client and the worker's native connection are built from. */
export interface TemporalConnectionOptions {
  readonly address: string;
  /** `false`: plain text (the embedded dev server, or a cluster without TLS). */
  readonly tls: TemporalTls | false;
  readonly apiKey?: string;
}

type ReadFile = (file: string) => Buffer;

/** Reads a PEM file named by a variable; one line naming the variable when it cannot. */
function pemFile(variable: string, file: string, readFile: ReadFile): Buffer {
  let content: Buffer;
  try {
    content = readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`${variable}: cannot read ${file} (${reason})`);
  }
  if (!content.toString('latin1').includes('-----BEGIN '))
    throw new ConfigError(`${variable}: ${file} is not a PEM file (no -----BEGIN line)`);
  return content;
}

/**
 * The Temporal connection of this process, from TEMPORAL_TLS, TEMPORAL_TLS_CERT / _KEY (mutual
 * TLS), TEMPORAL_TLS_CA, TEMPORAL_TLS_SERVER_NAME and TEMPORAL_API_KEY (checked by `loadConfig`).
 * TLS is on when any of them is set (an API key alone: TLS with the system's CAs, as Temporal
 * Cloud expects) unless TEMPORAL_TLS=false. Throws a {@link ConfigError} when a file cannot be read.
 */
export function temporalConnectionOptions(
  config: Pick<AppConfig, 'temporalSecurity'>,
  address: string,
  readFile: ReadFile = (file) => fs.readFileSync(file),
): TemporalConnectionOptions {
  const s = config.temporalSecurity;
  const wantsTls =
    s.tls ??
    (s.certFile !== undefined ||
      s.caFile !== undefined ||
      s.serverName !== undefined ||
      s.apiKey !== undefined);
  const tls: TemporalTls | false = wantsTls
    ? {
        ...(s.serverName ? { serverNameOverride: s.serverName } : {}),
        ...(s.caFile
          ? { serverRootCACertificate: pemFile('TEMPORAL_TLS_CA', s.caFile, readFile) }
          : {}),
        ...(s.certFile && s.keyFile
          ? {
              clientCertPair: {
                crt: pemFile('TEMPORAL_TLS_CERT', s.certFile, readFile),
                key: pemFile('TEMPORAL_TLS_KEY', s.keyFile, readFile),
              },
            }
          : {}),
      }
    : false;
  return { address, tls, ...(s.apiKey ? { apiKey: s.apiKey } : {}) };
}

/** A PostgreSQL connection of this process: the URL (without its TLS parameters), TLS, pool. */
export interface PostgresConnectionOptions {
  readonly url: string;
  readonly ssl: TlsConnectionOptions | false;
  readonly poolSize: number;
}

/** libpq's TLS parameters, which node-postgres would read from the URL over our `ssl`. */
const URL_TLS_PARAMETERS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'uselibpqcompat'];

/**
 * How this process connects to PostgreSQL. TLS follows libpq's `sslmode` (in DATABASE_URL, else
 * PGSSLMODE): `disable` (and unset) plain text; `no-verify` / `require` encrypted without checking
 * the server (`require` with a CA file checks the chain, as libpq does); `verify-ca` checks the
 * chain against DATABASE_SSL_CA (or PGSSLROOTCERT; default: the system's CAs); `verify-full` also
 * the host name. The embedded PostgreSQL (`embedded`) is always plain text on the loopback.
 */
export function postgresConnectionOptions(
  config: Pick<AppConfig, 'databaseTls' | 'databasePoolMax'>,
  url: string,
  embedded: boolean,
  readFile: ReadFile = (file) => fs.readFileSync(file),
): PostgresConnectionOptions {
  const poolSize = config.databasePoolMax;
  let cleaned = url;
  try {
    const u = new URL(url);
    for (const p of URL_TLS_PARAMETERS) u.searchParams.delete(p);
    cleaned = u.toString();
  } catch {
    // loadConfig has checked configured URLs; an embedded one is well-formed.
  }
  const { sslMode, caFile, caVariable } = config.databaseTls;
  if (embedded || sslMode === 'disable' || (sslMode === undefined && !caFile))
    return { url: cleaned, ssl: false, poolSize };
  const ca = caFile ? { ca: pemFile(caVariable, caFile, readFile) } : {};
  switch (sslMode) {
    case 'no-verify':
      return { url: cleaned, ssl: { rejectUnauthorized: false }, poolSize };
    case 'require':
      return caFile
        ? { url: cleaned, ssl: { ...ca, checkServerIdentity: () => undefined }, poolSize }
        : { url: cleaned, ssl: { rejectUnauthorized: false }, poolSize };
    case 'verify-ca':
      return { url: cleaned, ssl: { ...ca, checkServerIdentity: () => undefined }, poolSize };
    case undefined:
    default:
      // verify-full, or a CA file without a mode: check the chain and the host name.
      return { url: cleaned, ssl: { ...ca }, poolSize };
  }
}
