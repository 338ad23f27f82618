// coturn (Debian's `coturn`) for the tests that relay through a real TURN
// server: server/test/turn.test.ts on loopback, the network lab
// (server/test/netlab/lab.ts) in its services namespace. The same settings for
// both: use-auth-secret, so the credentials are the ones our CONNECT ack
// hands out; no TLS/DTLS listeners; logs on stdout, where readiness shows.
export interface CoturnOptions {
  /** The address it listens on and relays from. */
  ip: string;
  port: number;
  /** The UDP ports it may relay from, first and last. */
  relayPorts: [number, number];
  secret: string;
  /** Both peers on this machine's loopback: let coturn relay between loopback addresses. */
  loopbackPeers?: boolean;
}

export function coturnArgs({ ip, port, relayPorts, secret, loopbackPeers }: CoturnOptions): string[] {
  return [
    '-n', '--no-cli', '--no-tls', '--no-dtls', '--simple-log', '--log-file=stdout',
    `--listening-ip=${ip}`, `--relay-ip=${ip}`, `--listening-port=${port}`,
    `--min-port=${relayPorts[0]}`, `--max-port=${relayPorts[1]}`,
    '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=roulette.test',
    ...(loopbackPeers ? ['--allow-loopback-peers'] : []),
  ];
}

/** What coturn prints once its listeners are open. */
export const COTURN_READY = /Total General servers|listener opened on/;
