import type { LocalizedText } from '../definition-schema';

/**
 * The trade's words in English, Simplified and Traditional Chinese (DESIGN.md's glossary),
 * so every shipped template names a stage the same way.
 * @example GLOSSARY.opportunity['zh-Hans'] // → '商机'
 */
export const GLOSSARY = {
  list: { en: 'List', 'zh-Hans': '名单', 'zh-Hant': '名單' },
  lead: { en: 'Lead', 'zh-Hans': '线索', 'zh-Hant': '線索' },
  mql: { en: 'MQL', 'zh-Hans': '市场认可线索 (MQL)', 'zh-Hant': '行銷合格潛在客戶 (MQL)' },
  srl: { en: 'SRL', 'zh-Hans': '销售就绪线索 (SRL)', 'zh-Hant': '銷售就緒線索 (SRL)' },
  sql: { en: 'SQL', 'zh-Hans': '销售认可线索 (SQL)', 'zh-Hant': '銷售合格潛在客戶 (SQL)' },
  opportunity: { en: 'Opportunity', 'zh-Hans': '商机', 'zh-Hant': '商機' },
  productTrial: { en: 'Product trial', 'zh-Hans': '产品体验', 'zh-Hant': '產品體驗' },
  contractNegotiation: { en: 'Contract negotiation', 'zh-Hans': '合同谈判', 'zh-Hant': '合約談判' },
  order: { en: 'Order', 'zh-Hans': '订单', 'zh-Hant': '訂單' },
  won: { en: 'Won', 'zh-Hans': '赢单', 'zh-Hant': '贏單' },
  lost: { en: 'Lost', 'zh-Hans': '输单', 'zh-Hant': '輸單' },
  customer: { en: 'Customer', 'zh-Hans': '客户', 'zh-Hant': '客戶' },
  pool: { en: 'Public pool', 'zh-Hans': '公海', 'zh-Hant': '公海' },
  recycle: { en: 'Recycle to the pool', 'zh-Hans': '收归公海', 'zh-Hant': '收歸公海' },
  returnMql: { en: 'Return to marketing', 'zh-Hans': '退回市场部', 'zh-Hant': '退回行銷部' },
  markLost: { en: 'Mark as lost', 'zh-Hans': '标记输单', 'zh-Hant': '標記輸單' },
  markWon: { en: 'Mark as won', 'zh-Hans': '标记赢单', 'zh-Hant': '標記贏單' },
  reactivate: { en: 'Re-activate from the pool', 'zh-Hans': '从公海重新激活', 'zh-Hant': '從公海重新啟用' },
  oneWeekRule: { en: 'One-week rule', 'zh-Hans': '一周规则', 'zh-Hant': '一週規則' },
} as const satisfies Record<string, Required<LocalizedText>>;
