import './register-paths';
import * as fs from 'node:fs';
import type { EmbeddedPostgres, TemporalDevServer } from '@hyoka/platform';

export default async function globalTeardown(): Promise<void> {
  const servers = (globalThis as Record<string, unknown>)['__hyokaTestServers'] as
    { postgres: EmbeddedPostgres; temporal: TemporalDevServer; runDir: string } | undefined;
  if (!servers) return;
  await Promise.all([servers.postgres.stop(), servers.temporal.stop()]);
  fs.rmSync(servers.runDir, { recursive: true, force: true });
}
