// The embedded default: everything in this process's memory. Transactions
// run one after another, so each is atomic with respect to the others.
import type { Store, StoreCounts, Transaction, UserRecord } from './store.js';

/** A piece of v2 bookkeeping and when it expires (ms since the epoch). */
interface Data {
  value: unknown;
  expires: number;
}

/** Expired data is swept at most this often (reads skip it in between). */
const SWEEP_MS = 60_000;

export class MemoryStore implements Store {
  private readonly users = new Map<string, UserRecord>();
  private readonly data = new Map<string, Data>();
  private queued: readonly string[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private swept = Date.now();

  async get(key: string): Promise<UserRecord | undefined> {
    return this.users.get(key);
  }

  peek(key: string): UserRecord | undefined {
    return this.users.get(key);
  }

  transact<T>(operation: (tx: Transaction) => Promise<T>): Promise<T> {
    const run = this.tail.then(() => this.run(operation));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async run<T>(operation: (tx: Transaction) => Promise<T>): Promise<T> {
    const writes = new Map<string, UserRecord | null>();
    const dataWrites = new Map<string, Data | null>();
    let queue: readonly string[] | undefined;
    const tx: Transaction = {
      get: async (key) => {
        const written = writes.get(key);
        return written === null ? undefined : (written ?? this.users.get(key));
      },
      set: (key, record) => void writes.set(key, record),
      delete: (key) => void writes.set(key, null),
      queue: async () => queue ?? this.queued,
      setQueue: (keys) => void (queue = keys),
      getData: async <T>(key: string) => {
        const entry = dataWrites.has(key) ? dataWrites.get(key) : this.data.get(key);
        // A deep copy, as Redis would give: the caller may build on it.
        return entry && entry.expires > Date.now() ? (structuredClone(entry.value) as T) : undefined;
      },
      setData: (key, value, ttlMs) =>
        void dataWrites.set(key, { value: structuredClone(value), expires: Date.now() + Math.max(1, ttlMs) }),
      deleteData: (key) => void dataWrites.set(key, null),
    };
    const result = await operation(tx);
    for (const [key, record] of writes) {
      if (record) this.users.set(key, record);
      else this.users.delete(key);
    }
    for (const [key, entry] of dataWrites) {
      if (entry) this.data.set(key, entry);
      else this.data.delete(key);
    }
    if (queue) this.queued = queue;
    this.sweep();
    return result;
  }

  /** Drops expired data, at most once a minute. */
  private sweep(): void {
    const now = Date.now();
    if (now - this.swept < SWEEP_MS) return;
    this.swept = now;
    for (const [key, entry] of this.data) if (entry.expires <= now) this.data.delete(key);
  }

  /** How many pieces of v2 bookkeeping are kept, expired or not (tests: nothing grows without bound). */
  get dataSize(): number {
    return this.data.size;
  }

  async counts(): Promise<StoreCounts> {
    let pending = 0;
    let calls = 0;
    for (const user of this.users.values()) {
      if (user.link?.role !== 'caller') continue;
      if (user.link.state === 'pending') pending++;
      else calls++;
    }
    return { users: this.users.size, pending, calls, queued: this.queued.length };
  }

  async close(): Promise<void> {
    this.users.clear();
    this.data.clear();
    this.queued = [];
  }
}
