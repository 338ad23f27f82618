// A rolling deploy, end to end, for server/test/rolling-deploy.test.ts and the
// benchmark (bench/cluster.ts): several `npm start` processes sharing one
// real redis-server behind Debian's nginx with the shipped recipe; people in
// calls, people being rung, people idle, all through nginx. Each process in
// turn gets SIGTERM and is started again on its port, as a deploy does. The
// clients behave as the Roulette components do: after a server disconnect
// (or a dropped transport) they reconnect through nginx, which sends them to
// a process that is up, and resume with their secret.
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import type { Ack } from '../../protocol/index.js';
import { candidate, makeClient, offer, answer, sleep, type Client } from './helpers.js';
import { spawnServer, startNginx, type ServerProcess } from './processes.js';
import { freePort, startRedis } from './redis.js';

export interface DeployOptions {
  /** Server processes behind nginx (each restarted once). */
  processes: number;
  /** Pairs of people in a call. */
  calls: number;
  /** Requests left ringing through the whole deploy, answered after it. */
  ringing: number;
  /** People connected and doing nothing. */
  idle: number;
  /** Least time between two SIGTERMs (default: the next as soon as everybody is back). */
  stepMs?: number;
  /** Extra environment of every server process. */
  env?: Record<string, string>;
  /** Told each stage, for a benchmark's progress lines. */
  progress?: (line: string) => void;
}

export interface DeployReport {
  processes: number;
  people: number;
  /** Times a person was disconnected by the deploy and came back. */
  moves: number;
  /** For each move, ms from the disconnect to the ack of the resuming CONNECT. */
  resumeMs: number[];
  /** Calls that ended or stopped relaying in either direction. */
  callsDropped: number;
  /** People whose resume answered `resumed: false` or failed. */
  namesLost: string[];
  /** Requests that were ringing and could be accepted after the deploy. */
  ringingAccepted: number;
  /** Every CALL_ENDED / CALL_CANCELED / CALL_REJECTED anyone received: "name EVENT reason". */
  endings: string[];
  /** People the deploy never moved (their process was restarted, so: none). */
  neverMoved: string[];
  /** How long the whole deploy took, ms (first SIGTERM to the last process serving again). */
  deployMs: number;
}

/** A person on a connection through nginx that resumes as the components do. */
class Person {
  readonly client: Client;
  resume = '';
  registered = false;
  moves = 0;
  readonly resumeMs: number[] = [];
  readonly failures: string[] = [];
  private droppedAt = 0;
  private leaving = false;
  private onRegistered: (() => void) | null = null;

  constructor(
    url: string,
    readonly name: string,
  ) {
    const socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 2000,
    });
    this.client = makeClient(socket);
    socket.on('connect', () => this.register());
    socket.on('disconnect', (reason) => {
      if (this.leaving) return;
      this.registered = false;
      this.droppedAt = performance.now();
      this.moves++;
      // socket.io does not reconnect by itself after a server disconnect.
      if (reason === 'io server disconnect') socket.connect();
    });
  }

  /** Resolves once the person is signed in (again). */
  whenRegistered(): Promise<void> {
    if (this.registered) return Promise.resolve();
    return new Promise((resolve) => (this.onRegistered = resolve));
  }

  private register(): void {
    const resuming = this.resume !== '';
    const payload = resuming ? { as: this.name, resume: this.resume } : { as: this.name };
    this.client.socket.timeout(5000).emit('CONNECT', payload, (error: Error | null, ack: Ack<{ resume: string; resumed: boolean }>) => {
      if (!this.client.socket.connected) return; // disconnected meanwhile: the next connect registers
      if (error) {
        this.failures.push('CONNECT: no answer within 5 s');
        return this.register();
      }
      if (!ack.ok) {
        this.failures.push(`CONNECT: ${ack.error.code}`);
        // INTERNAL (the store busy or away for a moment) is worth another try.
        if (ack.error.code === 'INTERNAL') setTimeout(() => this.register(), 200);
        return;
      }
      if (resuming) {
        this.resumeMs.push(performance.now() - this.droppedAt);
        if (!ack.resumed) this.failures.push('resumed: false');
      }
      this.resume = ack.resume;
      this.registered = true;
      this.onRegistered?.();
      this.onRegistered = null;
    });
  }

  leave(): void {
    this.leaving = true;
    this.client.close();
  }
}

const ENDINGS = ['CALL_ENDED', 'CALL_CANCELED', 'CALL_REJECTED'];

