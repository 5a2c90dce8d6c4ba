import type { Catalog } from './catalog';

const en = {
  nav: { myWork: 'My work', board: 'Board', pool: 'Pool' },
  loading: 'Loading…',
  showMore: 'Show more',
  workflow: 'Workflow',
};

/** The work area's own strings and those its shared parts say (namespace `work`). */
export const work: Catalog<typeof en> = {
  en,
  'zh-Hans': { nav: { myWork: '我的工作', board: '看板', pool: '公海' }, loading: '正在加载…', showMore: '显示更多', workflow: '流程' },
  'zh-Hant': { nav: { myWork: '我的工作', board: '看板', pool: '公海' }, loading: '正在載入…', showMore: '顯示更多', workflow: '流程' },
};
