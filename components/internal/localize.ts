// Every sentence a person reads goes through `msg()` here: Lit's
// @lit/localize in runtime mode (its `msg`/`str`, ids we choose and keep
// stable), plus the host's single-string overrides (`strings` on
// <roulette-session>). lit-localize's runtime (setLocale and the template
// lookup, localize-runtime.ts) and each translation (components/locales/
// <locale>.ts, its runtime format) are loaded by `import()` when a page first
// asks for another language than English, so they stay out of the core
// bundle: the core has only `msg` (English until the runtime is installed),
// `str` and the re-render controller. lit-localize keeps one active locale
// per page: one language per page.
import type { StrResult } from '@lit/localize';
import { msg as litMsg } from '@lit/localize/init/install.js';
import { LOCALE_STATUS_EVENT } from '@lit/localize/internal/locale-status-event.js';
import type { TemplateResult } from 'lit';
import type { LocaleRuntime } from './localize-runtime.js';

export { str } from '@lit/localize/internal/str-tag.js';
export { updateWhenLocaleChanges } from '@lit/localize/internal/localized-controller.js';

/** The language the source is written in. */
export const SOURCE_LOCALE = 'en';

/** Every locale Roulette speaks: English (the source) and the translations (localize-runtime.ts loads them). */
export const LOCALES: readonly string[] = [SOURCE_LOCALE, 'ar', 'de', 'es', 'fr', 'ja', 'pt'];

/** Locales written right to left. */
const RTL = new Set(['ar']);

/** A value shown in a string: a name, a count… (docs/strings.md lists each string's values). */
export type StringValue = string | number;

/**
 * A host's own wording for one string: the text (`{0}`, `{1}`… stand for the
 * string's values, in the order the English source has them) or a function
 * of those values. Method syntax on purpose: its parameters are checked
 * bivariantly, so `(peer: string) => …` for a string whose value is a name
 * is accepted, as is `(count: number) => …`.
 */
export type StringOverride = string | { format(...values: StringValue[]): string }['format'];

/** Host overrides by string id (docs/strings.md lists the ids). */
export type RouletteStrings = Readonly<Record<string, StringOverride>>;


let overrides: RouletteStrings = {};
let runtime: Promise<LocaleRuntime | undefined> | undefined;
let loaded: LocaleRuntime | undefined;

/** Loads and configures lit-localize's runtime (once); undefined when the page configured lit-localize itself. */
function loadRuntime(): Promise<LocaleRuntime | undefined> {
  return (runtime ??= import('./localize-runtime.js').then(({ configure }) => (loaded = configure(SOURCE_LOCALE))));
}

/** The shipped locale for a BCP 47 tag: `es-MX` → `es`; unknown or empty → English. */
export function resolveLocale(tag: string | null | undefined): string {
  const lower = (tag ?? '').trim().toLowerCase();
  const primary = lower.split(/[-_]/)[0];
  return LOCALES.includes(lower) ? lower : LOCALES.includes(primary) ? primary : SOURCE_LOCALE;
}

/** The writing direction of a shipped locale. */
export function directionOf(locale: string): 'rtl' | 'ltr' {
  return RTL.has(locale) ? 'rtl' : 'ltr';
}

/** The page's active locale. */
export function currentLocale(): string {
  return loaded?.getLocale() ?? SOURCE_LOCALE;
}

/** Switches the page to the locale for `tag` (loading its translation); resolves when it shows. */
export async function setPageLocale(tag: string | null | undefined): Promise<void> {
  const locale = resolveLocale(tag);
  // English needs no runtime until another language was asked for.
  if (locale === SOURCE_LOCALE && !runtime) return;
  await (await loadRuntime())?.setLocale(locale);
}

/** Tells every localized element to render again (the overrides changed). */
function announce(): void {
  window.dispatchEvent(new CustomEvent(LOCALE_STATUS_EVENT, { detail: { status: 'ready', readyLocale: currentLocale() } }));
}

/** Replaces the host's overrides (one table per page, like the locale). */
export function setStrings(strings: RouletteStrings | undefined): void {
  if (strings === overrides) return;
  overrides = strings ?? {};
  announce();
}

type MsgOptions = { id: string; desc?: string };

/**
 * lit-localize's `msg()` with the host's override for `options.id` first.
 * Ids are explicit and stable: they name a string in the locale modules, in
 * docs/strings.md and in hosts' overrides.
 */
export function msg(template: string | StrResult, options: MsgOptions): string;
export function msg(template: TemplateResult, options: MsgOptions): string | TemplateResult;
export function msg(template: string | StrResult | TemplateResult, options: MsgOptions): string | TemplateResult {
  if (Object.hasOwn(overrides, options.id)) {
    const own = overrides[options.id];
    const values: readonly unknown[] = typeof template === 'string' ? [] : template.values;
    return typeof own === 'function'
      ? String(own(...(values as StringValue[])))
      : String(own).replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < values.length ? String(values[Number(i)]) : whole));
  }
  return litMsg(template as TemplateResult, options);
}
