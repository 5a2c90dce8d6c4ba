import type { Catalog } from './catalog';

const en = { title: 'My work' };

/** The myWork screen's strings (namespace `myWork`). */
export const myWork: Catalog<typeof en> = {
  en,
  'zh-Hans': { title: '我的工作' },
  'zh-Hant': { title: '我的工作' },
};
