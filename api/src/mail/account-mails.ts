import type { Locale } from '../accounts/account-settings';
import { layoutMail, type MailContent, mailGreeting, type RenderedMail } from './mail-layout';
import { mailTime } from './mail-time';

/** Who a link mail is for and what it links to. */
export interface LinkMailInput {
  locale: Locale;
  /** The recipient's IANA time zone: when the link expires is said in it. */
  timeZone: string;
  recipientName: string;
  email: string;
  tenantName: string;
  slug: string;
  link: string;
  expiresAt: Date;
}

/** When a link expires, in the recipient's language and time zone ("Mon, Jan 12, 2026, 9:00 AM (UTC+1)"). */
function expiry(input: LinkMailInput): string {
  return mailTime({ at: input.expiresAt, locale: input.locale, timeZone: input.timeZone });
}

/** Who invites: a person of the tenant by name, or nobody (the tenant's first admin, invited as the tenant is created). */
type InvitationInput = LinkMailInput & { inviterName: string | null; until: string };

const INVITATION: Readonly<Record<Locale, (input: InvitationInput) => MailContent>> = {
  en: (i) => ({
    subject: i.inviterName ? `You are invited to ${i.tenantName} on Funnel` : `Your workspace ${i.tenantName} on Funnel is ready`,
    greeting: mailGreeting('en', i.recipientName),
    lead: i.inviterName
      ? `${i.inviterName} invited you to ${i.tenantName} on Funnel. Set your password to sign in.`
      : `Your workspace ${i.tenantName} on Funnel is ready, with you as its admin. Set your password to sign in.`,
    action: { label: 'Set your password', url: i.link },
    notes: [
      `The link works once, until ${i.until}. You sign in to the workspace "${i.slug}" with ${i.email}.`,
      'If you did not expect this invitation, ignore this email.',
    ],
  }),
  'zh-Hans': (i) => ({
    subject: i.inviterName ? `您受邀加入 Funnel 上的 ${i.tenantName}` : `您在 Funnel 上的工作区 ${i.tenantName} 已开通`,
    greeting: mailGreeting('zh-Hans', i.recipientName),
    lead: i.inviterName
      ? `${i.inviterName} 邀请您加入 Funnel 上的 ${i.tenantName}。请设置密码后登录。`
      : `您在 Funnel 上的工作区 ${i.tenantName} 已开通，您是它的管理员。请设置密码后登录。`,
    action: { label: '设置密码', url: i.link },
    notes: [`此链接仅可使用一次，有效期至 ${i.until}。您的工作区是“${i.slug}”，登录邮箱为 ${i.email}。`, '如果您没有预期收到此邀请，请忽略本邮件。'],
  }),
  'zh-Hant': (i) => ({
    subject: i.inviterName ? `您受邀加入 Funnel 上的 ${i.tenantName}` : `您在 Funnel 上的工作區 ${i.tenantName} 已開通`,
    greeting: mailGreeting('zh-Hant', i.recipientName),
    lead: i.inviterName
      ? `${i.inviterName} 邀請您加入 Funnel 上的 ${i.tenantName}。請設定密碼後登入。`
      : `您在 Funnel 上的工作區 ${i.tenantName} 已開通，您是它的管理員。請設定密碼後登入。`,
    action: { label: '設定密碼', url: i.link },
    notes: [`此連結僅可使用一次，有效期至 ${i.until}。您的工作區是「${i.slug}」，登入電子郵件為 ${i.email}。`, '如果您沒有預期收到此邀請，請忽略本郵件。'],
  }),
};

const PASSWORD_RESET: Readonly<Record<Locale, (input: LinkMailInput & { until: string }) => MailContent>> = {
  en: (i) => ({
    subject: 'Reset your Funnel password',
    greeting: mailGreeting('en', i.recipientName),
    lead: `Someone, hopefully you, asked to reset the password of ${i.email} in ${i.tenantName} on Funnel.`,
    action: { label: 'Choose a new password', url: i.link },
    notes: [
      `The link works once, until ${i.until}. A new password signs you out of every browser.`,
      'If you did not ask for this, ignore this email: your password stays as it is.',
    ],
  }),
  'zh-Hans': (i) => ({
    subject: '重置您的 Funnel 密码',
    greeting: mailGreeting('zh-Hans', i.recipientName),
    lead: `有人（希望是您本人）请求重置 Funnel 上 ${i.tenantName} 中 ${i.email} 的密码。`,
    action: { label: '设置新密码', url: i.link },
    notes: [
      `此链接仅可使用一次，有效期至 ${i.until}。设置新密码后，您在所有浏览器上的登录都会退出。`,
      '如果这不是您本人的请求，请忽略本邮件，您的密码不会改变。',
    ],
  }),
  'zh-Hant': (i) => ({
    subject: '重設您的 Funnel 密碼',
    greeting: mailGreeting('zh-Hant', i.recipientName),
    lead: `有人（希望是您本人）要求重設 Funnel 上 ${i.tenantName} 中 ${i.email} 的密碼。`,
    action: { label: '設定新密碼', url: i.link },
    notes: [
      `此連結僅可使用一次，有效期至 ${i.until}。設定新密碼後，您在所有瀏覽器上的登入都會登出。`,
      '如果這不是您本人的要求，請忽略本郵件，您的密碼不會改變。',
    ],
  }),
};

/**
 * The invitation mail, in the invited person's language, with the link that sets their first password. Without an
 * inviter (`inviterName: null`) it tells a new tenant's first admin that their workspace is ready.
 * @example invitationMail({ locale: 'zh-Hans', timeZone: 'Asia/Shanghai', inviterName: 'Admin', recipientName: 'Ann', … })
 */
export function invitationMail(input: LinkMailInput & { inviterName: string | null }): RenderedMail {
  return layoutMail(input.locale, INVITATION[input.locale]({ ...input, until: expiry(input) }));
}

/**
 * The password reset mail, in the person's language, with the link that sets a new password.
 * @example passwordResetMail({ locale: 'en', timeZone: 'UTC', recipientName: 'Ann', email: 'ann@acme.example', … })
 */
export function passwordResetMail(input: LinkMailInput): RenderedMail {
  return layoutMail(input.locale, PASSWORD_RESET[input.locale]({ ...input, until: expiry(input) }));
}
