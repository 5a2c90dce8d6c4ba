import type { Catalog } from './catalog';

const en = { title: 'Record' };

/** The record screen's strings (namespace `record`). */
export const record: Catalog<typeof en> = {
  en,
  'zh-Hans': { title: '记录' },
  'zh-Hant': { title: '記錄' },
};
