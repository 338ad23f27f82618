// A smaller stand-in for `@socket.io/component-emitter`, the event emitter
// under socket.io-client's Manager and our other stand-ins
// (scripts/bundle-shims.mjs): the same methods and behaviour — listeners in
// the order added, `once`, `off` by event or by listener (also one added with
// `once`), `emitReserved` as the base `emit` that subclasses which override
// `emit` still reach — without the mixin form nobody here uses.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Listener = ((...args: any[]) => void) & { fn?: Listener };

export class Emitter<_ListenEvents = unknown, _EmitEvents = unknown, _ReservedEvents = unknown> {
  _callbacks: Record<string, Listener[]> = {};

  on(event: string, listener: Listener): this {
    (this._callbacks[event] ??= []).push(listener);
    return this;
  }

  once(event: string, listener: Listener): this {
    const once: Listener = (...args) => {
      this.off(event, once);
      listener.apply(this, args);
    };
    once.fn = listener;
    return this.on(event, once);
  }

  /** All listeners, those of `event`, or one listener of it. */
  off(event?: string, listener?: Listener): this {
    if (event === undefined) this._callbacks = {};
    else if (!listener) delete this._callbacks[event];
    else {
      const list = this._callbacks[event] ?? [];
      const i = list.findIndex((l) => l === listener || l.fn === listener);
      if (i >= 0) list.splice(i, 1);
      if (!list.length) delete this._callbacks[event];
    }
    return this;
  }

  emit(event: string, ...args: any[]): this {
    // A copy: a listener may add or remove listeners.
    for (const listener of [...(this._callbacks[event] ?? [])]) listener.apply(this, args);
    return this;
  }

  listeners(event: string): Listener[] {
    return this._callbacks[event] ?? [];
  }

  hasListeners(event: string): boolean {
    return this.listeners(event).length > 0;
  }
}

export interface Emitter {
  emitReserved(event: string, ...args: any[]): this;
  addEventListener(event: string, listener: Listener): this;
  removeListener(event?: string, listener?: Listener): this;
  removeAllListeners(event?: string): this;
  removeEventListener(event?: string, listener?: Listener): this;
}

const proto = Emitter.prototype;
proto.emitReserved = proto.emit;
proto.addEventListener = proto.on;
proto.removeListener = proto.removeAllListeners = proto.removeEventListener = proto.off;
