import type { LocalizedText } from '@funnel/schemas';

/**
 * A definition's text in the user's locale, falling back to English (always present).
 * @example localizedText({ en: 'Lead', 'zh-Hans': '线索' }, 'zh-Hans') // → '线索'
 */
export function localizedText(text: LocalizedText | undefined, locale: string): string {
  if (!text) return '';
  if (locale === 'zh-Hans' || locale === 'zh-Hant') return text[locale] ?? text.en;
  return text.en;
}
