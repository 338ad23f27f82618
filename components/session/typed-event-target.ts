// An `EventTarget` whose `addEventListener` / `removeEventListener` know the
// event type of each name in an event map: the one declaration the session,
// the peer session and the signaling client share.

type Listener<T, E> = (this: T, event: E) => unknown;

/** `EventTarget` typed by `M`, a map from event name to event type. */
export interface TypedEventTarget<M> extends EventTarget {
  addEventListener<K extends keyof M & string>(
    type: K,
    listener: Listener<this, M[K]>,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof M & string>(
    type: K,
    listener: Listener<this, M[K]>,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/**
 * `class X extends TypedEventTarget<XEventMap>`: plain `EventTarget` at run
 * time (no extra class in the bundle), typed listeners at compile time.
 */
export const TypedEventTarget = EventTarget as { new <M>(): TypedEventTarget<M>; prototype: EventTarget };
