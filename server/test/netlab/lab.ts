// A small network lab for tests that need real networks: Linux network
// namespaces joined by veth pairs to one router namespace, every address in
// 198.18.0.0/15 (the benchmarking range, RFC 2544) and nothing else.
//
//            <p>-s  services: signaling server + coturn, 198.18.0.2
//              | eth0 ── r0 198.18.0.1
//            <p>-r  router (ip_forward on; no other routes)
//              | h1 198.18.1.1 ── eth0 198.18.1.2   <p>-a  first browser
//              | h2 198.18.2.1 ── eth0 198.18.2.2   <p>-b  second browser
//
// <p> is "rl<pid>": one lab per test process, so parallel runs never clash,
// and a run killed with SIGKILL is swept by the next one (its pid is gone:
// its namespaces, what still runs in them, and its temporary directory).
// No namespace gets a default route or any route outside 198.18.0.0/15;
// IPv6 is off inside the lab (no link-local addresses as candidates); the
// root namespace is never touched. A host made with `reach: 'services'`
// routes only to 198.18.0.0/24, so two such browsers cannot reach each other
// at all (no route, no firewall needed) while both reach the services.
//
// Cables and pipes, all from `ip` and `tc` (netem is not available here):
// `unplug`/`plug` take the host's interface down and up (optionally with a
// new address), `cap` puts a token bucket (tbf) on both ends of the host's
// veth, `blockUdp` classifies UDP (htb + u32) into a class whose leaf queue
// holds nothing (pfifo limit 0) — it drops every UDP packet, both ways.
//
// What the browsers need to use lab addresses as ICE candidates:
// - Chromium: host candidates carry the real address (not an mDNS .local
//   name) once the page may use the camera — `--use-fake-ui-for-media-stream`
//   grants it and the session opens the camera before it creates the peer
//   connection. getUserMedia needs a secure context, and Chromium counts
//   only https and localhost as secure: the signaling server's lab origin is
//   listed in `--unsafely-treat-insecure-origin-as-secure`. The DevTools
//   port inside a namespace is unreachable from the test, so puppeteer talks
//   over a pipe (`--remote-debugging-pipe`).
// - Firefox ESR (firefox.ts): a fresh profile whose prefs give fake devices
//   without a prompt, host candidates with the real address
//   (`media.peerconnection.ice.obfuscate_host_addresses` false), the lab
//   origin as a secure context (`dom.securecontext.allowlist`), and camera
//   and microphone allowed by default — without a permission Firefox gathers
//   only the address of its default route, and the lab has none. Puppeteer
//   drives it over WebDriver BiDi on a TCP port inside the namespace, bridged
//   to the test through a Unix socket in the lab's directory.
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COTURN_READY, coturnArgs } from '../coturn.js';
import { waitForOutput } from '../child-output.js';

/** Every lab address is in here. */
export const LAB_RANGE = '198.18.0.0/15';
const IP = '/usr/sbin/ip';
const TC = '/usr/sbin/tc';

export interface Host {
  /** Short name: "a", "b", "s". */
  name: string;
  /** The namespace. */
  ns: string;
  /** Subnet index: the host is 198.18.<index>.2 behind 198.18.<index>.1. */
  index: number;
  /** The host's current address (it changes with `plug(host, { address })`). */
  address: string;
  /** The router's address on this host's link. */
  gateway: string;
  /** The host's interface (inside `ns`) and its peer in the router. */
  dev: string;
  routerDev: string;
  /** What the host routes to: the whole lab or only the services subnet. */
  route: string;
}

