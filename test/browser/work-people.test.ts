import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite } from './browser-suite';
import { type AdminTenant, adminInLocale, adminScreens, adminTenant, CHINESE_ADMINS } from './work-admin-tenant';
import { signInAsPerson, type WorkPerson } from './work-my-work-tenant';

// The admin's People screen in a real browser against the real api: the admin invites a person (the invitation is
// read from the local SMTP server and its link accepted in the browser), gives them another role, a manager and an
// absence, is refused in words at the field for an email already taken, deactivates them after a confirm, and reads
// it all in the audit log. After every step the store is read through the GraphQL api. Then the same screen, with a
// person's editor and the deactivation's confirm open, in Simplified and Traditional Chinese: axe-core and the
// untranslated-text check find nothing.

const suite = browserSuite();

const PASSWORD = 'four words make a password';

/** The web app's link in the invitation mail. */
function linkIn(text: string): string {
  const link = /(https?:\/\/\S+\/#\/accept-invitation\?\S+)/.exec(text)?.[1];
  if (!link) throw new Error(`no invitation link in the mail:\n${text}`);
  return link;
}

describe('the People screen, in en', () => {
  const openedPage = suite.pageFor('en-people');
  let page: Page;
  let admin: AdminTenant;
  let manager: WorkPerson;
  let email: string;
  let screens: ReturnType<typeof adminScreens>;
  const row = (id: string) => page.locator(`[data-testid=person-row][data-person-id="${id}"]`);
  const newcomer = async () => {
    const found = (await admin.users()).find((user) => user.email === email);
    if (!found) throw new Error(`no user with ${email} in the store`);
    return found;
  };
  const openPeople = async () => {
    await page.goto(`${suite.funnel.url}/#/people`);
    await page.getByTestId('people-table').waitFor();
  };

  beforeAll(async () => {
    page = openedPage();
    admin = await adminTenant({ suite, name: 'People en', adminName: 'Ada Admin', locale: 'en' });
    manager = await admin.tenant.person({ name: 'Mia Manager', roles: ['manager'] });
    email = `noor@${admin.tenant.slug}.example`;
    screens = adminScreens({ page: () => page, prefix: 'en-people', locale: 'en', identifiers: [] });
    // Ada works from Shanghai (UTC+8, no daylight time), the browser in another zone: dates she types are Shanghai's.
    const zoned = await admin.tenant.gql(admin.admin.key, 'mutation { updateMyPreferences(input: { timeZone: "Asia/Shanghai" }) { __typename } }');
    expect(JSON.stringify(zoned)).not.toContain('Error');
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).not.toBe('Asia/Shanghai');
  });

  it('invites a person by email; the refusal of an email already taken is said at the field', async () => {
    await signInAsPerson({ page, url: suite.funnel.url, slug: admin.tenant.slug, person: admin.admin, locale: 'en' });
    // The nav offers the admin's screens.
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByTestId('people-table').waitFor();
    // The tenant's first admin (API key only), Ada and Mia.
    await expect.poll(() => page.getByTestId('person-row').count()).toBe(3);
    await screens.shoot('everyone', { check: true });

    const form = page.getByTestId('invite-form');
    await form.locator('#invite-email').fill(manager.email);
    await form.locator('#invite-name').fill('Someone Else');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('#invite-email-problem').textContent()).toBe('Someone in this workspace has this already.');
    expect(await form.locator('#invite-email').getAttribute('aria-invalid')).toBe('true');
    expect((await admin.users()).length).toBe(3);
    await screens.shoot('email-taken', { check: true });

    await form.locator('#invite-email').fill(email);
    await form.locator('#invite-name').fill('Noor Patel');
    await form.getByRole('checkbox', { name: 'Sales' }).check();
    await form.locator('#invite-manager').selectOption({ label: 'Mia Manager' });
    await form.locator('#invite-locale').selectOption('en');
    await form.locator('#invite-time-zone').fill('Europe/Berlin');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => page.getByTestId('people-news').textContent()).toBe(`The invitation went to ${email}.`);
    expect(await newcomer()).toMatchObject({ name: 'Noor Patel', roles: ['sales'], status: 'invited', active: true, managerId: manager.id });
    const stored = await newcomer();
    await expect.poll(() => row(stored.id).getByTestId('person-status').textContent()).toBe('Invited');
    expect(await row(stored.id).getByTestId('person-manager').textContent()).toBe('Mia Manager');
    // The audit log says who invited whom.
    expect((await admin.audit())[0]).toMatchObject({ action: 'user_invited', targetId: stored.id, actor: { userId: admin.admin.id } });
    await expect.poll(() => page.locator(`[data-testid=audit-row][data-target-id="${stored.id}"]`).first().textContent()).toContain('Person invited');
    await screens.shoot('invited', { check: true });
    await screens.shootNarrow('invited');
  });

  it('the invitation arrives by mail and its link is accepted in the browser', async () => {
    const mail = await suite.smtp.waitFor({ to: email, match: /invited/, timeoutMs: 15_000 });
    await page.context().clearCookies();
    await page.goto(linkIn(mail.text));
    const accept = page.getByTestId('accept-invitation-page');
    await accept.waitFor();
    await screens.shoot('invitation-link');
    await accept.locator('#new-password').fill(PASSWORD);
    await accept.locator('#repeat-password').fill(PASSWORD);
    await accept.locator('button[type=submit]').click();
    await page.getByTestId('sign-out').waitFor();
    expect(await newcomer()).toMatchObject({ status: 'active', active: true });
    await screens.shoot('invitation-accepted');
  });

  it('changes the new person’s role, manager and absence; deactivates them after a confirm', async () => {
    await signInAsPerson({ page, url: suite.funnel.url, slug: admin.tenant.slug, person: admin.admin, locale: 'en' });
    await openPeople();
    const { id } = await newcomer();
    // Keyboard only: focus the row's button, Enter opens the editor.
    await row(id).getByTestId('edit-person').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('person-dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe('Change Noor Patel');
    await dialog.getByRole('checkbox', { name: 'Sales' }).uncheck();
    await dialog.getByRole('checkbox', { name: 'Marketing' }).check();
    await dialog.locator('#person-manager').selectOption({ label: 'Ada Admin' });
    await dialog.locator('#person-away-from').fill('2027-01-04T09:00');
    await dialog.locator('#person-away-until').fill('2027-01-08T18:00');
    await screens.shoot('editing', { check: true });
    await screens.shootNarrow('editing');
    await dialog.getByTestId('save-person').click();
    await expect.poll(() => page.getByTestId('people-news').textContent()).toBe('Noor Patel is saved.');
    const changed = await newcomer();
    expect(changed).toMatchObject({ roles: ['marketing'], managerId: admin.admin.id });
    // Typed in Ada's time zone: 09:00 in Shanghai is 01:00 UTC.
    expect(changed.availability).toEqual({ awayFrom: '2027-01-04T01:00:00.000Z', awayUntil: '2027-01-08T10:00:00.000Z' });
    await expect.poll(() => row(id).getByTestId('person-roles').textContent()).toBe('Marketing');
    expect(await row(id).getByTestId('person-manager').textContent()).toBe('Ada Admin');
    expect(await row(id).getByTestId('person-away').textContent()).toMatch(/Jan 4, 2027.*–.*Jan 8, 2027/);
    const updated = (await admin.audit())[0];
    expect(updated).toMatchObject({ action: 'user_updated', targetId: id, actor: { userId: admin.admin.id } });
    expect(updated?.after).toMatchObject({ roles: ['marketing'], managerId: admin.admin.id });
    await screens.shoot('changed', { check: true });

    await row(id).getByTestId('edit-person').click();
    await dialog.getByTestId('deactivate').click();
    const confirm = page.getByTestId('confirm-dialog');
    expect(await confirm.getByRole('heading').textContent()).toBe('Deactivate Noor Patel?');
    expect(await confirm.textContent()).toContain('Their open records stay theirs until you hand them over.');
    // Focus starts on Cancel: Enter alone does not deactivate anyone.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    // Tab stays in the dialog: Cancel, Deactivate, then Cancel again.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Deactivate');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await screens.shoot('deactivate-confirm', { check: true });
    await confirm.getByTestId('confirm').click();
    await expect.poll(() => page.getByTestId('people-news').textContent()).toBe('Noor Patel is deactivated.');
    expect(await newcomer()).toMatchObject({ active: false, status: 'deactivated' });
    await expect.poll(() => row(id).getByTestId('person-status').textContent()).toBe('Deactivated');
    await screens.shoot('deactivated', { check: true });
  });

  it('filters the audit log by what changed and by who, in the reader’s language', async () => {
    const { id } = await newcomer();
    const log = page.getByTestId('audit-log');
    await log.locator('#audit-target').selectOption('user');
    await log.locator('#audit-actor').selectOption({ label: 'Ada Admin' });
    // Ada's changes to people, newest first: the deactivation, the change of role, manager and absence, the invitation
    // (Mia and Ada were invited by the tenant's first admin, with its key).
    const rows = () =>
      log.locator('[data-testid=audit-row]').evaluateAll((found) => found.map((r) => `${r.getAttribute('data-action')} ${r.getAttribute('data-target-id')}`));
    await expect.poll(rows).toEqual([`user_updated ${id}`, `user_updated ${id}`, `user_invited ${id}`]);
    expect(await log.locator('[data-testid=audit-row]').first().textContent()).toContain('Ada Admin');
    await screens.shoot('audit-filtered', { check: true });
    // "Until" an hour ago on Ada's clock in Shanghai: her changes (just now) are all after it. Read in a zone west of
    // Shanghai, the same wall clock would be hours from now and keep them all.
    const hourAgo = await page.evaluate(() =>
      new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(Date.now() - 3_600_000).replace(' ', 'T'),
    );
    await log.locator('#audit-until').fill(hourAgo);
    await expect.poll(rows).toEqual([]);
    await screens.shoot('audit-until-an-hour-ago', { check: true });
    await log.locator('#audit-until').fill('');
    await expect.poll(rows).toHaveLength(3);
  });
});

