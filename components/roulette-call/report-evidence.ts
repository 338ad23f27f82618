// Evidence for moderators (opt-in: the server's REPORT_EVIDENCE=1): one still
// frame of the other person's video, as the reporter saw it when they pressed
// "Report", drawn in their own browser to a small JPEG and sent with the
// REPORT. Never taken from a stranger's blurred video the person had not
// chosen to show (stranger-veil.ts): what was not seen is not sent. A chunk
// of its own, loaded only by a report on a server that asks for it.
import { isVeiled } from './stranger-veil.js';
import type { RouletteSession } from '../session/session.js';

/** The server's limit (server/signaling/evidence.ts): base64 characters. */
export const MAX_EVIDENCE = 65_536;

/** Smaller and rougher until it fits: widths in CSS pixels and JPEG qualities. */
const ATTEMPTS: [number, number][] = [
  [480, 0.7],
  [320, 0.6],
  [240, 0.5],
  [160, 0.4],
];

function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** A JPEG of `video`'s current frame, base64, within MAX_EVIDENCE; undefined when there is no frame. */
export async function frameOf(video: HTMLVideoElement): Promise<string | undefined> {
  if (!video.videoWidth || !video.videoHeight) return undefined;
  for (const [width, quality] of ATTEMPTS) {
    const scale = Math.min(1, width / video.videoWidth);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    if (!blob) return undefined;
    const text = base64(new Uint8Array(await blob.arrayBuffer()));
    if (text.length <= MAX_EVIDENCE) return text;
  }
  return undefined;
}

/** The frame of the call `from` sits in (its `<roulette-call>`'s remote video), unless it is veiled. */
export async function captureEvidence(from: Element & { session?: RouletteSession }): Promise<string | undefined> {
  if (isVeiled(from.session)) return undefined;
  const root = from.getRootNode() as ParentNode;
  const video = root.querySelector?.<HTMLVideoElement>('[part~="remote-video"]');
  return video ? frameOf(video).catch(() => undefined) : undefined;
}
