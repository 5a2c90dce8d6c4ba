import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../src/accounts/account-settings';
import { NOTIFICATION_TYPES, type NotificationType } from '../src/accounts/notification-types';
import { NOTIFICATION_MAILS, type NotificationMailFacts, type NotificationMailInput, notificationMail } from '../src/mail/notification-mails';

/** Names as they arrive: already in the recipient's language. */
interface Names {
  tenant: string;
  record: string;
  person: string;
  manager: string;
  from: string;
  to: string;
  transition: string;
  timer: string;
}

const NAMES: Readonly<Record<Locale, Names>> = {
  en: {
    tenant: 'Acme',
    record: 'Globex rollout',
    person: 'Ann',
    manager: 'Dana',
    from: 'SQL',
    to: 'Opportunity',
    transition: 'Create opportunity',
    timer: 'One-week rule',
  },
  'zh-Hans': {
    tenant: '云帆科技',
    record: '华为云采购',
    person: '李娜',
    manager: '王芳',
    from: '销售认可线索',
    to: '商机',
    transition: '转为商机',
    timer: '一周规则',
  },
  'zh-Hant': {
    tenant: '雲帆科技',
    record: '華為雲採購',
    person: '李娜',
    manager: '王芳',
    from: '銷售合格潛在客戶',
    to: '商機',
    transition: '轉為商機',
    timer: '一週規則',
  },
};

const DUE_AT = new Date('2026-03-10T16:00:00Z');
const LINK = 'https://crm.example/#/records/r1?tab=timers&from=mail';
const ENDPOINT = 'https://hooks.example/in';
const LAST_ERROR = 'HTTP 503';

/** One notification of each type, about the same record (a type without an entry here does not compile). */
function factsOf(n: Names): { [T in NotificationType]: Extract<NotificationMailFacts, { type: T }> } {
  return {
    record_transition: {
      type: 'record_transition',
      recordName: n.record,
      transitionName: n.transition,
      fromName: n.from,
      toName: n.to,
      actorName: n.manager,
      at: DUE_AT,
      to: 'owner',
    },
    timer_warning: { type: 'timer_warning', recordName: n.record, timerName: n.timer, stageName: n.from, dueAt: DUE_AT },
    extension_requested: { type: 'extension_requested', recordName: n.record, requesterName: n.person, timerName: n.timer, dueAt: DUE_AT },
    extension_decided: { type: 'extension_decided', recordName: n.record, approved: true, deciderName: n.manager, timerName: n.timer, dueAt: DUE_AT },
    record_assigned: { type: 'record_assigned', recordName: n.record, stageName: n.from, assignerName: n.manager, ruleName: null, at: DUE_AT },
    follow_up_due: { type: 'follow_up_due', recordName: n.record, note: null, stageName: n.from, at: DUE_AT },
    approval_requested: { type: 'approval_requested', recordName: n.record, requesterName: n.person, transitionName: n.transition, note: null, at: DUE_AT },
    approval_decided: {
      type: 'approval_decided',
      recordName: n.record,
      approved: true,
      deciderName: n.manager,
      transitionName: n.transition,
      reason: null,
      at: DUE_AT,
    },
    webhook_endpoint_disabled: { type: 'webhook_endpoint_disabled', url: ENDPOINT, failingSince: DUE_AT, lastError: LAST_ERROR },
  };
}

/** DUE_AT as each locale says it in the zone given: 17:00 in Berlin on the 10th, midnight in Shanghai on the 11th. */
const WHEN: Readonly<Record<Locale, { timeZone: string; says: RegExp }>> = {
  en: { timeZone: 'Europe/Berlin', says: /Tue, Mar 10, 2026, 5:00\sPM \(UTC\+1\)/ },
  'zh-Hans': { timeZone: 'Asia/Shanghai', says: /2026年3月11日周三 00:00（UTC\+8）/ },
  'zh-Hant': { timeZone: 'Asia/Shanghai', says: /2026年3月11日週三 上午12:00（UTC\+8）/ },
};

