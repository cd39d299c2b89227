/**
 * Shares reads of a value among callers without ever answering one from a read that began
 * before it asked: a caller joins the read not yet begun (there is at most one per key, waiting
 * for the one in flight), else starts one. Under load, one statement answers everyone who
 * arrived while the previous one ran, and nobody sees a value older than their own request (a
 * change committed before a caller asked is in the answer it gets).
 */
export class FreshReads<K, V> {
  private readonly inFlight = new Map<K, Promise<V>>();
  private readonly next = new Map<K, Promise<V>>();

  constructor(private readonly read: (key: K) => Promise<V>) {}

  get(key: K): Promise<V> {
    const waiting = this.next.get(key);
    if (waiting) return waiting;
    const running = this.inFlight.get(key);
    if (!running) return this.begin(key);
    const queued = running.then(
      () => this.begin(key),
      () => this.begin(key),
    );
    this.next.set(key, queued);
    return queued;
  }

  private begin(key: K): Promise<V> {
    // Whoever asks from now on waits for the next read: this one may have begun before them.
    this.next.delete(key);
    const p = this.read(key).finally(() => {
      if (this.inFlight.get(key) === p) this.inFlight.delete(key);
    });
    this.inFlight.set(key, p);
    return p;
  }
}
