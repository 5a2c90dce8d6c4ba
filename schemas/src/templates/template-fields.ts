import type { FieldSpec } from '../definition-schema';

/** Where a contact came from; `third_party_list` records must be touched within two weeks. */
const LEAD_SOURCES = ['web', 'referral', 'event', 'cold_call', 'partner', 'third_party_list'] as const;

/** The highest lead score; scores run from 0 to this. */
const MAX_SCORE = 100;

/**
 * The record fields the shipped templates draw on, with localized titles. Guards name them by key.
 * @example { type: 'object', properties: { name: TEMPLATE_FIELDS.name, phone: TEMPLATE_FIELDS.phone } }
 */
export const TEMPLATE_FIELDS = {
  name: { type: 'string', minLength: 1, maxLength: 200, title: { en: 'Contact name', 'zh-Hans': '联系人', 'zh-Hant': '聯絡人' } },
  email: { type: 'string', format: 'email', title: { en: 'Email', 'zh-Hans': '邮箱', 'zh-Hant': '電子郵件' } },
  phone: { type: 'string', format: 'phone', title: { en: 'Phone', 'zh-Hans': '电话', 'zh-Hant': '電話' } },
  companyName: { type: 'string', minLength: 1, maxLength: 200, title: { en: 'Company name', 'zh-Hans': '公司名称', 'zh-Hant': '公司名稱' } },
  companyVerified: { type: 'boolean', title: { en: 'Company name verified', 'zh-Hans': '公司名称已核实', 'zh-Hant': '公司名稱已核實' } },
  source: { type: 'string', enum: [...LEAD_SOURCES], title: { en: 'Source', 'zh-Hans': '来源', 'zh-Hant': '來源' } },
  score: { type: 'integer', minimum: 0, maximum: MAX_SCORE, title: { en: 'Lead score', 'zh-Hans': '线索评分', 'zh-Hant': '線索評分' } },
  product: { type: 'string', minLength: 1, title: { en: 'Product', 'zh-Hans': '产品', 'zh-Hant': '產品' } },
  seats: { type: 'integer', minimum: 1, title: { en: 'Seats', 'zh-Hans': '席位数', 'zh-Hant': '席位數' } },
  amount: { type: 'number', format: 'currency', minimum: 0, title: { en: 'Amount', 'zh-Hans': '金额', 'zh-Hant': '金額' } },
  contactInvalid: { type: 'boolean', title: { en: 'Contact invalid', 'zh-Hans': '联系方式无效', 'zh-Hant': '聯絡方式無效' } },
} satisfies Record<string, FieldSpec>;
