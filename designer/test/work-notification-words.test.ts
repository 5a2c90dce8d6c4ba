import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { templates } from '@funnel/schemas';
import { en } from '../src/i18n/en';
import { notifications } from '../src/i18n/work/notifications';
import { pool } from '../src/i18n/work/pool';
import { zhHans } from '../src/i18n/zh-Hans';
import { zhHant } from '../src/i18n/zh-Hant';
import { definitionNames } from '../src/work/notifications/definition-names';
import type { BellNotification } from '../src/work/notifications/notification-documents';
import { notificationText } from '../src/work/notifications/notification-text';
import { claimRefusalText } from '../src/work/pool/claim-refusal-text';
import { workFormat } from '../src/work/shared/format';

const LOCALES = ['en', 'zh-Hans', 'zh-Hant'] as const;
const NOW = Date.parse('2026-12-07T10:00:00Z');
const TRUNK = templates.find((template) => template.key === 'standard_trunk')!.definition;
const PEOPLE = new Map([
  ['u_ann', 'Ann Lee'],
  ['u_max', 'Max Wu'],
]);

async function translators() {
  const instance = i18next.createInstance();
  await instance.init({
    resources: {
      en: { translation: en, notifications: notifications.en, pool: pool.en },
      'zh-Hans': { translation: zhHans, notifications: notifications['zh-Hans'], pool: pool['zh-Hans'] },
      'zh-Hant': { translation: zhHant, notifications: notifications['zh-Hant'], pool: pool['zh-Hant'] },
    },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  return (locale: string, namespace: string) => instance.getFixedT(locale, namespace) as (key: string, options?: Record<string, unknown>) => string;
}

function notification(type: BellNotification['type'], params: Record<string, unknown>): BellNotification {
  return {
    id: `n_${type}`,
    type,
    params,
    at: new Date(NOW).toISOString(),
    readAt: null,
    recordId: 'r_1',
    workflowKey: 'standard_trunk',
    record: { id: 'r_1', workflowVersion: 1, fields: { name: 'Avery Stone' } },
  } as BellNotification;
}

/** One notification of every type docs/notifications.md lists, with the params it names. */
const EVERY_TYPE: readonly BellNotification[] = [
  notification('timer_warning', { timer: 'one_week_rule', dueAt: NOW + 86_400_000, stage: 'sql' }),
  notification('extension_requested', { timer: 'one_week_rule', dueAt: NOW + 86_400_000, requester: 'u_ann' }),
  notification('extension_decided', { timer: 'one_week_rule', approved: true, dueAt: NOW + 8 * 86_400_000, decider: 'u_max' }),
  notification('record_transition', { transition: 'recycle', from: 'sql', to: 'pool', cause: 'timer', actor: 'system:timer', recipient: 'previous_owner' }),
  notification('record_assigned', { from: null, rule: 'sales_team', strategy: 'round_robin', actor: 'u_max', stage: 'lead' }),
  notification('follow_up_due', { followUpAt: NOW, note: 'call back', stage: 'sql' }),
  notification('approval_requested', { transition: 'create_opportunity', requester: 'u_ann', note: 'big deal', stage: 'sql' }),
  notification('approval_decided', { transition: 'create_opportunity', approved: false, decider: 'u_max', reason: 'no', stage: 'sql' }),
  notification('webhook_endpoint_disabled', { endpointId: 'w_1', url: 'https://crm.example/hook', failingSince: NOW - 3 * 86_400_000, lastError: '500' }),
];

describe('notifications in the reader language', () => {
  it('writes every notification type from its type and params in each locale, with the definition names', async () => {
    const t = await translators();
    for (const locale of LOCALES) {
      const format = { ...workFormat(locale, 'UTC'), relative: (iso: string) => workFormat(locale, 'UTC').relative(iso, NOW) };
      const words = { t: t(locale, 'notifications'), format, names: definitionNames(TRUNK, locale), people: PEOPLE };
      for (const item of EVERY_TYPE) {
        const text = notificationText(item, words);
        expect(text, `${item.type} in ${locale}`).not.toMatch(/text\.|\{\{|undefined|one_week_rule|create_opportunity/);
        if (locale !== 'en') expect(text, `${item.type} in ${locale}`).not.toMatch(/\b(the|by|on|to|from)\b/);
      }
    }
    const words = (locale: string) => ({
      t: t(locale, 'notifications'),
      format: { ...workFormat(locale, 'UTC'), relative: (iso: string) => workFormat(locale, 'UTC').relative(iso, NOW) },
      names: definitionNames(TRUNK, locale),
      people: PEOPLE,
    });
    expect(notificationText(EVERY_TYPE[0]!, words('en'))).toBe('Avery Stone goes back to the pool tomorrow (One-week rule)');
    expect(notificationText(EVERY_TYPE[0]!, words('zh-Hans'))).toBe('Avery Stone 将于明天收归公海（一周规则）');
    expect(notificationText(EVERY_TYPE[3]!, words('en'))).toBe('Avery Stone moved from SQL to Public pool (Recycle to the pool), by a timer');
    // Routing gave the record: nobody "gave" it by hand.
    expect(notificationText(EVERY_TYPE[4]!, words('en'))).toBe('Avery Stone is now yours (Lead)');
    expect(notificationText(EVERY_TYPE[7]!, words('zh-Hant'))).toBe('Max Wu 已駁回 Avery Stone 的「轉為商機」');
  });
});

describe('claim refusals in words', () => {
  it('says the cool-down with its end, the claim limit with its window, capacity and a missing right', async () => {
    const t = await translators();
    const words = (locale: string) => ({
      t: t(locale, 'pool'),
      tApp: t(locale, 'translation'),
      format: workFormat(locale, 'UTC'),
      window: 'P1D',
      name: 'Avery Stone',
    });
    const cooldown = {
      __typename: 'GuardRejected',
      blockers: [{ type: 'cooldown', detail: { type: 'cooldown', until: Date.parse('2026-12-14T09:00:00Z') } }],
    } as const;
    expect(claimRefusalText(cooldown as never, words('en'))).toEqual([
      'You owned Avery Stone before it went back to the pool: you may claim it again from Dec 14, 2026, 9:00 AM (cool-down).',
    ]);
    const limit = { __typename: 'LimitReached', limit: 'maxClaims', max: 20, current: 20, code: 'LIMIT_REACHED', message: '' } as const;
    expect(claimRefusalText(limit as never, words('en'))).toEqual(['You have reached your claim limit: 20 of 20 claims within 1 day.']);
    expect(claimRefusalText({ ...limit, limit: 'capacity', current: 30, max: 30 } as never, words('zh-Hans'))).toEqual([
      '您已满额：已负责 30 / 30 条未结记录。',
    ]);
    expect(claimRefusalText({ __typename: 'Forbidden', code: 'FORBIDDEN', message: '' } as never, words('zh-Hant'))).toEqual(['您的角色無權領取記錄。']);
    expect(claimRefusalText({ __typename: 'Record', id: 'r_1', stage: 'lead', owner: null } as never, words('en'))).toBeNull();
  });
});