/** Runs a command and returns its stdout; throws with its stderr. Bounded to 15 s. */
function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')}: ${(e.stderr || e.message).trim()}`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function listNamespaces(): string[] {
  try {
    return run(IP, ['netns', 'list'])
      .split('\n')
      .map((line) => line.split(' ')[0])
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** Kills whatever still runs in `ns` and deletes it; never throws. */
function removeNamespace(ns: string): void {
  for (let round = 0; round < 3; round++) {
    let pids: number[] = [];
    try {
      pids = run(IP, ['netns', 'pids', ns]).split('\n').filter(Boolean).map(Number);
    } catch {
      break;
    }
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    // Let the kernel reap them before the next look (bounded: 3 rounds).
    execFileSync('sleep', ['0.1']);
  }
  try {
    run(IP, ['netns', 'del', ns]);
  } catch {
    // already gone
  }
}

/** Removes the namespaces of earlier runs whose process is gone (killed with SIGKILL). */
function sweepStale(): void {
  for (const ns of listNamespaces()) {
    const owner = /^rl(\d+)-/.exec(ns);
    if (owner && Number(owner[1]) !== process.pid && !alive(Number(owner[1]))) removeNamespace(ns);
  }
  for (const name of readdirSync(tmpdir())) {
    const owner = /^rl(\d+)-/.exec(name);
    if (owner && Number(owner[1]) !== process.pid && !alive(Number(owner[1]))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

/**
 * Why the lab cannot run here (a sentence for the skip message), or
 * undefined when it can: root, `ip netns add` works, and veth pairs exist.
 */
export function labUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'the network lab needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'the network lab needs root (network namespaces and veth pairs)';
  if (!existsSync(IP)) return 'the network lab needs iproute2 (/usr/sbin/ip)';
  const probe = `rl${process.pid}-probe`;
  try {
    run(IP, ['netns', 'add', probe]);
    run(IP, ['link', 'add', 'p0', 'netns', probe, 'type', 'veth', 'peer', 'name', 'p1', 'netns', probe]);
  } catch (error) {
    return `network namespaces cannot be created here (${(error as Error).message.split('\n')[0]})`;
  } finally {
    removeNamespace(probe);
  }
  return undefined;
}

/** Processes and namespaces of every lab of this process, for the exit handler. */
const live = new Set<Lab>();
let exitHooked = false;

function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const lab of live) lab.destroySync();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const lab of live) lab.destroySync();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

export class Lab {
  /** "rl<pid>": the start of every namespace name of this lab. */
  readonly prefix: string;
  readonly router: string;
  /** The services host (signaling server, coturn): 198.18.0.2. */
  services!: Host;
  readonly hosts = new Map<string, Host>();
  /** A private directory for this lab's files (browser wrappers); removed on close. */
  readonly dir: string;
  readonly #children = new Set<ChildProcess>();
  readonly #namespaces: string[] = [];
  #closed = false;

  private constructor(prefix: string) {
    this.prefix = prefix;
    this.router = `${prefix}-r`;
    this.dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    live.add(this);
    hookExit();
  }

  /** Builds the router and the services host; call `close()` (in `after`/finally). */
  static create(): Lab {
    sweepStale();
    const prefix = `rl${process.pid}`;
    for (const ns of listNamespaces()) if (ns.startsWith(`${prefix}-`)) removeNamespace(ns);
    const lab = new Lab(prefix);
    try {
      lab.#namespace(lab.router);
      lab.#sysctl(lab.router, 'net.ipv4.ip_forward', '1');
      lab.services = lab.#host('s', 0, 'lab');
      return lab;
    } catch (error) {
      lab.destroySync();
      throw error;
    }
  }

  /**
   * A host on its own link to the router: 198.18.<index>.2/24. `reach:
   * 'lab'` routes to the whole lab; `'services'` only to the services subnet
   * (two such hosts have no path to each other).
   */
  host(name: string, options: { reach?: 'lab' | 'services' } = {}): Host {
    if (this.hosts.has(name)) throw new Error(`host ${name} exists`);
    const index = this.hosts.size + 1;
    if (index > 200) throw new Error('too many hosts');
    const host = this.#host(name, index, options.reach ?? 'lab');
    this.hosts.set(name, host);
    return host;
  }

  #namespace(ns: string): void {
    run(IP, ['netns', 'add', ns]);
    this.#namespaces.push(ns);
    run(IP, ['-n', ns, 'link', 'set', 'lo', 'up']);
    // Only IPv4 lab addresses: no IPv6 link-local addresses on the veths.
    this.#sysctl(ns, 'net.ipv6.conf.all.disable_ipv6', '1');
    this.#sysctl(ns, 'net.ipv6.conf.default.disable_ipv6', '1');
  }

  #sysctl(ns: string, key: string, value: string): void {
    run(IP, ['netns', 'exec', ns, 'sysctl', '-qw', `${key}=${value}`]);
  }

  #host(name: string, index: number, reach: 'lab' | 'services'): Host {
    const ns = `${this.prefix}-${name}`;
    const routerDev = index === 0 ? 'r0' : `h${index}`;
    this.#namespace(ns);
    run(IP, ['link', 'add', 'eth0', 'netns', ns, 'type', 'veth', 'peer', 'name', routerDev, 'netns', this.router]);
    const gateway = `198.18.${index}.1`;
    run(IP, ['-n', this.router, 'addr', 'add', `${gateway}/24`, 'dev', routerDev]);
    run(IP, ['-n', this.router, 'link', 'set', routerDev, 'up']);
    const host: Host = {
      name,
      ns,
      index,
      address: `198.18.${index}.2`,
      gateway,
      dev: 'eth0',
      routerDev,
      route: reach === 'lab' ? LAB_RANGE : '198.18.0.0/24',
    };
    this.#bringUp(host);
    return host;
  }

  /** Address, link up, and the one route (never a default route). */
  #bringUp(host: Host): void {
    run(IP, ['-n', host.ns, 'addr', 'replace', `${host.address}/24`, 'dev', host.dev]);
    run(IP, ['-n', host.ns, 'link', 'set', host.dev, 'up']);
    if (host.route !== `198.18.${host.index}.0/24`) {
      run(IP, ['-n', host.ns, 'route', 'replace', host.route, 'via', host.gateway, 'dev', host.dev]);
    }
  }

  /** The cable is pulled: the host's interface goes down (its routes go with it). */
  unplug(host: Host): void {
    run(IP, ['-n', host.ns, 'link', 'set', host.dev, 'down']);
  }

  /** The cable is back; with `address`, the host comes back with another one (198.18.<index>.x). */
  plug(host: Host, options: { address?: string } = {}): void {
    if (options.address) {
      if (!options.address.startsWith(`198.18.${host.index}.`)) throw new Error(`${options.address} is not on ${host.name}'s link`);
      run(IP, ['-n', host.ns, 'addr', 'flush', 'dev', host.dev]);
      host.address = options.address;
    }
    this.#bringUp(host);
  }

  /** A thin pipe: both directions of the host's link limited to `kbit` by a token bucket. */
  cap(host: Host, kbit: number, { burstKbit = 32, latencyMs = 400 } = {}): void {
    for (const [ns, dev] of [[host.ns, host.dev], [this.router, host.routerDev]]) {
      run(TC, ['-n', ns, 'qdisc', 'replace', 'dev', dev, 'root', 'tbf', 'rate', `${kbit}kbit`, 'burst', `${burstKbit}kbit`, 'latency', `${latencyMs}ms`]);
    }
  }

  /** Removes a cap or a UDP block. */
  uncap(host: Host): void {
    for (const [ns, dev] of [[host.ns, host.dev], [this.router, host.routerDev]]) {
      try {
        run(TC, ['-n', ns, 'qdisc', 'del', 'dev', dev, 'root']);
      } catch {
        // no qdisc there
      }
    }
  }

  /** Every UDP packet to and from the host is dropped (TCP still flows). */
  blockUdp(host: Host): void {
    for (const [ns, dev] of [[host.ns, host.dev], [this.router, host.routerDev]]) {
      run(TC, ['-n', ns, 'qdisc', 'replace', 'dev', dev, 'root', 'handle', '1:', 'htb', 'default', '10', 'r2q', '1000']);
      run(TC, ['-n', ns, 'class', 'add', 'dev', dev, 'parent', '1:', 'classid', '1:10', 'htb', 'rate', '1gbit']);
      run(TC, ['-n', ns, 'class', 'add', 'dev', dev, 'parent', '1:', 'classid', '1:20', 'htb', 'rate', '8kbit']);
      run(TC, ['-n', ns, 'qdisc', 'add', 'dev', dev, 'parent', '1:20', 'handle', '20:', 'pfifo', 'limit', '0']);
      run(TC, ['-n', ns, 'filter', 'add', 'dev', dev, 'parent', '1:', 'protocol', 'ip', 'prio', '1', 'u32', 'match', 'ip', 'protocol', '17', '0xff', 'classid', '1:20']);
    }
  }

  /** UDP packets the block dropped (host side + router side). */
  udpDropped(host: Host): number {
    let dropped = 0;
    for (const [ns, dev] of [[host.ns, host.dev], [this.router, host.routerDev]]) {
      const out = run(TC, ['-n', ns, '-s', 'qdisc', 'show', 'dev', dev]);
      const leaf = /qdisc pfifo 20:[^\n]*\n\s*Sent \d+ bytes \d+ pkt \(dropped (\d+)/.exec(out);
      dropped += leaf ? Number(leaf[1]) : 0;
    }
    return dropped;
  }

  /** Starts `command` inside the host's namespace; the lab kills it on close. */
  spawn(host: Host | string, command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const ns = typeof host === 'string' ? host : host.ns;
    const child = spawn(IP, ['netns', 'exec', ns, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    this.#children.add(child);
    child.once('exit', () => this.#children.delete(child));
    return child;
  }

  /** Runs a command inside the namespace to completion (15 s at most); its stdout. */
  exec(host: Host | string, command: string, args: string[]): string {
    return run(IP, ['netns', 'exec', typeof host === 'string' ? host : host.ns, command, ...args]);
  }

  /**
   * An executable that runs `program` inside the host's namespace with the
   * arguments it is given (for launchers like puppeteer that take a path).
   */
  wrapper(host: Host, program: string): string {
    const path = join(this.dir, `${host.name}-${program.split('/').pop()}`);
    writeFileSync(path, `#!/bin/sh\nexec ${IP} netns exec ${host.ns} ${program} "$@"\n`);
    chmodSync(path, 0o755);
    return path;
  }

  /** Stops every process and removes every namespace (and so every veth) of the lab. */
  async close(): Promise<void> {
    if (this.#closed) return;
    const children = [...this.#children];
    for (const child of children) child.kill('SIGTERM');
    await Promise.race([
      Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once('exit', r))))),
      new Promise((r) => setTimeout(r, 3000)),
    ]);
    this.destroySync();
  }

  /** The synchronous part of `close()`, also run from the process exit handler. */
  destroySync(): void {
    if (this.#closed) return;
    this.#closed = true;
    live.delete(this);
    for (const child of this.#children) {
      try {
        child.kill('SIGKILL');
      } catch {
        // gone
      }
    }
    // Browsers first (their processes), router last.
    for (const ns of [...this.#namespaces].reverse()) removeNamespace(ns);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface LabCoturn {
  /** "198.18.0.2:3478" */
  address: string;
  secret: string;
  /** TURN URLs for the signaling server: UDP and TCP to the same listener. */
  urls: string[];
}

/**
 * coturn in the services namespace, with use-auth-secret (the signaling
 * server hands out credentials in the CONNECT ack), listening on UDP and
 * TCP 3478 at the services address and relaying from it.
 */
export async function startCoturn(lab: Lab, secret = 'netlab-secret'): Promise<LabCoturn> {
  const ip = lab.services.address;
  const child = lab.spawn(lab.services, 'turnserver', coturnArgs({ ip, port: 3478, relayPorts: [49152, 49400], secret }));
  await waitForOutput(child, COTURN_READY, 'coturn');
  return { address: `${ip}:3478`, secret, urls: [`turn:${ip}:3478?transport=udp`, `turn:${ip}:3478?transport=tcp`] };
}

export interface LabSignaling {
  /** "http://198.18.0.2:8000" */
  url: string;
}

/**
 * The signaling server (`listen()` from server/http/listen.ts, serving the built
 * bundle) in the services namespace, in a child process: a process lives in
 * one network namespace, and the test process stays in the root one.
 */
export async function startSignaling(
  lab: Lab,
  options: { ringTimeoutMs?: number; resumeGraceMs?: number; turn?: { urls: string[]; secret: string; ttlSeconds: number } } = {},
): Promise<LabSignaling> {
  const serve = new URL('./serve.ts', import.meta.url).pathname;
  const root = new URL('../../../', import.meta.url).pathname;
  const listenOptions = { port: 8000, host: lab.services.address, ...options };
  const child = lab.spawn(lab.services, process.execPath, ['--import', 'tsx', serve, JSON.stringify(listenOptions)], { cwd: root });
  const line = await waitForOutput(child, /READY (\S+)/, 'the signaling server', 20_000);
  return { url: line.slice('READY '.length) };
}
