// Draws one outgoing frame: the background (the camera's picture blurred, or
// the site's picture) and, over it, the person cut out by the latest mask.
// Until the first mask arrives the whole frame is background: the room is
// never shown unprocessed.

/** How much smaller the picture is drawn before it is stretched back: the blur (cheap at any size). */
const BLUR_SCALE = 16;

function canvas(width: number, height: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  return c;
}

function context(c: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = c.getContext('2d', { alpha: true });
  if (!ctx) throw new Error('Roulette: no 2D canvas for the background');
  return ctx;
}

/** What goes behind the person: a blur of the camera's picture, or a picture. */
export type Backdrop = { blur: true } | { picture: HTMLImageElement };

export class Compositor {
  /** The frame sent, at the processing size. */
  readonly output: HTMLCanvasElement;
  readonly #out: CanvasRenderingContext2D;
  readonly #person: CanvasRenderingContext2D;
  readonly #small: CanvasRenderingContext2D;

  /** Draws into `output` (resized to `width`×`height`: the frame loop's canvas). */
  constructor(
    output: HTMLCanvasElement,
    readonly width: number,
    readonly height: number,
  ) {
    this.output = Object.assign(output, { width, height });
    this.#out = context(this.output);
    this.#person = context(canvas(width, height));
    this.#small = context(canvas(Math.max(2, Math.round(width / BLUR_SCALE)), Math.max(2, Math.round(height / BLUR_SCALE))));
    // A little blur on the tiny picture too, where the canvas has filters: no blocks when stretched.
    if ('filter' in this.#small) this.#small.filter = 'blur(1px)';
  }

  /** Draws `frame` with `backdrop` behind the person `mask` shows (no mask: background only). */
  draw(frame: CanvasImageSource, mask: CanvasImageSource | undefined, backdrop: Backdrop): void {
    const { width, height } = this;
    const out = this.#out;
    out.globalCompositeOperation = 'copy';
    if ('picture' in backdrop) drawCover(out, backdrop.picture, width, height);
    else {
      const small = this.#small;
      small.drawImage(frame, 0, 0, small.canvas.width, small.canvas.height);
      out.imageSmoothingQuality = 'high';
      out.drawImage(small.canvas, 0, 0, width, height);
    }
    if (!mask) return;
    const person = this.#person;
    person.globalCompositeOperation = 'copy';
    person.drawImage(mask, 0, 0, width, height);
    person.globalCompositeOperation = 'source-in';
    person.drawImage(frame, 0, 0, width, height);
    out.globalCompositeOperation = 'source-over';
    out.drawImage(person.canvas, 0, 0);
  }
}

/** Draws `image` to fill `width`×`height`, cropped rather than stretched. */
function drawCover(ctx: CanvasRenderingContext2D, image: HTMLImageElement, width: number, height: number): void {
  const scale = Math.max(width / image.naturalWidth, height / image.naturalHeight);
  const w = image.naturalWidth * scale;
  const h = image.naturalHeight * scale;
  ctx.drawImage(image, (width - w) / 2, (height - h) / 2, w, h);
}
