// Reaching users: each user's live connection on this process by key, the
// rooms that reach users on other processes of a cluster, and running a
// rule of calls.ts then delivering the messages it returns.
import type { Delivery, Outcome } from '../rules/calls.js';
import type { IceCandidate, ServerToClientEvents } from '../../protocol/index.js';
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

  /**
   * v2.1: relays candidates (in order) as one batch to a connection that
   * announced "candidate-batch", else one message per candidate. Here, the
   * connection says; on another process, the user's record does (read only
   * then: the promise resolves once sent).
   */
  sendCandidates(key: string, from: string, candidates: IceCandidate[]): void | Promise<void> {
    const socket = this.connections.get(key);
    if (socket) return this.emitCandidates(socket.data.batches, (payload) => socket.emit('ICE_CANDIDATE_RECEIVED', payload), from, candidates);
    if (!this.clustered) return;
    return this.store.get(key).then((record) => {
      this.emitCandidates(record?.batches === true, (payload) => this.io.to(room(key)).emit('ICE_CANDIDATE_RECEIVED', payload), from, candidates);
    });
  }

  private emitCandidates(
    batches: boolean,
    emit: (payload: Parameters<ServerToClientEvents['ICE_CANDIDATE_RECEIVED']>[0]) => void,
    from: string,
    candidates: IceCandidate[],
  ): void {
    if (batches) emit({ from, candidates });
    else for (const candidate of candidates) emit({ from, candidate });
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
