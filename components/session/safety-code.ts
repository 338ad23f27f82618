// The safety code: a short number both people can read to each other to
// check that nobody — not even the signaling server — sits between them.
//
// Why it works: each browser's DTLS certificate fingerprint travels in the
// SDP (`a=fingerprint`), and the browser refuses a DTLS handshake whose
// certificate does not match the fingerprint it was given. A server that
// relays the call through itself must hand each side its own fingerprint in
// place of the other's, so the two sides then hash different pairs and see
// different codes. Sorting the pair makes both honest sides hash the same
// bytes whichever of them is "local". Loaded only when the code is shown.

/** The `a=fingerprint` values of a description (`sha-256 AB:CD:…`), normalised, each once. */
export function fingerprints(sdp: string | undefined): string[] {
  const found = new Set<string>();
  for (const match of (sdp ?? '').matchAll(/^a=fingerprint:(\S+)\s+([0-9A-Fa-f:]+)\s*$/gm)) {
    found.add(`${match[1].toLowerCase()} ${match[2].toUpperCase()}`);
  }
  return [...found].sort();
}

/**
 * 4 groups of 4 digits from SHA-256 over both sides' fingerprints, sorted.
 * `undefined` until both descriptions (with fingerprints) are set.
 */
export async function safetyCode(local: string | undefined, remote: string | undefined): Promise<string | undefined> {
  const mine = fingerprints(local).join(',');
  const theirs = fingerprints(remote).join(',');
  if (!mine || !theirs) return undefined;
  const input = new TextEncoder().encode(['roulette-safety-code-v1', ...[mine, theirs].sort()].join('\n'));
  const digest = new DataView(await crypto.subtle.digest('SHA-256', input));
  const groups: string[] = [];
  // 32 bits per group, taken modulo 10 000: the bias (< 1 in 400 000) does not matter for a spoken check.
  for (let i = 0; i < 4; i++) groups.push(String(digest.getUint32(i * 4) % 10_000).padStart(4, '0'));
  return groups.join(' ');
}

/** The safety code of a peer connection's current descriptions. */
export function connectionSafetyCode(pc: RTCPeerConnection | undefined): Promise<string | undefined> {
  return safetyCode(pc?.currentLocalDescription?.sdp ?? pc?.localDescription?.sdp, pc?.currentRemoteDescription?.sdp ?? pc?.remoteDescription?.sdp);
}
