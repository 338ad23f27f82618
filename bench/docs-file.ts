// docs/benchmarks.md: a run replaces the sections of the parts it ran
// (between `<!-- bench:part -->` markers) and keeps everything else, so a
// soak or a single part can be re-run without losing the rest.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Part } from './args.js';
import { ROOT } from './children.js';

export const DOC = join(ROOT, 'docs/benchmarks.md');

const TEMPLATE = `# Benchmarks

Reproduce with one command (after \`npm install\`; Chromium from Debian at
\`/usr/bin/chromium\`, or set \`CHROMIUM\`):

\`\`\`sh
npm run bench                      # load, browser, qoe, bundle, memory: about 7 minutes
npm run bench -- --n 5000          # the larger load run
npm run bench -- --soak            # 1,000 users making calls for 10 minutes
npm run bench -- --only qoe        # one call watched for 60 s, and the floor
npm run bench -- --only cluster    # 1/2/4 processes on Redis, both adapters, and a rolling deploy
npm run bench -- --only load --profile   # with CPU profiles of each server
npm run bench -- --quick --no-write      # a short check that everything runs
\`\`\`

The machine is shared and noisy: absolute numbers drift between runs, ratios
measured in the same run hold. Each section below says when and on what it
was measured.

## How it is measured

- **Signaling load.** Each server runs in its own process; the load
  generator (\`bench/load/generator.ts\`) runs in another and speaks each wire
  format by hand over raw \`ws\` sockets (engine.io/socket.io packets for
  ours), reading frames by their first bytes only. Users come in pairs; a
  handshake is: \`REQUEST_CALL\` → \`CALL_REQUESTED\`, \`ACCEPT_CALL\` →
  \`CALL_ACCEPTED\`, a 4 KB offer, a 4 KB answer, 10 candidates each way
  (sent without acks; in two batches of 5, as our client sends the two runs
  a browser gathers — protocol v2.1, announced in \`CONNECT\`; the two floors
  carry the same batches), \`HANG_UP\` → \`CALL_ENDED\`. Acks are requested for
  everything but candidates, as our components do. PeerJS's server gets the
  same call in its own protocol: \`OFFER\`, \`ANSWER\`, 10 \`CANDIDATE\` each
  way, payloads shaped as peerjs 1.5 sends them, plus its client's 5-second
  \`HEARTBEAT\`; it has no request, accept or hang-up on the wire. The floor
  (\`bench/servers/ws-relay.ts\`) is a bare \`ws\` relay carrying our message
  flow without acks, validation or call state. The socket.io floor
  (\`bench/servers/socketio-bare.ts\`) is a plain socket.io 4 server with its
  defaults (no Express, no middleware) speaking our dialect with the least
  code: a map from name to socket, each event forwarded to the named peer
  with \`from\` added and \`{ ok: true }\` acked; it is what socket.io itself
  costs, the floor for any server bound to socket.io's wire format. Our server runs as
  \`listen({ port: 0 })\` builds it (Express + socket.io, in-memory store,
  logging off, default rate limit of 200 events/s per connection): with
  fewer than about 500 users the pairs run fast enough to be
  \`RATE_LIMITED\`, which shows up as errors.
- **Latency** is from the moment one user sends a message to the moment its
  peer receives it (one clock: both users live in the generator). *Light*:
  10 pairs, 100 ms between handshakes. *Full*: every pair back to back
  (closed loop), so full-load latency is mostly queueing. *Equal load*: every
  server gets the same offered rate (a share of the slowest server's full-load
  rate), so CPU per handshake is compared at the same load.
- **Server CPU per handshake** is the server process's own \`process.cpuUsage()\`
  (user + system) over a window, divided by the handshakes completed in it.
  Full-load windows are taken in turns (ours, PeerJS, ws floor, socket.io
  floor, ours, …) and the
  median is shown. When the generator's event-loop utilisation is near 1,
  the generator, not the server, limits handshakes/s for that server.
- **RSS per connection** is the server's RSS after a full GC with the users
  connected and registered, minus its RSS before they connected, over their
  number.
- **Call setup**: headless Chromium with the fake camera and microphone,
  caller and callee in two pages (separate browser contexts). The callee
  lets each call ring 1 s (a person's reaction time), so what an
  implementation prepares while it rings is not on the clock. The clock
  starts when the callee accepts (a click on our Accept button in
  \`<roulette-lobby>\`; for PeerJS, \`getUserMedia\` then \`call.answer()\` as
  its README does) and stops at the first decoded remote video frame (read
  with \`MediaStreamTrackProcessor\`); the time shown is the later of the two
  sides. Both pages show the local preview and the remote video (ours in
  \`<roulette-call>\`, PeerJS's in two \`<video>\`s). The floor is two
  \`RTCPeerConnection\`s in one page, from \`createOffer\` to both sides'
  first frame, with media already open and nothing rendered. All use the
  components' constraints (1280×720 ideal) unless marked. The first call of
  each variant is a warm-up and not counted.
- **Quality of experience**: one call held open and watched for 60 s
  (10 s with \`--quick\`, or \`--qoe-seconds\`), starting 2 s after both
  sides decoded their first frame, in the same headless Chromium: first the
  floor (the two \`RTCPeerConnection\`s of \`bench/browser/floor.html\`, each
  side's remote stream in a \`<video>\` with its sound and the local camera in
  a muted one, as a call view shows them), then our components (caller and
  callee in two pages through our server, the call placed and accepted as
  above). On each side, every 250 ms (\`bench/browser/qoe.js\`): the
  \`emptied\`/\`abort\`/\`loadstart\` events of the remote and local
  \`<video>\` (ours: \`video[part="remote-video"]\` and
  \`video[part="local-video"]\` in \`<roulette-call>\`'s shadow root; an element
  replaced by another counts as a reload too), and \`getStats()\` at both ends
  of the window for the differences: video \`inbound-rtp\` \`freezeCount\`,
  \`totalFreezesDuration\` and \`framesDecoded\`, audio \`inbound-rtp\`
  \`concealedSamples\` over \`totalSamplesReceived\`, the camera's rate from
  the sender's \`media-source\` \`frames\`, and the remote \`video.currentTime\`
  advanced over wall time. Our peer connection is read through the session's
  public \`peerConnection\` getter (\`RouletteSession\`); nothing in the page
  is patched. Targets (issue 11): 0 reloads, 0 freezes, concealment and frame
  rate within 1.1× of the floor. The floor's encoder is free to send a
  smaller picture (Chromium starts a 720p camera at a quarter or a ninth of
  it while the bandwidth estimate is low); the received height is shown.
- **Page CPU in a call** (issue 24, \`bench/page-cpu.ts\`, in the qoe part):
  the call held for the same window, nothing watching it, each variant
  alone in the browser: the CPU time of every renderer process
  (\`SystemInfo.getProcessInfo\`; media encoding and decoding run there) and
  the main threads' task time (\`Performance.getMetrics\`). Floors: the
  one-page call of \`floor.html\`, and the same page twice, one peer
  connection each, the bench relaying offer, answer and candidates (as many
  renderer processes as our two-page call). Target: ours ≤ 1.10× the
  two-page floor.
- **Bytes before each screen** (issue 24, \`bench/first-screen.ts\`, in the
  bundle part): \`bench/browser/roulette.html\` in Chromium against our
  server, every response from it read through the DevTools protocol (cache
  off): bytes on the wire (compressed body and headers) and decoded, and the
  number of requests, when the login is usable, when the lobby shows after
  connecting, and when the first frame of the other side's video arrives.

<!-- bench:load -->
<!-- /bench:load -->

<!-- bench:cluster -->
<!-- /bench:cluster -->

<!-- bench:browser -->
<!-- /bench:browser -->

<!-- bench:qoe -->
<!-- /bench:qoe -->

<!-- bench:background -->
<!-- /bench:background -->

<!-- bench:bundle -->
<!-- /bench:bundle -->

<!-- bench:memory -->
<!-- /bench:memory -->

<!-- bench:soak -->
<!-- /bench:soak -->

## What was changed to reach the targets

_Nothing yet: the numbers above are for the server and components as they
are._
`;

export async function updateDoc(sections: Partial<Record<Part, string>>): Promise<void> {
  let doc = await readFile(DOC, 'utf8').catch(() => TEMPLATE);
  for (const [part, body] of Object.entries(sections)) {
    const open = `<!-- bench:${part} -->`;
    const close = `<!-- /bench:${part} -->`;
    const block = `${open}\n${body.trim()}\n${close}`;
    const start = doc.indexOf(open);
    const end = doc.indexOf(close);
    if (start >= 0 && end > start) doc = doc.slice(0, start) + block + doc.slice(end + close.length);
    else doc = `${doc.trimEnd()}\n\n${block}\n`;
  }
  await writeFile(DOC, doc);
}