function inputOf(locale: Locale, type: NotificationType): NotificationMailInput {
  const names = NAMES[locale];
  return { locale, timeZone: WHEN[locale].timeZone, recipientName: names.person, tenantName: names.tenant, link: LINK, notification: factsOf(names)[type] };
}

/** What a mail of this type must name: its record, or for a disabled endpoint its address. */
function subjectOf(locale: Locale, type: NotificationType): string {
  return type === 'webhook_endpoint_disabled' ? ENDPOINT : NAMES[locale].record;
}

const EVERY_MAIL = LOCALES.flatMap((locale) => NOTIFICATION_TYPES.map((type) => ({ locale, type })));
const CHINESE_MAILS = EVERY_MAIL.filter(({ locale }) => locale !== 'en');

/**
 * The English the templates write, word by word, from every English mail less the names and links put in. Chinese
 * mails keep "Webhook" and "UTC" as Chinese software writes them.
 */
function englishWords(): Set<string> {
  const given = new Set(
    [...Object.values(NAMES.en), ENDPOINT, LINK, LAST_ERROR]
      .join(' ')
      .toLowerCase()
      .match(/[a-z]+/g),
  );
  const words = EVERY_MAIL.filter(({ locale }) => locale === 'en').flatMap(({ type }) => {
    const mail = notificationMail(inputOf('en', type));
    return `${mail.subject} ${mail.text}`.toLowerCase().match(/[a-z]{2,}/g) ?? [];
  });
  return new Set(words.filter((word) => !given.has(word) && word !== 'webhook' && word !== 'utc'));
}

