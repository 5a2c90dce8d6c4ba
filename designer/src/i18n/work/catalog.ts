/** The same keys as a catalog's English strings, for its Chinese ones (the type checks them). */
type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

/** One screen's strings in the three locales: its own i18next namespace (`useTranslation('board')`). */
export interface Catalog<T> {
  en: T;
  'zh-Hans': SameKeys<T>;
  'zh-Hant': SameKeys<T>;
}
