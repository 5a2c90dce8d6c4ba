import type { Reason } from '../definition-schema';

/**
 * Why a lead goes to the public pool; `no_need` starts the 30-day re-activation cadence. `no_answer_x3` is what the
 * standard trunk's three-unanswered-calls rule gives; `no_one_available` is why routing left a record there.
 * @example reason: { required: false, options: POOL_REASONS }
 */
export const POOL_REASONS: Reason[] = [
  { key: 'no_need', name: { en: 'No need for now', 'zh-Hans': '暂无需求', 'zh-Hant': '暫無需求' } },
  { key: 'unreachable', name: { en: 'Could not be reached', 'zh-Hans': '无法联系', 'zh-Hant': '無法聯繫' } },
  { key: 'wrong_number', name: { en: 'Empty or wrong number', 'zh-Hans': '空号或错号', 'zh-Hant': '空號或錯號' } },
  { key: 'not_now', name: { en: 'Paused, try later', 'zh-Hans': '暂缓跟进', 'zh-Hant': '暫緩跟進' } },
  { key: 'no_answer_x3', name: { en: 'No answer to three calls', 'zh-Hans': '三次未接通', 'zh-Hant': '三次未接通' } },
  { key: 'no_one_available', name: { en: 'No one available to take it', 'zh-Hans': '暂无可分配人员', 'zh-Hant': '暫無可分配人員' } },
];
