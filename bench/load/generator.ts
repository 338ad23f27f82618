// The load generator: its own process, driven by the runner over IPC.
// Users come in pairs (caller u0 → callee u1, u2 → u3, …); each pair repeats
// the full handshake while it runs. Every relayed message is timed from the
// moment one side sends it to the moment the other side receives it: per
// direction the server keeps order, so a FIFO of send times per receiver
// matches each arrival to its send without touching the payload.
import { createHistogram, performance, type EventLoopUtilization, type RecordableHistogram } from 'node:perf_hooks';
import { answer } from '../ipc.js';
import { CALL_STATE, createUser, type DialectName, type Relay, type User } from './dialects.js';

export interface ConnectResult {
  ms: number;
  users: number;
}

export interface RunResult {
  handshakes: number;
  /** Frames both ways per handshake (pings and heartbeats excluded), counted over the whole run. */
  framesPerHandshake: number;
  /** Pairs still mid-handshake 10 s after being told to stop. */
  stuck: number;
}

export interface WindowResult {
  seconds: number;
  handshakes: number;
  perSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; count: number };
  framesSent: number;
  framesReceived: number;
  errors: number;
  errorSamples: string[];
  /** Event-loop utilisation of this generator over the window, 0–1. */
  elu: number;
}

const counters = {
  handshakes: 0,
  errors: 0,
  errorSamples: [] as string[],
  latency: createHistogram() as RecordableHistogram,
};

function noteError(what: string): void {
  counters.errors++;
  if (counters.errorSamples.length < 5) counters.errorSamples.push(what.slice(0, 200));
}

class Pair {
  readonly caller: User;
  readonly callee: User;
  /** Send times of messages on their way to each side. */
  private readonly toCaller: number[] = [];
  private readonly toCallee: number[] = [];
  private callerGot = 0;
  /** Messages the callee's candidates took (the caller waits for them all). */
  private calleeCandidateMessages = 0;
  running = false;
  busy = false;
  /** Pacing: wait this long after a handshake ends… */
  pauseMs = 0;
  /** …or start one every `periodMs` (skipping a beat when late); 0 = back to back. */
  periodMs = 0;
  private startedAt = 0;
  /** The paced next handshake, if one is waiting. */
  timer?: NodeJS.Timeout;

  constructor(
    private readonly dialect: DialectName,
    urls: string[],
    index: number,
  ) {
    const callerName = `u${index * 2}`;
    const calleeName = `u${index * 2 + 1}`;
    // Users go round robin over the servers: with several, every pair spans two.
    const url = (user: number) => urls[user % urls.length];
    this.caller = createUser(dialect, url(index * 2), callerName, calleeName, {
      relay: (kind) => this.callerReceived(kind),
      error: noteError,
    });
    this.callee = createUser(dialect, url(index * 2 + 1), calleeName, callerName, {
      relay: (kind) => this.calleeReceived(kind),
      error: noteError,
    });
  }

  start = (): void => {
    this.timer = undefined;
    if (!this.running || this.busy) return;
    this.busy = true;
    this.callerGot = 0;
    this.startedAt = performance.now();
    if (CALL_STATE[this.dialect]) {
      this.toCallee.push(performance.now());
      this.caller.request(this.callee.name);
    } else {
      this.sendOffer();
    }
  };

  private sendOffer(): void {
    const now = performance.now();
    this.toCallee.push(now);
    this.caller.offer(this.callee.name);
    const messages = this.caller.candidates(this.callee.name);
    for (let i = 0; i < messages; i++) this.toCallee.push(now);
  }

  private arrived(queue: number[]): void {
    const sent = queue.shift();
    if (sent === undefined) return noteError('a message arrived that nobody sent');
    counters.latency.record(Math.max(1, Math.round((performance.now() - sent) * 1000)));
  }

  private callerReceived(kind: Relay): void {
    this.arrived(this.toCaller);
    if (kind === 'accepted') return this.sendOffer();
    if (kind !== 'answer' && kind !== 'candidate') return noteError(`caller got ${kind}`);
    if (++this.callerGot < 1 + this.calleeCandidateMessages) return;
    if (CALL_STATE[this.dialect]) {
      this.toCallee.push(performance.now());
      this.caller.hangUp(this.callee.name);
    } else {
      this.done();
    }
  }

