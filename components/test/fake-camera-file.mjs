// A camera of any shape for Chromium's `--use-file-for-fake-video-capture`:
// writes a small Y4M clip (a colour field with a bar that moves, so every
// frame differs and the encoder keeps sending) of `width`×`height` and
// returns its path. An upright phone camera is 360×640.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function fakeCameraFile(width, height, frames = 20) {
  if (!(width > 0 && height > 0 && width % 2 === 0 && height % 2 === 0)) throw new Error(`fakeCameraFile: even width and height wanted, got ${width}×${height}`);
  const dir = join(tmpdir(), 'roulette-fake-camera');
  const file = join(dir, `camera-${width}x${height}.y4m`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F15:1 Ip A1:1 C420jpeg\n`);
  const luma = width * height;
  const chroma = luma / 4;
  const parts = [header];
  for (let f = 0; f < frames; f += 1) {
    const frame = Buffer.alloc(luma + 2 * chroma);
    // A vertical gradient in luma, a bar moving down the picture.
    const bar = Math.floor((f / frames) * height);
    for (let y = 0; y < height; y += 1) {
      const value = Math.abs(y - bar) < height / 20 ? 235 : 60 + Math.floor((y / height) * 120);
      frame.fill(value, y * width, (y + 1) * width);
    }
    frame.fill(90, luma, luma + chroma); // U
    frame.fill(170, luma + chroma); // V: a warm tone
    parts.push(Buffer.from('FRAME\n'), frame);
  }
  writeFileSync(file, Buffer.concat(parts));
  return file;
}
