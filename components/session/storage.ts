// Where a session keeps what a page reload needs to resume it: the server,
// your name, the resume secret, the call or request under way, and the names
// you blocked (the server keeps them with the session but has no event to
// list them again).
import type { Phase } from './state.js';

/** What is kept, per server. */
export interface StoredSession {
  server: string;
  username: string;
  resume: string;
  phase?: Phase;
  peer?: string;
  blocked?: readonly string[];
}

const PREFIX = 'roulette-session:';

/** One server's entry in a `Storage` (`sessionStorage` by default); every access is best effort. */
export class SessionStore {
  readonly #storage: Storage | null;
  readonly #key: string;

  /** `storage`: `undefined` for `sessionStorage`, `null` for none. */
  constructor(server: string, storage: Storage | null | undefined) {
    this.#storage = storage === undefined ? defaultStorage() : storage;
    this.#key = PREFIX + server;
  }

  /** False when there is no storage: nothing is kept. */
  get enabled(): boolean {
    return !!this.#storage;
  }

  write(stored: StoredSession): void {
    try {
      this.#storage?.setItem(this.#key, JSON.stringify(stored));
    } catch {
      // Storage full or blocked: resume after reload is best effort.
    }
  }

  read(): StoredSession | undefined {
    try {
      const raw = this.#storage?.getItem(this.#key);
      if (!raw) return undefined;
      const value = JSON.parse(raw) as Partial<StoredSession>;
      if (typeof value.username !== 'string' || typeof value.resume !== 'string') return undefined;
      if (!Array.isArray(value.blocked) || value.blocked.some((name) => typeof name !== 'string')) delete value.blocked;
      return value as StoredSession;
    } catch {
      return undefined;
    }
  }

  clear(): void {
    try {
      this.#storage?.removeItem(this.#key);
    } catch {
      // ignore
    }
  }
}

function defaultStorage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // blocked (sandboxed frame, privacy mode)
  }
}
