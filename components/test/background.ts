// Test kit for the background effect's tests (components/session/background/):
// a call whose received picture is measured, and the processors running.
import { expect } from '@open-wc/testing';
import { effectOptions } from '../session/background/camera-effect.js';
import { backgrounds } from '../session/background/choice.js';
import { runningProcessors, type BackgroundProcessor } from '../session/background/processor.js';
import type { RouletteSession } from '../session/session.js';
import { callAndAccept, cleanUp, connected, framesArrive, startServer, waitFor } from './testing.js';

/** Where the dev server has the package's files (the bundle has them in dist/roulette-segmenter/). */
export const SEGMENTER_FILES = '/node_modules/@mediapipe/selfie_segmentation/';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function videoOf(stream: MediaStream): HTMLVideoElement {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  video.style.cssText = 'position:fixed;left:0;top:0;width:320px;height:180px';
  document.body.append(video);
  void video.play();
  return video;
}

/**
 * How sharp the picture in `video` is: the strong edges' steepness — the
 * 99th percentile of the differences between neighbouring pixels (grey
 * levels) at 320×180. The fake camera's picture is mostly flat, with text
 * and shapes drawn on it; a blur takes their edges away.
 */
export function sharpness(video: HTMLVideoElement): number {
  const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 180 });
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(video, 0, 0, 320, 180);
  const { data } = ctx.getImageData(0, 0, 320, 180);
  const grey = (i: number) => (data[i] + data[i + 1] + data[i + 2]) / 3;
  const steps: number[] = [];
  for (let y = 0; y < 179; y++) {
    for (let x = 0; x < 319; x++) {
      const i = (y * 320 + x) * 4;
      steps.push(Math.max(Math.abs(grey(i) - grey(i + 4)), Math.abs(grey(i) - grey(i + 320 * 4))));
    }
  }
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length * 0.99)];
}

/** The median sharpness of `count` frames `interval` ms apart (single frames vary with what the fake camera draws). */
export async function sharpnessOver(video: HTMLVideoElement, count = 7, interval = 150): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    values.push(sharpness(video));
    await sleep(interval);
  }
  return values.sort((a, b) => a - b)[count >> 1];
}

/** The mean red, green and blue of what `video` shows. */
export function meanColour(video: HTMLVideoElement): [number, number, number] {
  const canvas = Object.assign(document.createElement('canvas'), { width: 32, height: 18 });
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(video, 0, 0, 32, 18);
  const { data } = ctx.getImageData(0, 0, 32, 18);
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += data[i + c];
  const n = data.length / 4;
  return [sum[0] / n, sum[1] / n, sum[2] / n];
}

export function videoSender(session: RouletteSession): RTCRtpSender {
  return session.peerConnection!.getSenders().find((s) => s.track?.kind === 'video' || s.track === null)!;
}

export async function framesSent(session: RouletteSession): Promise<number> {
  const stats = await session.peerConnection!.getStats();
  let frames = 0;
  stats.forEach((s) => {
    if (s.type === 'outbound-rtp' && s.kind === 'video') frames += s.framesSent ?? 0;
  });
  return frames;
}

export function onlyProcessor(): BackgroundProcessor {
  expect(runningProcessors.size, 'processors running').to.equal(1);
  return [...runningProcessors][0];
}

export const isChromium = 'MediaStreamTrackProcessor' in globalThis;
/** The model needs WebGL 2: headless Firefox here has none (the effect then says so and turns the camera off). */
export const canSegment = !!document.createElement('canvas').getContext('webgl2');

/** Alice and Bob in a call; Bob's view of Alice's video, playing. */
export async function callWithView() {
  const server = await startServer();
  const alice = await connected(server, 'alice');
  const bob = await connected(server, 'bob');
  await callAndAccept(alice, bob);
  const remote = await waitFor(() => (bob.state.remoteStream?.getVideoTracks().length ? bob.state.remoteStream : undefined), "Alice's video at Bob's");
  const received = videoOf(remote);
  await framesArrive(received, 10, 30_000);
  return { alice, bob, received };
}

/** Between tests: videos gone, no choice remembered, the effect's options back to defaults, servers stopped. */
export async function resetBackgrounds(): Promise<void> {
  document.querySelectorAll('video').forEach((v) => v.remove());
  backgrounds.chosen = undefined;
  backgrounds.pictures = undefined;
  localStorage.removeItem('roulette-background');
  for (const key of Object.keys(effectOptions)) delete effectOptions[key as keyof typeof effectOptions];
  await cleanUp();
}