describe('notification mails', () => {
  it('have a template for every notification type, in every language', () => {
    expect(Object.keys(NOTIFICATION_MAILS).sort()).toEqual([...NOTIFICATION_TYPES].sort());
    for (const type of NOTIFICATION_TYPES) {
      expect(Object.keys(NOTIFICATION_MAILS[type].say).sort(), type).toEqual([...LOCALES].sort());
      expect(Object.keys(NOTIFICATION_MAILS[type].preference).sort(), type).toEqual([...LOCALES].sort());
    }
  });

  it.each(EVERY_MAIL)('$type in $locale names what it is about and when, in the recipient’s zone, and links to it', ({ locale, type }) => {
    const mail = notificationMail(inputOf(locale, type));
    expect(mail.subject).toContain(subjectOf(locale, type));
    expect(mail.text).toContain(subjectOf(locale, type));
    expect(mail.text).toMatch(WHEN[locale].says);
    expect(mail.text).toContain(LINK);
    expect(mail.html).toContain(`href="${LINK.replace('&', '&amp;')}"`);
    expect(mail.html).toContain(`<html lang="${locale}">`);
    expect(mail.text).toContain(NAMES[locale].tenant);
  });

  const english = englishWords();
  it.each(CHINESE_MAILS)('$type in $locale has no English and no raw keys in it', ({ locale, type }) => {
    const mail = notificationMail(inputOf(locale, type));
    const written = `${mail.subject}\n${mail.text}`.replaceAll(LINK, '').replaceAll(ENDPOINT, '').replaceAll(LAST_ERROR, '');
    expect(english.size).toBeGreaterThan(40);
    expect(
      written
        .toLowerCase()
        .match(/[a-z]+/g)
        ?.filter((word) => english.has(word)) ?? [],
    ).toEqual([]);
    // Nothing Latin is left but the two words Chinese software writes so: no type, key or placeholder.
    expect(written.replaceAll('Webhook', '').replaceAll('UTC', '')).not.toMatch(/[A-Za-z_{}$]/);
  });

  it('says a time in the recipient’s zone whatever their language', () => {
    const at = (locale: Locale, timeZone: string) => notificationMail({ ...inputOf(locale, 'timer_warning'), timeZone }).text;
    expect(at('en', 'Asia/Shanghai')).toMatch(/Wed, Mar 11, 2026, 12:00\sAM \(UTC\+8\)/);
    expect(at('zh-Hans', 'Europe/Berlin')).toContain('2026年3月10日周二 17:00（UTC+1）');
    expect(at('en', 'Asia/Kolkata')).toMatch(/9:30\sPM \(UTC\+5:30\)/);
    expect(() => at('en', 'Mars/Olympus')).toThrow(/"Mars\/Olympus" is not an IANA time zone/);
  });

  it('escape what people typed in the HTML, subject and body, and keep it as typed in the text', () => {
    const input = inputOf('zh-Hant', 'timer_warning');
    const mail = notificationMail({ ...input, notification: { ...factsOf(NAMES['zh-Hant']).timer_warning, recordName: '<script>alert(1)</script>' } });
    expect(mail.html).toContain('<title>「&lt;script&gt;alert(1)&lt;/script&gt;」即將收歸公海</title>');
    expect(mail.html).toContain('「&lt;script&gt;alert(1)&lt;/script&gt;」目前處於');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('「<script>alert(1)</script>」目前處於');
  });

  it('say why the recipient gets it and how to get it in the app only', () => {
    const transition = factsOf(NAMES.en).record_transition;
    const to = (recipient: 'owner' | 'manager' | 'previous_owner') =>
      notificationMail({ ...inputOf('en', 'record_transition'), notification: { ...transition, to: recipient } }).text;
    expect(to('owner')).toContain('You get this because you own this record in Acme.');
    expect(to('manager')).toContain('You get this because you manage this record’s owner in Acme.');
    expect(to('previous_owner')).toContain('You get this because you owned this record in Acme before.');
    expect(to('owner')).toContain('To stop getting these by email, set “Stage changes” to in-app only in your preferences.');
    expect(notificationMail(inputOf('en', 'extension_requested')).text).toContain('because you manage this record’s owner');
    expect(notificationMail(inputOf('zh-Hans', 'extension_decided')).text).toContain('您收到此邮件，是因为您是 云帆科技 中这条记录的负责人。');
    expect(notificationMail(inputOf('zh-Hant', 'webhook_endpoint_disabled')).text).toContain('您收到這封郵件，是因為您是 雲帆科技 的管理員。');
    expect(notificationMail(inputOf('zh-Hant', 'webhook_endpoint_disabled')).text).toContain('請在偏好設定中將「Webhook 端點停用」設為僅在應用程式內通知');
  });

  it('tell a move nobody made, a decision by nobody named and a failure without an error in whole sentences', () => {
    const n = factsOf(NAMES.en);
    const byItself = notificationMail({ ...inputOf('en', 'record_transition'), notification: { ...n.record_transition, actorName: null } });
    expect(byItself.text).toMatch(/Globex rollout moved automatically from SQL to Opportunity \(“Create opportunity”\) on Tue, Mar 10/);
    const rejected = notificationMail({
      ...inputOf('zh-Hans', 'extension_decided'),
      notification: { ...factsOf(NAMES['zh-Hans']).extension_decided, approved: false, deciderName: null },
    });
    expect(rejected.subject).toBe('“华为云采购”的延期申请已驳回');
    expect(rejected.text).toContain('您对“华为云采购”的“一周规则”延期申请已驳回，仍将于 2026年3月11日周三 00:00（UTC+8）到期。');
    const quiet = notificationMail({ ...inputOf('en', 'webhook_endpoint_disabled'), notification: { ...n.webhook_endpoint_disabled, lastError: null } });
    expect(notificationMail(inputOf('en', 'webhook_endpoint_disabled')).text).toContain('The last error: HTTP 503');
    for (const mail of [byItself, rejected, quiet]) expect(mail.text).not.toMatch(/null|undefined|last error/);
  });
});
