import fc from 'fast-check';
import { FreshReads } from './fresh-read';

interface Read {
  readonly key: string;
  readonly startedAt: number;
  readonly value: number;
  resolve(): void;
  reject(): void;
}

/** Lets the promise callbacks queued so far run. */
const settle = () => new Promise<void>((r) => setImmediate(r));

describe('FreshReads', () => {
  it('answers every caller from a read begun after it asked, one read in flight per key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('get' as const), key: fc.constantFrom('a', 'b') }),
            fc.record({ op: fc.constant('finish' as const), fail: fc.boolean() }),
          ),
          { maxLength: 60 },
        ),
        async (ops) => {
          let clock = 0;
          const running: Read[] = [];
          const reads: Read[] = [];
          const fresh = new FreshReads<string, number>((key) => {
            if (running.some((r) => r.key === key)) throw new Error(`two reads of ${key} at once`);
            return new Promise<number>((resolve, reject) => {
              const value = reads.length;
              const read: Read = {
                key,
                startedAt: ++clock,
                value,
                resolve: () => resolve(value),
                reject: () => reject(new Error(`read ${value} failed`)),
              };
              reads.push(read);
              running.push(read);
            });
          });
          const calls: { key: string; askedAt: number; answer: Promise<number | Error> }[] = [];
          const finish = async (fail: boolean) => {
            const read = running.shift();
            if (!read) return;
            if (fail) read.reject();
            else read.resolve();
            await settle();
          };
          for (const o of ops) {
            if (o.op === 'get') {
              const askedAt = ++clock;
              calls.push({
                key: o.key,
                askedAt,
                answer: fresh.get(o.key).catch((e: Error) => e),
              });
              await settle();
            } else await finish(o.fail);
          }
          while (running.length > 0) await finish(false);
          for (const c of calls) {
            const answer = await c.answer;
            const value =
              answer instanceof Error ? Number(/read (\d+)/.exec(answer.message)![1]) : answer;
            const read = reads[value]!;
            expect(read.key).toBe(c.key);
            expect(read.startedAt).toBeGreaterThan(c.askedAt);
          }
          expect(reads.length).toBeLessThanOrEqual(calls.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('shares one read among everyone who asked while the previous one ran', async () => {
    const resolvers: (() => void)[] = [];
    let n = 0;
    const fresh = new FreshReads<string, number>(
      () => new Promise((r) => resolvers.push(() => r(++n))),
    );
    const first = fresh.get('k');
    const waiting = [fresh.get('k'), fresh.get('k'), fresh.get('k')];
    expect(resolvers).toHaveLength(1);
    resolvers[0]!();
    expect(await first).toBe(1);
    await settle();
    expect(resolvers).toHaveLength(2);
    resolvers[1]!();
    expect(await Promise.all(waiting)).toEqual([2, 2, 2]);
  });
});
