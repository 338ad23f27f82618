// Person segmentation on the device: MediaPipe's selfie segmentation (the
// npm package @mediapipe/selfie_segmentation carries its runtime — .js and
// .wasm — its graph and its .tflite models). Nothing comes from anywhere
// else: the build copies those files into dist/roulette-segmenter/ beside
// the bundle (rollup.config.mjs), and they load relative to it, so a CDN
// copy of the bundle loads its own. Loaded only when someone turns a
// background effect on.
import type { Options, SelfieSegmentation } from '@mediapipe/selfie_segmentation';

/** Where the segmentation files are: beside the bundle unless set. */
let files = new URL('./roulette-segmenter/', import.meta.url).href;

/**
 * Loads the segmentation files from `base` instead (a folder URL, relative
 * to the page): for pages that bundle the package themselves and serve
 * `node_modules/@mediapipe/selfie_segmentation/` somewhere.
 */
export function useSegmenterFiles(base: string): void {
  files = new URL(base.endsWith('/') ? base : `${base}/`, document.baseURI).href;
}

/** Give up loading after this long (a 6 MB runtime on a slow phone network takes a while). */
const LOAD_TIMEOUT_MS = 30_000;

/** The segmentation model, ready to use. */
export interface Segmenter {
  /** The person's mask for `image` (opaque where the person is), or rejects. One image at a time: calls wait their turn. */
  segment(image: HTMLCanvasElement): Promise<CanvasImageSource>;
}

/** The model 256×144 "landscape" variant: made for video calls, cheaper than the 256×256 one. */
export const MODEL_WIDTH = 256;
export const MODEL_HEIGHT = 144;

let script: Promise<void> | undefined;

/** Loads the solution's script once per page (it defines `SelfieSegmentation` on the page). */
function loadScript(): Promise<void> {
  script ??= new Promise<void>((resolve, reject) => {
    const tag = document.createElement('script');
    tag.src = `${files}selfie_segmentation.js`;
    tag.crossOrigin = 'anonymous';
    tag.onload = () => resolve();
    tag.onerror = () => reject(new Error(`Roulette: the segmentation runtime did not load from ${tag.src}`));
    document.head.append(tag);
  }).catch((error: unknown) => {
    script = undefined; // try again next time
    throw error;
  });
  return script;
}

/**
 * The solution needs WebGL 2 for its image steps (without it Firefox's tab
 * crashes rather than the promise rejecting: refuse first). Without a
 * graphics processor (a software WebGL such as SwiftShader), the model runs
 * faster on the CPU (XNNPACK): 57 ms against 222 ms a frame here.
 */
function graphics(): 'none' | 'software' | 'hardware' {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return 'none';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|software/i.test(renderer) ? 'software' : 'hardware';
}

let loaded: Promise<Segmenter> | undefined;

/**
 * The page's one model, loaded on first use and kept: turning the effect off
 * and on again is instant, and the solution misbehaves when instances are
 * closed and made again (a third one hung the page in the tests). Rejects
 * when the runtime or the model cannot be loaded (the next call tries again).
 */
export function loadSegmenter(): Promise<Segmenter> {
  loaded ??= loadWithTimeout().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function loadWithTimeout(): Promise<Segmenter> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Roulette: the segmentation runtime took too long to load')), LOAD_TIMEOUT_MS);
  });
  try {
    return await Promise.race([start(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function start(): Promise<Segmenter> {
  const gpu = graphics();
  if (gpu === 'none') throw new Error('Roulette: the background effect needs WebGL 2, which this browser does not offer here');
  await loadScript();
  const Solution = (globalThis as { SelfieSegmentation?: typeof SelfieSegmentation }).SelfieSegmentation;
  if (!Solution) throw new Error('Roulette: the segmentation runtime did not start');
  const solution = new Solution({ locateFile: (file) => `${files}${file}` });
  // useCpuInference is an option of the solution its typings leave out.
  solution.setOptions({ modelSelection: 1, selfieMode: false, useCpuInference: gpu === 'software' } as Options);
  let mask: CanvasImageSource | undefined;
  solution.onResults((results) => {
    mask = results.segmentationMask;
  });
  await solution.initialize();
  let turn: Promise<unknown> = Promise.resolve();
  const run = async (image: HTMLCanvasElement): Promise<CanvasImageSource> => {
    mask = undefined;
    await solution.send({ image });
    if (!mask) throw new Error('Roulette: the segmentation gave no mask');
    return mask;
  };
  return {
    segment(image) {
      const result = turn.then(() => run(image));
      turn = result.catch(() => undefined);
      return result;
    },
  };
}
