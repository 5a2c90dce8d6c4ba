import { describe, expect, it } from 'vitest';
import { accountLink } from '../src/mail/account-link';
import { invitationMail, passwordResetMail } from '../src/mail/account-mails';

const BASE = {
  timeZone: 'Asia/Shanghai',
  recipientName: 'Ann <b>Lee</b>',
  email: 'ann@acme.example',
  tenantName: 'Acme & Co',
  slug: 'acme',
  link: accountLink({ base: 'https://crm.example', purpose: 'invitation', slug: 'acme', token: 'fl_t' }),
  expiresAt: new Date('2026-01-12T09:00:00Z'),
};

describe('account mails', () => {
  it('link to the web app’s page for them, a hash route the app serves at /, with the slug and the token in the fragment', () => {
    expect(BASE.link).toBe('https://crm.example/#/accept-invitation?workspace=acme&token=fl_t');
    expect(accountLink({ base: 'https://crm.example', purpose: 'password_reset', slug: 'acme', token: 'fl_t' })).toBe(
      'https://crm.example/#/reset-password?workspace=acme&token=fl_t',
    );
    // A slug is lower-case letters, digits and hyphens today; the link would still carry any other safely.
    expect(accountLink({ base: 'https://crm.example', purpose: 'invitation', slug: 'a&b c', token: 'fl_t' })).toBe(
      'https://crm.example/#/accept-invitation?workspace=a%26b%20c&token=fl_t',
    );
  });

  it('speak the recipient’s language, with the expiry in their time zone', () => {
    const en = invitationMail({ ...BASE, locale: 'en', inviterName: 'Dana' });
    expect(en.subject).toBe('You are invited to Acme & Co on Funnel');
    expect(en.text).toContain('Dana invited you to Acme & Co on Funnel');
    expect(en.text).toContain('Set your password: https://crm.example/#/accept-invitation?workspace=acme&token=fl_t');
    expect(en.text).toMatch(/until Mon, Jan 12, 2026, 5:00\sPM \(UTC\+8\)\./);
    const zhHans = invitationMail({ ...BASE, locale: 'zh-Hans', inviterName: 'Dana' });
    expect(zhHans.subject).toBe('您受邀加入 Funnel 上的 Acme & Co');
    expect(zhHans.text).toContain('有效期至 2026年1月12日周一 17:00（UTC+8）。');
    expect(zhHans.text).toContain('设置密码：https://crm.example/#/accept-invitation?workspace=acme&token=fl_t');
    expect(invitationMail({ ...BASE, locale: 'zh-Hant', inviterName: 'Dana' }).text).toContain('請設定密碼後登入');
    expect(passwordResetMail({ ...BASE, locale: 'zh-Hans' }).subject).toBe('重置您的 Funnel 密码');
    expect(passwordResetMail({ ...BASE, locale: 'zh-Hant' }).subject).toBe('重設您的 Funnel 密碼');
  });

  it('tell a new tenant’s first admin, invited by nobody, that their workspace is ready, in their language', () => {
    const en = invitationMail({ ...BASE, locale: 'en', inviterName: null });
    expect(en.subject).toBe('Your workspace Acme & Co on Funnel is ready');
    expect(en.text).toContain('Your workspace Acme & Co on Funnel is ready, with you as its admin. Set your password to sign in.');
    expect(en.text).not.toContain('null');
    expect(invitationMail({ ...BASE, locale: 'zh-Hans', inviterName: null }).subject).toBe('您在 Funnel 上的工作区 Acme & Co 已开通');
    expect(invitationMail({ ...BASE, locale: 'zh-Hant', inviterName: null }).text).toContain('您是它的管理員');
  });

  it('escape what people typed in the HTML, and name its language', () => {
    const { html } = passwordResetMail({ ...BASE, locale: 'zh-Hant' });
    expect(html).toContain('<html lang="zh-Hant">');
    expect(html).toContain('Ann &lt;b&gt;Lee&lt;/b&gt;');
    expect(html).toContain('Acme &amp; Co');
    expect(html).not.toContain('<b>Lee</b>');
    expect(html).toContain('href="https://crm.example/#/accept-invitation?workspace=acme&amp;token=fl_t"');
  });
});
