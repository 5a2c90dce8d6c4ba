import type { GuardSpec } from '../definition-schema';

/**
 * "Has a contact": a phone or an email, either one (json-logic over the record's fields).
 * @example { and: [HAS_CONTACT, { '!': { var: 'contactInvalid' } }] }
 */
export const HAS_CONTACT = { or: [{ '!!': { var: 'phone' } }, { '!!': { var: 'email' } }] };

/**
 * What a lead needs to be a lead: contact details, a phone or an email (a name the field schema requires).
 * @example { key: 'lead', …, guard: LEAD_CONTACT_GUARD }
 */
export const LEAD_CONTACT_GUARD: GuardSpec = {
  logic: HAS_CONTACT,
  message: { en: 'A lead needs a phone number or an email', 'zh-Hans': '线索需要电话或邮箱', 'zh-Hant': '線索需要電話或電子郵件' },
};
