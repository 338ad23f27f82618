// What a handshake carries: a 4 KB SDP each way and ten candidates each way,
// shaped like Chrome's so the JSON escaping (\r\n) costs what it costs live.

const SDP_HEAD = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS 3f9a4a1e-6f55-4c1b-9a8e-0d6a4f3c2b1a',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:EsAw',
  'a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:34:8E:5E:EA:6F:AF:52:CE:E6:0F',
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
].join('\r\n');

const VIDEO_LINE = 'a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 goog-remb\r\na=rtcp-fb:96 transport-cc\r\na=rtcp-fb:96 ccm fir\r\n';

/** An SDP of exactly `length` characters. */
function sdpOfLength(length: number): string {
  let sdp = `${SDP_HEAD}\r\n`;
  while (sdp.length < length) sdp += VIDEO_LINE;
  return `${sdp.slice(0, length - 2)}\r\n`;
}

export const SDP_LENGTH = 4096;
export const CANDIDATES_PER_SIDE = 10;
/**
 * How our client sends those ten (PROTOCOL v2.1 candidate batches,
 * components/session/candidate-batcher.ts): one batch per gathering run, and
 * a browser gathers in two runs — its host candidates at once, the
 * server-reflexive and relay ones a STUN/TURN round trip later (Chromium in
 * the browser test: 2 batches for the caller, 1 for the callee on loopback).
 */
export const CANDIDATE_BATCHES = [5, 5];

export const OFFER = Object.freeze({ type: 'offer' as const, sdp: sdpOfLength(SDP_LENGTH) });
export const ANSWER = Object.freeze({ type: 'answer' as const, sdp: sdpOfLength(SDP_LENGTH) });

export const CANDIDATE = Object.freeze({
  candidate: 'candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.5 rport 46154 generation 0 ufrag EsAw network-cost 999',
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: 'EsAw',
});

/** JSON texts, encoded once: every frame splices these in. */
export const OFFER_JSON = JSON.stringify(OFFER);
export const ANSWER_JSON = JSON.stringify(ANSWER);
export const CANDIDATE_JSON = JSON.stringify(CANDIDATE);