describe.each(CHINESE_ADMINS)('the People screen, in $locale', (expected) => {
  const { locale } = expected;
  const made = adminInLocale({ suite, screen: 'people', expected, identifiers: () => [] });
  it('speaks the locale on the list, the editor, a refusal and the confirm', async () => {
    const { page, admin, person, screens } = made();
    await signInAsPerson({ page, url: suite.funnel.url, slug: admin.tenant.slug, person: admin.admin, locale });
    await page.goto(`${suite.funnel.url}/#/people`);
    await page.getByTestId('people-table').waitFor();
    await expect.poll(() => page.getByTestId('audit-row').count()).toBeGreaterThan(0);
    await screens.shoot('everyone', { check: true });

    const form = page.getByTestId('invite-form');
    await form.locator('#invite-email').fill(person.email);
    await form.locator('#invite-name').fill(expected.person);
    await form.locator('button[type=submit]').click();
    await form.locator('#invite-email-problem').waitFor();
    expect(await form.locator('#invite-email-problem').textContent()).toBe(locale === 'zh-Hans' ? '本工作区已有人使用此项。' : '本工作區已有人使用此項。');
    await screens.shoot('email-taken', { check: true });

    await page.locator(`[data-testid=person-row][data-person-id="${person.id}"]`).getByTestId('edit-person').click();
    await page.getByTestId('person-dialog').waitFor();
    await screens.shoot('editing', { check: true });
    await page.getByTestId('deactivate').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await screens.shoot('deactivate-confirm', { check: true });
    await page.keyboard.press('Escape');
    expect((await admin.users()).find((user) => user.id === person.id)).toMatchObject({ active: true });
  });
});
