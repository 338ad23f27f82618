// How the other person's picture fits the stage: it fills the stage (`cover`)
// only while that crops away less than a fifth of its width or height;
// otherwise it is shown whole (`contain`). An upright phone camera on an
// upright phone fills the screen, a landscape one is shown whole, and a
// desktop gets an upright camera as an upright tile at full stage height.
// The person may choose "fill" (double-tap, or the Fill button) to fill always.

/** The least of the picture's width and height ever shown without "fill". */
export const LEAST_SHOWN = 0.8;

export type Fit = 'cover' | 'contain';

/** The fit for a `video` picture in a `box`, both `[width, height]`. */
export function fitFor([vw, vh]: readonly [number, number], [bw, bh]: readonly [number, number], fill: boolean): Fit {
  if (fill) return 'cover';
  if (!(vw > 0 && vh > 0 && bw > 0 && bh > 0)) return 'contain';
  const picture = vw / vh;
  const box = bw / bh;
  // Under `cover` the shown share of the cropped dimension.
  const shown = Math.min(picture / box, box / picture);
  return shown >= LEAST_SHOWN ? 'cover' : 'contain';
}

/** The rectangle where a `video` element shows its picture under `fit` (in the element's own box). */
export function pictureRect(element: DOMRect, [vw, vh]: readonly [number, number], fit: Fit): DOMRect {
  if (!(vw > 0 && vh > 0)) return element;
  const scale = (fit === 'cover' ? Math.max : Math.min)(element.width / vw, element.height / vh);
  const [w, h] = [vw * scale, vh * scale];
  return new DOMRect(element.left + (element.width - w) / 2, element.top + (element.height - h) / 2, w, h);
}
