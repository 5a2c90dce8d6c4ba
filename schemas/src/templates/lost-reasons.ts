import type { Reason } from '../definition-schema';

/**
 * Why a deal was lost, as the shipped templates offer it; marking a deal lost requires one.
 * @example reason: { required: true, options: LOST_REASONS }
 */
export const LOST_REASONS: Reason[] = [
  { key: 'price', name: { en: 'Price too high', 'zh-Hans': '价格过高', 'zh-Hant': '價格過高' } },
  { key: 'competitor', name: { en: 'Went with a competitor', 'zh-Hans': '选择了竞争对手', 'zh-Hant': '選擇了競爭對手' } },
  { key: 'no_budget', name: { en: 'No budget', 'zh-Hans': '没有预算', 'zh-Hant': '沒有預算' } },
  { key: 'no_decision', name: { en: 'No decision made', 'zh-Hans': '迟迟未决策', 'zh-Hant': '遲遲未決策' } },
  { key: 'product_fit', name: { en: 'Product does not fit', 'zh-Hans': '产品不匹配', 'zh-Hant': '產品不符合需求' } },
];
