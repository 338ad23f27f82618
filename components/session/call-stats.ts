import { SteadyQuality, type Quality } from './steady-quality.js';

// Loads with the sampler: the call keeps one per call.
export { SteadyQuality, type Quality };

/** Connection quality of a call, from `RTCPeerConnection.getStats()`. */
export interface CallStats {
  /**
   * `good`, `fair` or `poor`: the worst of the round-trip time, the loss and
   * (where the browser estimates it) the bandwidth available for sending —
   * see {@link rateQuality} — and of `peer`.
   */
  quality: Quality;
  /** The other side's own rating, when it sent one over the call's data channel (the same rule, from its stats). */
  peer?: Quality;
  /** Round-trip time of the path in use, in milliseconds (absent until measured). */
  rtt?: number;
  /** Share of incoming packets lost since the previous sample, 0–1. */
  loss: number;
  /** Kilobits per second received since the previous sample. */
  inbound: number;
  /** Kilobits per second sent since the previous sample. */
  outbound: number;
  /**
   * The browser's estimate of the kilobits per second the path can carry
   * from here (Chromium's `availableOutgoingBitrate`; absent in Firefox).
   */
  available?: number;
  /** True when the path goes through a TURN relay, false when it is direct. */
  relayed: boolean;
  /**
   * True when nothing at all arrived since the previous sample although
   * something had before: the other side's link is gone. ICE takes several
   * seconds more to say so; the person should not watch a frozen picture unexplained.
   */
  stalled: boolean;
}

/**
 * The quality a person would call it. Round trip: Fair above 250 ms, Poor
 * above 500 ms (talking over each other). Loss: Fair above 2 %, Poor above
 * 10 % (concealment becomes audible). Bandwidth for sending: Fair below
 * 400 kbit/s (video drops to low resolution or frame rate), Poor below
 * 150 kbit/s (little more than audio). A thin pipe shows only in the last:
 * once the encoder has adapted, its queue empties and round trip and loss
 * look fine again while the picture stays small.
 */
export function rateQuality(rttMs: number | undefined, loss: number, availableKbps: number | undefined): Quality {
  const rtt = rttMs ?? 0;
  const available = availableKbps ?? Infinity;
  if (loss > 0.1 || rtt > 500 || available < 150) return 'poor';
  if (loss > 0.02 || rtt > 250 || available < 400) return 'fair';
  return 'good';
}

/** Running totals a sample is compared with: time, bytes in, bytes out, packets, packets lost. */
export type StatsTotals = [number, number, number, number, number];

/**
 * One sample: the selected candidate pair (its round-trip time, bytes,
 * bandwidth estimate and candidate types) and the incoming RTP loss, compared
 * with `previous`. `judgeBandwidth: false` leaves the estimate out of the
 * quality: it starts low and climbs during a call's first seconds.
 * `remoteCandidates`: the candidate lines the other side trickled (ours and
 * Chromium trickle every candidate). `steady`: the call's own
 * `SteadyQuality`, which the rating goes through (worse only once it lasts).
 */
export async function sampleStats(
  pc: RTCPeerConnection,
  previous: StatsTotals = [0, 0, 0, 0, 0],
  { judgeBandwidth = true, remoteCandidates = [] as readonly string[], steady = undefined as SteadyQuality | undefined } = {},
): Promise<[CallStats, StatsTotals]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const report = (await pc.getStats()) as Map<string, any>;
  let pair;
  let rtt: number | undefined;
  let packets = 0;
  let lost = 0;
  for (const s of report.values()) {
    // Chromium names the pair in use on the transport; Firefox marks it `selected`.
    if (s.type === 'transport' && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId);
    if (s.type === 'candidate-pair' && s.selected) pair ??= s;
    if (s.type === 'inbound-rtp') {
      packets += s.packetsReceived ?? 0;
      lost += s.packetsLost ?? 0;
    }
    if (s.type === 'remote-inbound-rtp') rtt ??= s.roundTripTime;
  }
  rtt = pair?.currentRoundTripTime ?? rtt;
  const totals: StatsTotals = [performance.now(), pair?.bytesReceived ?? 0, pair?.bytesSent ?? 0, packets, lost];
  const [ms, received, sent, newPackets, newLost] = totals.map((n, i) => n - previous[i]);
  const rate = (bytes: number): number => (previous[0] ? Math.max(0, Math.round((bytes * 8) / ms)) : 0);
  const loss = newLost > 0 ? newLost / (newPackets + newLost) : 0;
  const rttMs = rtt === undefined ? undefined : Math.round(rtt * 1000);
  const available = typeof pair?.availableOutgoingBitrate === 'number' ? Math.round(pair.availableOutgoingBitrate / 1000) : undefined;
  const relay = (id: string): boolean => {
    const candidate = report.get(id);
    // A remote end learned from the other side's checks before its relay
    // candidate was signalled stays "prflx" in Firefox's stats: it is that
    // relay when a relay candidate was signalled with its address and port.
    return candidate?.candidateType === 'relay' || (candidate?.candidateType === 'prflx' && remoteCandidates.some((c) => c.includes(` ${candidate.address} ${candidate.port} typ relay`)));
  };
  const stats: CallStats = {
    quality: rateQuality(rttMs, loss, judgeBandwidth ? available : undefined),
    rtt: rttMs,
    loss,
    inbound: rate(received),
    outbound: rate(sent),
    available,
    relayed: !!pair && (relay(pair.localCandidateId) || relay(pair.remoteCandidateId)),
    stalled: previous[0] !== 0 && previous[1] > 0 && received === 0,
  };
  // The first sample is only the baseline of the rates: not evidence.
  if (steady && previous[0]) stats.quality = steady.next(stats.quality, totals[0]);
  return [stats, totals];
}
