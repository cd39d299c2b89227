import { createApiApp } from '../../apps/api/src/bootstrap';
import { createLogger, loadConfig, systemClock } from '@hyoka/config';
import { Mailer } from '@hyoka/mail';
import { createDataSource } from '@hyoka/persistence';
import { freePort } from '@hyoka/platform';
import { startTestSystem, type TestSystem } from '../support/system';

interface HealthBody {
  status: string;
  down: string[];
  dependencies: Record<string, { status: string; latencyMs: number; error?: string }>;
}

describe('GET /health', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('answers 200 naming database, temporal and mail as up', async () => {
    const res = await system.fetch('/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as HealthBody;
    expect(body.status).toBe('ok');
    expect(body.down).toEqual([]);
    expect(Object.keys(body.dependencies).sort()).toEqual(['database', 'mail', 'temporal']);
    for (const dep of Object.values(body.dependencies)) expect(dep.status).toBe('up');
  });

  it('answers 503 naming the database when PostgreSQL cannot be reached', async () => {
    const deadPort = await freePort();
    const dataSource = createDataSource({ url: `postgres://nobody:x@127.0.0.1:${deadPort}/none` });
    const config = loadConfig({ NODE_ENV: 'test' });
    const app = await createApiApp(
      {
        config,
        dataSource,
        temporal: system.temporal,
        mailer: system.mailer,
        clock: systemClock,
        sink: undefined,
      },
      createLogger('test', 'silent'),
    );
    const port = await freePort();
    await app.listen(port, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as HealthBody;
      expect(body.down).toEqual(['database']);
      expect(body.dependencies['database']?.error).toBeTruthy();
      expect(body.dependencies['temporal']?.status).toBe('up');
    } finally {
      await app.close();
    }
  });

  it('answers 503 naming mail when the SMTP server stops, and 200 again when it returns', async () => {
    const port = system.sink.port;
    await system.sink.stop();
    const down = await system.fetch('/health');
    expect(down.status).toBe(503);
    expect(((await down.json()) as HealthBody).down).toEqual(['mail']);

    // A fresh mailer to the same port once a server listens there again.
    const { SmtpSink } = await import('@hyoka/platform');
    const again = new SmtpSink({ port });
    await again.start();
    try {
      const mailer = new Mailer(again.url, 'test@hyoka.localhost');
      await expect(mailer.verify()).resolves.toBeUndefined();
      mailer.close();
      const up = await system.fetch('/health');
      expect(up.status).toBe(200);
    } finally {
      await again.stop();
    }
  });
});
