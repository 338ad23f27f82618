// The head of the call's panels (the chat, "Safety and devices"): the title
// and a round "Close" button.
import { html } from 'lit';
import { icon } from '../internal/icon.js';
import { msg } from '../internal/localize.js';

/** A cross (24×24 stroke): "Close", and "Stop" on the bar. */
export const CLOSE = 'M6 6l12 12M18 6L6 18';

export function sheetHead(title: string, close: () => void, id?: string) {
  const label = msg('Close', { id: 'call.close' });
  return html`<div class="sheet-head">
    <h3 id=${id ?? ''}>${title}</h3>
    <button class="tool close" type="button" title=${label} @click=${close}>${icon(CLOSE)}<span class="sr-only">${label}</span></button>
  </div>`;
}
