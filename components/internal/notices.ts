import { html, type TemplateResult } from 'lit';
import type { Notice } from '../session/state.js';

/**
 * The two live regions every view has: `role="status"` for information and
 * `role="alert"` for errors. Both stay in the DOM (empty when unused) so
 * screen readers announce changes. A notice's `text` gives its sentence in
 * the page's current language; `more` is a sentence added to it (read out with it).
 */
export function renderNotices(notice: Notice | undefined, more?: string): TemplateResult {
  const text = notice && (notice.text?.() ?? notice.message) + (more ? ` ${more}` : '');
  return html`
    <div class="notice" part="notice" role="status">${notice?.tone === 'info' ? text : ''}</div>
    <div class="notice" part="error" role="alert">${notice?.tone === 'error' ? text : ''}</div>
  `;
}
