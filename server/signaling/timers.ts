// The two timers of a session on this process: the ring timeout of a pending
// request (by link id) and the resume grace of a dropped connection (by user
// key). What happens when one fires is the caller's (signaling.ts).
export interface TimerActions {
  /** Request `id` of `callerKey` rang out unanswered. */
  ringTimedOut(callerKey: string, id: string): void;
  /** The grace of user `key`, dropped from socket `sid`, ran out. */
  graceExpired(key: string, sid: string): void;
}

export class SessionTimers {
  private readonly rings = new Map<string, NodeJS.Timeout>();
  private readonly graces = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly ringTimeoutMs: number,
    private readonly actions: TimerActions,
  ) {}

  startRinging(callerKey: string, id: string): void {
    const timer = setTimeout(() => {
      this.rings.delete(id);
      this.actions.ringTimedOut(callerKey, id);
    }, this.ringTimeoutMs);
    this.rings.set(id, timer);
  }

  stopRinging(id: string): void {
    const timer = this.rings.get(id);
    if (timer) clearTimeout(timer);
    this.rings.delete(id);
  }

  /** Starts (or restarts) the resume grace of an away user. */
  startGrace(key: string, sid: string, ms: number): void {
    this.stopGrace(key);
    this.graces.set(
      key,
      setTimeout(() => {
        this.graces.delete(key);
        this.actions.graceExpired(key, sid);
      }, ms),
    );
  }

  stopGrace(key: string): void {
    const timer = this.graces.get(key);
    if (timer) clearTimeout(timer);
    this.graces.delete(key);
  }

  /** Whether this process holds the user's session for a resume. */
  inGrace(key: string): boolean {
    return this.graces.has(key);
  }

  clear(): void {
    for (const timer of [...this.rings.values(), ...this.graces.values()]) clearTimeout(timer);
    this.rings.clear();
    this.graces.clear();
  }
}
