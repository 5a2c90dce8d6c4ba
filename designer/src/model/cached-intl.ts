const numberFormats = new Map<string, Intl.NumberFormat>();
const listFormats = new Map<string, Intl.ListFormat>();

/**
 * An Intl.NumberFormat for a locale and options, built once (building one costs far more than using it,
 * and every stage node formats a percentage and its timers).
 * @example cachedNumberFormat('en', { style: 'percent' }).format(0.3) // → '30%'
 */
export function cachedNumberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

/**
 * An Intl.ListFormat for a locale and options, built once.
 * @example cachedListFormat('en', { style: 'short', type: 'unit' }).format(['1 day', '12 hours']) // → '1 day, 12 hours'
 */
export function cachedListFormat(locale: string, options: Intl.ListFormatOptions): Intl.ListFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = listFormats.get(key);
  if (!format) {
    format = new Intl.ListFormat(locale, options);
    listFormats.set(key, format);
  }
  return format;
}
