// lit-localize's runtime (setLocale, and the `msg` that looks templates up
// by id) and where each translation comes from: a chunk of its own, loaded
// by localize.ts the first time a page asks for a language other than
// English. Every translation is a chunk of its own too.
import type { LocaleModule } from '@lit/localize';
import { configureLocalization } from '@lit/localize/init/runtime.js';

/** lit-localize's locale functions. */
export interface LocaleRuntime {
  getLocale(): string;
  setLocale(locale: string): Promise<void>;
}

const LOADERS: Record<string, () => Promise<LocaleModule>> = {
  ar: () => import('../locales/ar.js'),
  de: () => import('../locales/de.js'),
  es: () => import('../locales/es.js'),
  fr: () => import('../locales/fr.js'),
  ja: () => import('../locales/ja.js'),
  pt: () => import('../locales/pt.js'),
};

/** Configures lit-localize for Roulette's locales; undefined when the page configured it already (it can be configured once). */
export function configure(sourceLocale: string): LocaleRuntime | undefined {
  try {
    return configureLocalization({
      sourceLocale,
      targetLocales: Object.keys(LOADERS),
      loadLocale: (locale) => LOADERS[locale](),
    });
  } catch {
    // A page that uses the same (unbundled) copy of lit-localize for itself
    // keeps its own configuration: Roulette then shows English.
    return undefined;
  }
}
