import type { Catalog } from './catalog';

const en = { title: 'Public pool' };

/** The pool screen's strings (namespace `pool`). */
export const pool: Catalog<typeof en> = {
  en,
  'zh-Hans': { title: '公海' },
  'zh-Hant': { title: '公海' },
};
