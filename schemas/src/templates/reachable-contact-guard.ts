import type { Transition } from '../definition-schema';
import { HAS_CONTACT } from './lead-contact-guard';

/**
 * The guard "has a reachable contact": a phone or an email, and not marked invalid.
 * @example { key: 'qualify', from: ['lead'], to: 'mql', guard: REACHABLE_CONTACT_GUARD }
 */
export const REACHABLE_CONTACT_GUARD: NonNullable<Transition['guard']> = {
  logic: {
    and: [HAS_CONTACT, { '!': { var: 'contactInvalid' } }],
  },
  message: {
    en: 'Needs a phone number or an email that is not marked invalid',
    'zh-Hans': '需要有效的电话或邮箱（且未被标记为无效）',
    'zh-Hant': '需要有效的電話或電子郵件（且未被標記為無效）',
  },
};