/** Whether `from` reaches `to` in their call, both ways, within the wait. */
async function relays(a: Person, b: Person, n: number): Promise<boolean> {
  const one = async (from: Person, to: Person) => {
    const ack = await from.client.send('SEND_ICE_CANDIDATE', { to: to.name, candidate: candidate(n) }).catch(() => null);
    if (!ack?.ok) return false;
    for (;;) {
      const got = await to.client.next('ICE_CANDIDATE_RECEIVED', 3000).catch(() => null);
      if (!got) return false;
      if (got.from === from.name && got.candidate.candidate === candidate(n).candidate) return true;
    }
  };
  const [there, back] = await Promise.all([one(a, b), one(b, a)]);
  return there && back;
}

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`);
    await sleep(25);
  }
}

async function stopProcess(p: ServerProcess, signal: NodeJS.Signals): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = once(p.child, 'exit');
  p.child.kill(signal);
  await exited;
}

export async function rollingDeploy(options: DeployOptions): Promise<DeployReport> {
  const progress = options.progress ?? (() => undefined);
  const redis = await startRedis();
  const ports: number[] = [];
  while (ports.length < options.processes) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  // Ring long enough that a request rung before the deploy still rings after it.
  const env = (port: number) => ({ REDIS_URL: redis.url, PORT: String(port), RING_TIMEOUT_MS: '120000', ...options.env });
  const servers = await Promise.all(ports.map((port) => spawnServer(env(port))));
  const nginx = await startNginx(ports);
  const people: Person[] = [];
  const person = (name: string) => {
    const p = new Person(nginx.url, name);
    people.push(p);
    return p;
  };
  try {
    const pairs = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => [person(`${prefix}${i}a`), person(`${prefix}${i}b`)]);
    const calls = pairs('call', options.calls);
    const ringing = pairs('ring', options.ringing);
    for (let i = 0; i < options.idle; i++) person(`idle${i}`);
    await Promise.all(people.map((p) => p.whenRegistered()));
    progress(`${people.length} people signed in through nginx`);

    await Promise.all(
      calls.map(async ([a, b]) => {
        await a.client.send('REQUEST_CALL', { to: b.name });
        await b.client.next('CALL_REQUESTED');
        await b.client.send('ACCEPT_CALL', { from: a.name });
        await a.client.next('CALL_ACCEPTED');
        await a.client.send('SEND_CALLER_DESCRIPTOR', { to: b.name, sdp: offer });
        await b.client.send('SEND_RECIPIENT_DESCRIPTOR', { to: a.name, sdp: answer });
      }),
    );
    await Promise.all(
      ringing.map(async ([a, b]) => {
        await a.client.send('REQUEST_CALL', { to: b.name });
        await b.client.next('CALL_REQUESTED');
      }),
    );
    const dropped = new Set<number>();
    let n = 0;
    const checkCalls = async () => {
      n++;
      const ok = await Promise.all(calls.map(([a, b]) => relays(a, b, n)));
      ok.forEach((fine, i) => !fine && dropped.add(i));
    };
    await checkCalls();
    progress(`${calls.length} calls up, ${ringing.length} requests ringing`);

    const started = performance.now();
    for (let i = 0; i < servers.length; i++) {
      const stepStart = performance.now();
      await stopProcess(servers[i], 'SIGTERM');
      progress(`process ${i + 1} stopped`);
      servers[i] = await spawnServer(env(ports[i]));
      progress(`process ${i + 1} started again`);
      await until('everybody back', () => people.every((p) => p.registered), 30_000).catch(async (error: Error) => {
        const away = people.filter((p) => !p.registered).map((p) => `${p.name} (${p.failures.join(', ') || 'no answer'})`);
        progress(`not back: ${away.join('; ')}`);
        for (const [j, server] of servers.entries()) {
          progress(`process ${j + 1}: exit ${server.child.exitCode ?? server.child.signalCode ?? 'running'}; output: ${server.output().slice(-3000)}`);
        }
        progress(`nginx: ${(await nginx.errors()).slice(-3000)}`);
        throw new Error(`${error.message}; not back: ${away.join('; ')}`);
      });
      await checkCalls();
      progress(`everybody back, calls checked`);
      if (i < servers.length - 1) await sleep(Math.max(0, (options.stepMs ?? 0) - (performance.now() - stepStart)));
    }
    const deployMs = performance.now() - started;

    let ringingAccepted = 0;
    await Promise.all(
      ringing.map(async ([a, b]) => {
        const ack = await b.client.send('ACCEPT_CALL', { from: a.name }).catch(() => null);
        const accepted = await a.client.next('CALL_ACCEPTED', 3000).catch(() => null);
        if (ack?.ok && accepted?.by === b.name) ringingAccepted++;
      }),
    );
    const endings = people.flatMap((p) =>
      p.client.received.filter((r) => ENDINGS.includes(r.event)).map((r) => `${p.name} ${r.event} ${r.payload?.reason}`),
    );
    for (const [i, [a, b]] of calls.entries()) {
      if (endings.some((e) => e.startsWith(`${a.name} `) || e.startsWith(`${b.name} `))) dropped.add(i);
    }
    return {
      processes: options.processes,
      people: people.length,
      moves: people.reduce((sum, p) => sum + p.moves, 0),
      resumeMs: people.flatMap((p) => p.resumeMs).sort((x, y) => x - y),
      callsDropped: dropped.size,
      namesLost: people.filter((p) => p.failures.length > 0).map((p) => `${p.name}: ${p.failures.join(', ')}`),
      ringingAccepted,
      endings,
      neverMoved: people.filter((p) => p.moves === 0).map((p) => p.name),
      deployMs,
    };
  } finally {
    people.forEach((p) => p.leave());
    await Promise.all(servers.map((s) => stopProcess(s, 'SIGTERM')));
    progress('servers stopped');
    await nginx.stop();
    await redis.stop();
    progress('nginx and redis stopped');
  }
}
