// Quality of experience of one side of a call, watched over a window of
// wall time: what the person sees and hears, not states. Shared by the
// floor (floor.html) and the components (roulette.html).

const RELOAD_EVENTS = ['emptied', 'abort', 'loadstart'];
const TICK_MS = 250;

/** Counts reload events on whichever element `find()` returns; a new element counts as a replacement. */
function reloadCounter(find) {
  let element = find();
  let events = 0;
  let replaced = 0;
  const onReload = () => (events += 1);
  const attach = (el) => el && RELOAD_EVENTS.forEach((type) => el.addEventListener(type, onReload));
  const detach = (el) => el && RELOAD_EVENTS.forEach((type) => el.removeEventListener(type, onReload));
  attach(element);
  return {
    get element() {
      return element;
    },
    check() {
      const now = find();
      if (now === element) return;
      detach(element);
      attach(now);
      element = now;
      replaced += 1;
    },
    stop() {
      detach(element);
      return { events, replaced };
    },
  };
}

/** The numbers of one peer connection's report that the window needs. */
async function snapshot(pc) {
  const out = { video: undefined, audio: undefined, source: undefined, sent: undefined };
  if (!pc) return out;
  const report = await pc.getStats();
  for (const s of report.values()) {
    if (s.type === 'inbound-rtp' && s.kind === 'video') out.video = s;
    else if (s.type === 'inbound-rtp' && s.kind === 'audio') out.audio = s;
    else if (s.type === 'media-source' && s.kind === 'video') out.source = s;
    else if (s.type === 'outbound-rtp' && s.kind === 'video' && (!out.sent || s.framesSent > out.sent.framesSent)) out.sent = s;
  }
  return out;
}

const delta = (end, start, key) => (end?.[key] ?? NaN) - (start?.[key] ?? 0);

/**
 * Watches one side for `seconds`: `videos()` gives `{ remote, local }` (read
 * again every tick, so a replaced element is noticed and watched), `pc()` the
 * peer connection the remote media arrives on.
 */
export async function watchSide({ seconds, videos, pc, localStream }) {
  const remote = reloadCounter(() => videos().remote);
  const local = reloadCounter(() => videos().local);
  const connection = pc();
  if (!connection) throw new Error('no peer connection to read stats from');
  if (!remote.element) throw new Error('no remote <video>');
  const camera = localStream?.getVideoTracks()[0]?.getSettings();
  const startStats = await snapshot(connection);
  const startWall = performance.now();
  const startPlayback = remote.element.currentTime;
  let zeroWidth = 0;
  let paused = 0;
  let ticks = 0;
  let pcChanged = false;
  const maxTicks = Math.ceil((seconds * 1000) / TICK_MS) + 40;
  for (let i = 0; i < maxTicks && performance.now() - startWall < seconds * 1000; i++) {
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    remote.check();
    local.check();
    if (pc() !== connection) pcChanged = true;
    ticks += 1;
    if (!remote.element || remote.element.videoWidth === 0) zeroWidth += 1;
    if (!remote.element || remote.element.paused) paused += 1;
  }
  const endStats = await snapshot(connection);
  const wall = (performance.now() - startWall) / 1000;
  // Playback of the element watched at the start: a replaced element starts again from 0.
  const played = remote.element ? remote.element.currentTime - startPlayback : NaN;
  const r = remote.stop();
  const l = local.stop();
  const statsSeconds = (endStats.video?.timestamp - startStats.video?.timestamp) / 1000 || wall;
  return {
    wall,
    reloads: { remote: r.events, local: l.events, replaced: r.replaced + l.replaced },
    freezes: delta(endStats.video, startStats.video, 'freezeCount'),
    freezeSeconds: delta(endStats.video, startStats.video, 'totalFreezesDuration'),
    pauses: delta(endStats.video, startStats.video, 'pauseCount'),
    concealedSamples: delta(endStats.audio, startStats.audio, 'concealedSamples'),
    samplesReceived: delta(endStats.audio, startStats.audio, 'totalSamplesReceived'),
    decodedFps: delta(endStats.video, startStats.video, 'framesDecoded') / statsSeconds,
    droppedFrames: delta(endStats.video, startStats.video, 'framesDropped'),
    audioSeconds: delta(endStats.audio, startStats.audio, 'totalSamplesDuration'),
    concealmentEvents: delta(endStats.audio, startStats.audio, 'concealmentEvents'),
    frameWidth: endStats.video?.frameWidth ?? 0,
    frameHeight: endStats.video?.frameHeight ?? 0,
    cameraFps: delta(endStats.source, startStats.source, 'frames') / statsSeconds,
    cameraSettingsFps: camera?.frameRate,
    sentFps: delta(endStats.sent, startStats.sent, 'framesSent') / statsSeconds,
    played,
    zeroWidthShare: ticks ? zeroWidth / ticks : NaN,
    pausedShare: ticks ? paused / ticks : NaN,
    pcChanged,
  };
}