  private calleeReceived(kind: Relay): void {
    this.arrived(this.toCallee);
    switch (kind) {
      case 'requested':
        this.toCaller.push(performance.now());
        this.callee.accept(this.caller.name);
        return;
      case 'offer': {
        const now = performance.now();
        this.toCaller.push(now);
        this.callee.answer(this.caller.name);
        this.calleeCandidateMessages = this.callee.candidates(this.caller.name);
        for (let i = 0; i < this.calleeCandidateMessages; i++) this.toCaller.push(now);
        return;
      }
      case 'candidate':
        return;
      case 'ended':
        return this.done();
      default:
        noteError(`callee got ${kind}`);
    }
  }

  private done(): void {
    counters.handshakes++;
    totalHandshakes++;
    this.busy = false;
    if (!this.running) return;
    if (this.periodMs > 0) {
      const late = (performance.now() - this.startedAt) % this.periodMs;
      this.timer = setTimeout(this.start, this.periodMs - late);
    } else if (this.pauseMs > 0) {
      this.timer = setTimeout(this.start, this.pauseMs);
    } else {
      this.start();
    }
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

let pairs: Pair[] = [];
let totalHandshakes = 0;
let run = { handshakes: 0, frames: { sent: 0, received: 0 } };
let windowStart = performance.now();
let eluStart: EventLoopUtilization = performance.eventLoopUtilization();
let framesAtStart = { sent: 0, received: 0 };

function frames() {
  let sent = 0;
  let received = 0;
  for (const pair of pairs) {
    sent += pair.caller.sent + pair.callee.sent;
    received += pair.caller.received + pair.callee.received;
  }
  return { sent, received };
}

function mark(): WindowResult {
  const now = performance.now();
  const seconds = (now - windowStart) / 1000;
  const elu = performance.eventLoopUtilization(eluStart).utilization;
  const { latency } = counters;
  const ms = (us: number) => us / 1000;
  const count = latency.count;
  const framesNow = frames();
  const result: WindowResult = {
    seconds,
    handshakes: counters.handshakes,
    perSecond: counters.handshakes / seconds,
    latencyMs: {
      p50: count ? ms(latency.percentile(50)) : NaN,
      p95: count ? ms(latency.percentile(95)) : NaN,
      p99: count ? ms(latency.percentile(99)) : NaN,
      max: count ? ms(latency.max) : NaN,
      count,
    },
    framesSent: framesNow.sent - framesAtStart.sent,
    framesReceived: framesNow.received - framesAtStart.received,
    errors: counters.errors,
    errorSamples: counters.errorSamples,
    elu,
  };
  counters.handshakes = 0;
  counters.errors = 0;
  counters.errorSamples = [];
  latency.reset();
  windowStart = now;
  eluStart = performance.eventLoopUtilization();
  framesAtStart = framesNow;
  return result;
}

answer({
  /** `url`: one server, or the processes of a cluster (users spread round robin). */
  async connect({ dialect, url, n, concurrency }: { dialect: DialectName; url: string | string[]; n: number; concurrency: number }) {
    const started = performance.now();
    const count = Math.ceil(n / 2);
    const urls = Array.isArray(url) ? url : [url];
    pairs = Array.from({ length: count }, (_, i) => new Pair(dialect, urls, i));
    const users = pairs.flatMap((pair) => [pair.caller, pair.callee]);
    let next = 0;
    const worker = async () => {
      while (next < users.length) await users[next++].connect();
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, users.length) }, worker));
    mark();
    return { ms: performance.now() - started, users: users.length } satisfies ConnectResult;
  },
  start({ pairs: active, pauseMs = 0, periodMs = 0 }: { pairs: number; pauseMs?: number; periodMs?: number }) {
    run = { handshakes: totalHandshakes, frames: frames() };
    for (const pair of pairs.slice(0, active)) {
      pair.running = true;
      pair.pauseMs = pauseMs;
      pair.periodMs = periodMs;
      // Spread the first handshakes so paced pairs do not move in lockstep.
      const spread = periodMs || pauseMs;
      if (spread > 0) pair.timer = setTimeout(pair.start, Math.random() * spread);
      else pair.start();
    }
  },
  mark,
  /** Stops every pair once its handshake is over; totals since `start`. */
  async stop(): Promise<RunResult> {
    for (const pair of pairs) pair.stop();
    const deadline = performance.now() + 10_000;
    while (pairs.some((pair) => pair.busy) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const now = frames();
    const handshakes = totalHandshakes - run.handshakes;
    return {
      handshakes,
      framesPerHandshake: (now.sent - run.frames.sent + now.received - run.frames.received) / handshakes,
      stuck: pairs.filter((pair) => pair.busy).length,
    };
  },
  close() {
    for (const pair of pairs) {
      pair.caller.close();
      pair.callee.close();
    }
    setImmediate(() => process.exit(0));
  },
});

process.send!({ ready: { pid: process.pid } });
