import * as fs from 'node:fs';
import * as net from 'node:net';
import { freePort, isPortFree } from './ports';

const listen = (port: number): Promise<net.Server> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => resolve(server));
  });

const close = (server: net.Server): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()));

describe('freePort', () => {
  it('hands out bindable ports below the range the kernel gives to listen(0), never twice', async () => {
    const [ephemeralLow] = fs
      .readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .split(/\s+/)
      .map(Number);
    const ports: number[] = [];
    for (let i = 0; i < 50; i += 1) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) expect(port).toBeLessThan(ephemeralLow ?? 32768);
    // What the kernel hands to a process binding port 0 meanwhile is never one of them.
    const others = await Promise.all(Array.from({ length: 20 }, () => listen(0)));
    try {
      const taken = others.map((s) => (s.address() as net.AddressInfo).port);
      expect(taken.filter((p) => ports.includes(p))).toEqual([]);
    } finally {
      await Promise.all(others.map(close));
    }
    const server = await listen(ports[0] ?? 0);
    expect(await isPortFree(ports[0] ?? 0)).toBe(false);
    await close(server);
  });
});
