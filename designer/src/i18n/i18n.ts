import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LOCALES, type Locale } from '@funnel/schemas';
import { en } from './en';
import { WORK_CATALOGS } from './work';
import { zhHans } from './zh-Hans';
import { zhHant } from './zh-Hant';

const LOCALE_STORAGE_KEY = 'funnel.locale';

/** The locale the designer starts in: the last one picked, else the browser's, else English. */
function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
  if (stored && (LOCALES as readonly string[]).includes(stored)) return stored as Locale;
  const browser = globalThis.navigator?.language ?? 'en';
  if (/^zh-(TW|HK|MO|Hant)/i.test(browser)) return 'zh-Hant';
  if (/^zh/i.test(browser)) return 'zh-Hans';
  return 'en';
}

/** The work area's namespaces in one locale. */
function workNamespaces(locale: Locale): Record<string, object> {
  return Object.fromEntries(Object.entries(WORK_CATALOGS).map(([namespace, catalog]) => [namespace, catalog[locale]]));
}

/** Starts i18next with the three locales; switching is `setLocale`, at runtime, without a reload. */
export function startI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: {
      en: { translation: en, ...workNamespaces('en') },
      'zh-Hans': { translation: zhHans, ...workNamespaces('zh-Hans') },
      'zh-Hant': { translation: zhHant, ...workNamespaces('zh-Hant') },
    },
    lng: initialLocale(),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  return i18next;
}

/**
 * Switches the designer's language now and remembers it.
 * @example setLocale('zh-Hans')
 */
export function setLocale(locale: Locale): void {
  void i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
  globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
}
