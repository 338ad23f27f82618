// The embedded default: everything in this process's memory. Transactions
// run one after another, so each is atomic with respect to the others.
import type { Store, StoreCounts, Transaction, UserRecord } from './store.js';

export class MemoryStore implements Store {
  private readonly users = new Map<string, UserRecord>();
  private queued: readonly string[] = [];
  private tail: Promise<unknown> = Promise.resolve();

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
    };
    const result = await operation(tx);
    for (const [key, record] of writes) {
      if (record) this.users.set(key, record);
      else this.users.delete(key);
    }
    if (queue) this.queued = queue;
    return result;
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
    this.queued = [];
  }
}
