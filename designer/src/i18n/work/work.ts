import type { Catalog } from './catalog';

const en = {
  nav: { myWork: 'My work', board: 'Board', pool: 'Pool' },
};

/** The work screen's strings (namespace `work`). */
export const work: Catalog<typeof en> = {
  en,
  'zh-Hans': { nav: { myWork: '我的工作', board: '看板', pool: '公海' } },
  'zh-Hant': { nav: { myWork: '我的工作', board: '看板', pool: '公海' } },
};
