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

  it('answers /health/live and /health/ready for load balancers: 200 with everything up', async () => {
    const live = await system.fetch('/health/live');
    expect(live.status).toBe(200);
    expect(live.headers.get('cache-control')).toBe('no-store');
    expect(await live.json()).toEqual({ status: 'live' });
    const ready = await system.fetch('/health/ready');
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as HealthBody;
    expect(body.status).toBe('ready');
    expect(body.down).toEqual([]);
    expect(Object.keys(body.dependencies).sort()).toEqual(['database', 'temporal']);
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
      // Not ready (a load balancer sends it nothing), but alive (no restart would help).
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unready', down: ['database'] });
      const live = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect(live.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('stays 200 (degraded, naming mail) and ready when the SMTP server stops: mail waits in the outbox', async () => {
    const port = system.sink.port;
    await system.sink.stop();
    const down = await system.fetch('/health');
    expect(down.status).toBe(200);
    expect(await down.json()).toMatchObject({
      status: 'degraded',
      down: ['mail'],
      degraded: ['mail'],
      dependencies: { mail: { status: 'down' } },
    });
    const ready = await system.fetch('/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', down: [] });

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
      expect(await up.json()).toMatchObject({ status: 'ok', down: [], degraded: [] });
    } finally {
      await again.stop();
    }
  });
});
