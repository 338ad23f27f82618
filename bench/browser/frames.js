// Shared by the call-setup pages: one clock for every page of the browser,
// and the moment a remote video track delivers its first decoded frame.

/** Milliseconds since the epoch, sub-millisecond, comparable across pages. */
export function now() {
  return performance.timeOrigin + performance.now();
}

/** What the components ask for (CALL_VIDEO in components/session/media.ts, with a microphone). */
export const CALL_MEDIA = { audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } };

/** Resolves with the stream's video track once it has one. */
export function videoTrackOf(stream) {
  const [track] = stream.getVideoTracks();
  if (track) return Promise.resolve(track);
  return new Promise((resolve) => {
    stream.addEventListener('addtrack', function onTrack(event) {
      if (event.track.kind !== 'video') return;
      stream.removeEventListener('addtrack', onTrack);
      resolve(event.track);
    });
  });
}

/**
 * When the first decoded frame of a remote video track is available: read
 * from a clone through MediaStreamTrackProcessor (no rendering involved),
 * else from a <video>'s requestVideoFrameCallback.
 */
export async function firstFrame(track) {
  const clone = track.clone();
  try {
    if ('MediaStreamTrackProcessor' in window) {
      const reader = new MediaStreamTrackProcessor({ track: clone }).readable.getReader();
      const { value } = await reader.read();
      const at = now();
      value?.close();
      reader.cancel().catch(() => {});
      return at;
    }
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = new MediaStream([clone]);
    const at = await new Promise((resolve) => {
      video.requestVideoFrameCallback(() => resolve(now()));
      video.play().catch(() => {});
    });
    video.srcObject = null;
    return at;
  } finally {
    clone.stop();
  }
}
