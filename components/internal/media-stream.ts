import { nothing } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Shows a `MediaStream` in a `<video>` or `<audio>` element:
 * `<video ${mediaStream(stream)}>`.
 *
 * Why not `.srcObject=${stream}`: lit commits object-valued property bindings
 * on every render, and assigning `srcObject` — even the same stream — makes
 * the media element reload (`emptied`, `loadstart`, a black frame). This
 * directive assigns only when the stream really changed, and asks the element
 * to play (autoplay is unreliable for freshly attached streams).
 */
class MediaStreamDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('mediaStream() belongs on a <video> or <audio> element.');
  }

  render(_stream: MediaStream | null | undefined) {
    return nothing;
  }

  override update(part: ElementPart, [stream]: [MediaStream | null | undefined]) {
    const media = part.element as HTMLMediaElement;
    const next = stream ?? null;
    if (media.srcObject !== next) media.srcObject = next;
    if (next && media.paused) media.play().catch(() => undefined);
    return nothing;
  }
}

export const mediaStream = directive(MediaStreamDirective);
