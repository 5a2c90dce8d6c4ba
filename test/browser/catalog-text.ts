import type { en } from '@funnel/designer';

/** One locale's strings, shaped like the designer's English catalog. */
export type Catalog = typeof en;

type Values = Record<string, string | number>;

function lookup(catalog: Catalog, key: string): string | undefined {
  const found = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog);
  return typeof found === 'string' ? found : undefined;
}

/** The catalog's string for a key, picking the plural form for `count` the way i18next does (by Intl.PluralRules). */
function template({ catalog, locale, key, values }: { catalog: Catalog; locale: string; key: string; values: Values }): string {
  const count = values.count;
  const plural = typeof count === 'number' ? lookup(catalog, `${key}_${new Intl.PluralRules(locale).select(count)}`) : undefined;
  // A pattern knows no count: a plural message's general form stands for it.
  const found = plural ?? lookup(catalog, key) ?? lookup(catalog, `${key}_other`);
  if (found === undefined) throw new Error(`the designer's catalog has no string "${key}"`);
  return found;
}

/**
 * What the designer shows for a message key in a locale, with its {{placeholders}} filled in.
 * @example catalogText({ catalog: zhHans, locale: 'zh-Hans', key: 'toolbar.published', values: { version: 2 } }) // → '已发布版本 2。'
 */
export function catalogText({ catalog, locale, key, values = {} }: { catalog: Catalog; locale: string; key: string; values?: Values }): string {
  return template({ catalog, locale, key, values }).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? `{{${name}}}`));
}

/**
 * A pattern for a message whose placeholders are not known in advance (each matches any text).
 * @example catalogPattern({ catalog: zhHans, locale: 'zh-Hans', key: 'migration.done' }).test('完成：迁移 4 条，跳过 0 条。') // → true
 */
export function catalogPattern({ catalog, locale, key }: { catalog: Catalog; locale: string; key: string }): RegExp {
  const escaped = template({ catalog, locale, key, values: {} })
    .split(/\{\{\w+\}\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(escaped.join('.+?'));
}

/**
 * Every message key of a catalog, as i18next shows a key it has no string for (plural suffixes dropped).
 * @example catalogKeys(en).has('toolbar.publish') // → true
 */
export function catalogKeys(catalog: Catalog): ReadonlySet<string> {
  const keys = new Set<string>();
  const walk = (node: object, prefix: string) => {
    for (const [name, value] of Object.entries(node)) {
      const key = `${prefix}${name}`;
      if (typeof value === 'string') keys.add(key.replace(/_(zero|one|two|few|many|other)$/, ''));
      else walk(value as object, `${key}.`);
    }
  };
  walk(catalog, '');
  return keys;
}
