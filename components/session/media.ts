import { loadDevices } from './devices.js';
import type { MediaProblem } from './media-problems.js';

export type { MediaProblem } from './media-problems.js';

/** The video a call asks for. */
export const CALL_VIDEO: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 } };

/** Constraints for one kind of device: exactly the chosen one, if any. */
export function deviceConstraints(kind: 'audio' | 'video', deviceId?: string): MediaTrackConstraints {
  return { ...(kind === 'video' ? CALL_VIDEO : {}), ...(deviceId ? { deviceId: { exact: deviceId } } : {}) };
}

/**
 * Asks for camera and microphone (the ones chosen before, see devices.ts);
 * with no camera the call is audio-only, with no microphone video-only.
 * Rejects with a `MediaProblem`.
 */
export async function openCamera(): Promise<MediaStream> {
  const media = navigator.mediaDevices;
  if (!media?.getUserMedia) throw (await import('./media-problems.js')).insecure();
  const chosen = loadDevices();
  const audio = deviceConstraints('audio', chosen.audioinput);
  const video = deviceConstraints('video', chosen.videoinput);
  let failure: unknown;
  // The chosen devices, else the defaults (the chosen one is gone), else one kind only.
  for (const constraints of [{ audio, video }, { audio: true, video: CALL_VIDEO }, { audio: true }, { video: CALL_VIDEO }]) {
    try {
      return await media.getUserMedia(constraints);
    } catch (error) {
      failure ??= error;
      // Only a missing device is worth trying without.
      if (!/NotFound|Overconstrained/.test((error as Error).name)) break;
    }
  }
  // What to do about it: a chunk of its own, needed only when the camera fails.
  throw (await import('./media-problems.js')).describeMediaError(failure);
}

export function isMediaProblem(value: unknown): value is MediaProblem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as MediaProblem).code === 'string' &&
    (value as MediaProblem).code.startsWith('media-')
  );
}

export function stopStream(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
