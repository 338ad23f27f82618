/** Why the camera/microphone could not be used, in words a person can act on. */
export interface MediaProblem {
  /** `media-denied` (NotAllowedError), `media-missing` (NotFoundError), `media-failed` (anything else). */
  code: 'media-denied' | 'media-missing' | 'media-failed';
  message: string;
}

/** The constraints a call asks for. */
export const CALL_MEDIA: MediaStreamConstraints = {
  audio: true,
  video: { width: { ideal: 1280 }, height: { ideal: 720 } },
};

/** Asks for camera and microphone; rejects with a `MediaProblem`. */
export async function openCamera(constraints: MediaStreamConstraints = CALL_MEDIA): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw {
      code: 'media-failed',
      message: 'This page cannot use a camera: open it over HTTPS (or on localhost) in a current browser.',
    } satisfies MediaProblem;
  }
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch (error) {
    throw describeMediaError(error);
  }
}

export function describeMediaError(error: unknown): MediaProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return {
        code: 'media-denied',
        message:
          'Camera and microphone access is blocked. Allow them for this site in your browser (the camera icon in the address bar), then call again.',
      };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return {
        code: 'media-missing',
        message: 'No camera or microphone was found. Connect one, then call again.',
      };
    default:
      return {
        code: 'media-failed',
        message:
          'Your camera or microphone could not be started. Close other apps that may be using them, then call again.',
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
