import type { Catalog } from './catalog';

const en = { title: 'Board' };

/** The board screen's strings (namespace `board`). */
export const board: Catalog<typeof en> = {
  en,
  'zh-Hans': { title: '看板' },
  'zh-Hant': { title: '看板' },
};
