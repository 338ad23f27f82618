import type { Quality } from './call-stats.js';

/** What is said over the call's data channel, peer to peer (never through the server). */
export type ChannelMessage =
  /** Whether the sender's microphone / camera is sending (false: off or missing). */
  | { type: 'state'; audio: boolean; video: boolean }
  /** Whether the sender's screen is being shared in place of their camera. */
  | { type: 'screen'; sharing: boolean }
  /** A chat line; `at` is the sender's clock (ms since the epoch). */
  | { type: 'chat'; text: string; at: number }
  /**
   * The sender's own quality rating (from its own stats), when it changes:
   * a browser without a bandwidth estimate (Firefox) cannot see a thin pipe
   * by itself, the other side can.
   */
  | { type: 'quality'; quality: Quality }
  /**
   * The sender ends the call (`media`: their camera failed). Sent as well as
   * the server's HANG_UP, so a hang-up reaches the other side when the
   * server does not know of the call (it restarted while the call went on).
   */
  | { type: 'bye'; reason?: 'media' };

/** A line of the call's chat. */
export interface ChatMessage {
  /** True for what you sent. */
  mine: boolean;
  text: string;
  /** When it was sent, by the sender's clock (ms since the epoch). */
  at: number;
}

/** Longest chat message sent or accepted, in characters. */
export const MAX_CHAT_LENGTH = 1000;

export interface CallChannelHandlers {
  /** The channel opened: say your state. */
  open(): void;
  /** A well-formed message arrived (anything else is dropped). */
  message(message: ChannelMessage): void;
  /** The other side closed the channel (left the call). */
  close(): void;
}

/**
 * The call's `RTCDataChannel` as JSON messages: sends queue until it is
 * open, and what arrives is checked before it is passed on.
 */
export class CallChannel {
  readonly #channel: RTCDataChannel;
  readonly #queue: string[] = [];

  constructor(channel: RTCDataChannel, handlers: CallChannelHandlers) {
    this.#channel = channel;
    channel.onopen = () => {
      for (const data of this.#queue.splice(0)) channel.send(data);
      handlers.open();
    };
    channel.onmessage = ({ data }) => {
      const message = parse(data);
      if (message) handlers.message(message);
    };
    channel.onclose = handlers.close;
  }

  /** True once open, until closed. */
  get open(): boolean {
    return this.#channel.readyState === 'open';
  }

  send(message: ChannelMessage): void {
    const data = JSON.stringify(message);
    if (this.#channel.readyState === 'open') this.#channel.send(data);
    else this.#queue.push(data);
  }
}

function parse(data: unknown): ChannelMessage | undefined {
  try {
    const m = JSON.parse(data as string) as Record<string, unknown>;
    if (m.type === 'state' && typeof m.audio === 'boolean' && typeof m.video === 'boolean') {
      return { type: 'state', audio: m.audio, video: m.video };
    }
    if (m.type === 'screen' && typeof m.sharing === 'boolean') return { type: 'screen', sharing: m.sharing };
    if (m.type === 'chat' && typeof m.text === 'string' && m.text.length <= MAX_CHAT_LENGTH && typeof m.at === 'number') {
      return { type: 'chat', text: m.text, at: m.at };
    }
    if (m.type === 'quality' && (m.quality === 'good' || m.quality === 'fair' || m.quality === 'poor')) return { type: 'quality', quality: m.quality };
    if (m.type === 'bye') return m.reason === 'media' ? { type: 'bye', reason: 'media' } : { type: 'bye' };
  } catch {
    // not JSON: dropped
  }
  return undefined;
}
