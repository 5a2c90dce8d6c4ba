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
  it('link to the web app with the slug in the query and the token in the fragment', () => {
    expect(BASE.link).toBe('https://crm.example/accept-invitation?workspace=acme#token=fl_t');
    expect(accountLink({ base: 'https://crm.example', purpose: 'password_reset', slug: 'acme', token: 'fl_t' })).toBe(
      'https://crm.example/reset-password?workspace=acme#token=fl_t',
    );
  });

  it('speak the recipient’s language, with the expiry in their time zone', () => {
    const en = invitationMail({ ...BASE, locale: 'en', inviterName: 'Dana' });
    expect(en.subject).toBe('You are invited to Acme & Co on Funnel');
    expect(en.text).toContain('Dana invited you to Acme & Co on Funnel');
    expect(en.text).toContain('Set your password: https://crm.example/accept-invitation?workspace=acme#token=fl_t');
    expect(en.text).toMatch(/until Mon, Jan 12, 2026, 5:00\sPM/);
    expect(invitationMail({ ...BASE, locale: 'zh-Hans', inviterName: 'Dana' }).subject).toBe('您受邀加入 Funnel 上的 Acme & Co');
    expect(invitationMail({ ...BASE, locale: 'zh-Hant', inviterName: 'Dana' }).text).toContain('請設定密碼後登入');
    expect(passwordResetMail({ ...BASE, locale: 'zh-Hans' }).subject).toBe('重置您的 Funnel 密码');
    expect(passwordResetMail({ ...BASE, locale: 'zh-Hant' }).subject).toBe('重設您的 Funnel 密碼');
  });

  it('escape what people typed in the HTML, and name its language', () => {
    const { html } = passwordResetMail({ ...BASE, locale: 'zh-Hant' });
    expect(html).toContain('<html lang="zh-Hant">');
    expect(html).toContain('Ann &lt;b&gt;Lee&lt;/b&gt;');
    expect(html).toContain('Acme &amp; Co');
    expect(html).not.toContain('<b>Lee</b>');
    expect(html).toContain('href="https://crm.example/accept-invitation?workspace=acme#token=fl_t"');
  });
});
