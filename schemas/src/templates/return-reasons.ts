import type { Reason } from '../definition-schema';

/**
 * Why sales returns an invalid MQL to marketing; a return is excluded from performance.
 * @example reason: { required: true, options: RETURN_REASONS }
 */
export const RETURN_REASONS: Reason[] = [
  { key: 'wrong_number', name: { en: 'Empty or wrong number', 'zh-Hans': '空号或错号', 'zh-Hant': '空號或錯號' } },
  { key: 'no_need', name: { en: 'No need', 'zh-Hans': '没有需求', 'zh-Hant': '沒有需求' } },
  { key: 'duplicate', name: { en: 'Duplicate', 'zh-Hans': '重复线索', 'zh-Hant': '重複線索' } },
  { key: 'no_answer', name: { en: 'No answer after three calls', 'zh-Hans': '三次未接通', 'zh-Hant': '三次未接通' } },
];
