import { loadDevices } from './devices.js';
import { MEDIA_BUSY, MEDIA_DENIED, MEDIA_INSECURE, MEDIA_MISSING } from './wording.js';

/** Why the camera/microphone could not be used, in words a person can act on. */
export interface MediaProblem {
  /** `media-denied` (NotAllowedError), `media-missing` (NotFoundError), `media-failed` (anything else). */
  code: 'media-denied' | 'media-missing' | 'media-failed';
  message: string;
  /** The sentence in the page's current language. */
  text?: () => string;
}

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
  if (!media?.getUserMedia) {
    throw {
      code: 'media-failed',
      message: MEDIA_INSECURE(),
      text: MEDIA_INSECURE,
    } satisfies MediaProblem;
  }
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
  throw describeMediaError(failure);
}

export function describeMediaError(error: unknown): MediaProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return {
        code: 'media-denied',
        message: MEDIA_DENIED(),
        text: MEDIA_DENIED,
      };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return {
        code: 'media-missing',
        message: MEDIA_MISSING(),
        text: MEDIA_MISSING,
      };
    default:
      return {
        code: 'media-failed',
        message: MEDIA_BUSY(),
        text: MEDIA_BUSY,
      };
  }
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
