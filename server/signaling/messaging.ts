// Reaching users: each user's live connection on this process by key, the
// rooms that reach users on other processes of a cluster, and running a
// rule of calls.ts then delivering the messages it returns.
import type { Delivery, Outcome } from '../rules/calls.js';
import type { ServerToClientEvents } from '../../protocol/index.js';
import type { Store, Transaction } from '../store/store.js';
import type { IoServer, IoSocket } from './connection.js';

function room(key: string): string {
  return `u:${key}`;
}

export class Messaging {
  /** Each user's live connection on this process, by key. */
  private readonly connections = new Map<string, IoSocket>();

  constructor(
    private readonly io: IoServer,
    private readonly store: Store,
    /** Whether other processes share the users (an adapter reaches them through rooms). */
    private readonly clustered: boolean,
  ) {}

  /** Makes `socket` the user's connection here. */
  attach(key: string, socket: IoSocket): void {
    this.connections.set(key, socket);
    // Rooms reach users on other processes; alone, the map is enough.
    if (this.clustered) socket.join(room(key));
  }

  /** Forgets `socket` as the user's connection, unless a newer one took its place. */
  detach(key: string, socket: IoSocket): void {
    if (this.connections.get(key) === socket) this.connections.delete(key);
  }

  /**
   * Sends to a user: straight to the socket when it is here (no broadcast
   * machinery on the relay path), else through the user's room, which only
   * exists in a cluster where the adapter reaches the other processes.
   */
  send<E extends keyof ServerToClientEvents>(key: string, event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    const socket = this.connections.get(key);
    if (socket) (socket.emit as (e: E, p: typeof payload) => void)(event, payload);
    else if (this.clustered) (this.io.to(room(key)).emit as (e: E, p: typeof payload) => void)(event, payload);
  }

  deliver(list: Delivery[]): void {
    for (const d of list) this.send(d.to, d.event, d.payload as never);
  }

  /** Runs a rule atomically, then delivers its messages. */
  async apply<T>(rule: (tx: Transaction) => Promise<Outcome<T>>): Promise<T> {
    const outcome = await this.store.transact(rule);
    this.deliver(outcome.deliver);
    return outcome.value;
  }
}
