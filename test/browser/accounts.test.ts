import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en, zhHans } from '@funnel/designer';
import { browserSuite } from './browser-suite';
import { SCREENSHOTS } from './browser-test-settings';
import { type Catalog, catalogKeys, catalogPattern, catalogText } from './catalog-text';
import { untranslatedText } from './untranslated-text';

// People sign in by account, in a real browser against the real api, which mails through a real SMTP server on
// localhost: an invitation accepted from its mail, a password refused and accepted, a forgotten password reset from
// its mail, signing out everywhere, a session the api ended, and a throttle. Each in English and in Simplified
// Chinese, every screen checked for message keys shown raw and (in Chinese) for English, and photographed.

const suite = browserSuite();
const MESSAGE_KEYS = catalogKeys(en);

/** A locale the flows run in, the person invited, and what their mails say in it. */
interface AccountsInLocale {
  locale: 'en' | 'zh-Hans';
  catalog: Catalog;
  /** The locale as the api's Locale enum names it. */
  apiLocale: 'en' | 'zh_Hans';
  /** The name the admin invites with, and the one the person gives themselves on the invitation page. */
  invitedAs: string;
  name: string;
  invitationSubject: RegExp;
  resetSubject: RegExp;
}

const LOCALES: readonly AccountsInLocale[] = [
  {
    locale: 'en',
    catalog: en,
    apiLocale: 'en',
    invitedAs: 'A. Lee',
    name: 'Ann Lee',
    invitationSubject: /^You are invited to Accounts en on Funnel$/,
    resetSubject: /^Reset your Funnel password$/,
  },
  {
    locale: 'zh-Hans',
    catalog: zhHans,
    apiLocale: 'zh_Hans',
    invitedAs: '李',
    name: '李梅',
    invitationSubject: /^您受邀加入 Funnel 上的 Accounts zh-Hans$/,
    resetSubject: /^重置您的 Funnel 密码$/,
  },
];

const PASSWORD = 'four words make a password';
const NEW_PASSWORD = 'another four words then';
const INVITE = `mutation($input: InviteUserInput!) { inviteUser(input: $input) { __typename ... on InviteUserPayload { emailed } ... on Error { message } } }`;

/** The web app's link in a mail: the api builds it as `<origin>/#/<page>?workspace=…&token=…`. */
function linkIn(text: string): string {
  const link = /(https?:\/\/\S+\/#\/(?:accept-invitation|reset-password)\?\S+)/.exec(text)?.[1];
  if (!link) throw new Error(`no link to the app's account pages in the mail:\n${text}`);
  return link;
}

/** One GraphQL request as another browser would send it, with its own session cookie (`session`), from the api's origin. */
async function elsewhere(input: { url: string; query: string; variables?: Record<string, unknown>; session?: string }) {
  const response = await fetch(`${input.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: input.url, ...(input.session ? { cookie: input.session } : {}) },
    body: JSON.stringify({ query: input.query, variables: input.variables ?? {} }),
  });
  const body = (await response.json()) as { data?: Record<string, { __typename?: string }>; errors?: { extensions?: { code?: string } }[] };
  return { body, session: response.headers.get('set-cookie')?.split(';')[0] ?? null };
}

describe.each(LOCALES)('accounts in the browser, in $locale', (expected) => {
  const { locale, catalog } = expected;
  const openedPage = suite.pageFor(`${locale}-accounts`);
  let page: Page;
  let slug: string;
  let email: string;
  const say = (key: string, values?: Record<string, string | number>) => catalogText({ catalog, locale, key, values });
  const pattern = (key: string) => catalogPattern({ catalog, locale, key });
  const text = (testId: string) => page.getByTestId(testId).textContent();

  /**
   * The screen speaks the locale: no message key shown raw and, in Chinese, no English beyond the data it shows (the
   * workspace's slug, the person's name). Photographed to be looked at.
   */
  const checkScreen = async (screen: string) => {
    await page.screenshot({ path: join(SCREENSHOTS, `${locale}-accounts-${screen}.png`) });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
    const { rawKeys, english } = await untranslatedText({ page, messageKeys: MESSAGE_KEYS, identifiers: [slug, ...expected.name.split(' ')] });
    expect(rawKeys, `message keys shown raw on ${screen} in ${locale}`).toEqual([]);
    if (locale !== 'en') expect(english, `English on ${screen} in ${locale}`).toEqual([]);
  };
  const signedInAs = async (name: string) => {
    await expect.poll(() => text('signed-in-as')).toBe(say('signIn.signedInAs', { name }));
  };
  const signIn = async (password: string) => {
    const form = page.getByTestId('sign-in-form');
    await form.locator('#email').fill(email);
    await form.locator('#password').fill(password);
    await form.locator('button[type=submit]').click();
  };
  const signOut = async () => {
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-form').waitFor();
  };

  beforeAll(async () => {
    page = openedPage();
    const adminKey = await suite.funnel.newTenant(`Accounts ${locale}`);
    const me = await suite.funnel.graphql<{ me: { tenant: { slug: string } } }>({ apiKey: adminKey, query: '{ me { tenant { slug } } }' });
    slug = me.me.tenant.slug;
    email = `${locale === 'en' ? 'ann' : 'mei'}@${slug}.example`;
    const invited = await suite.funnel.graphql<{ inviteUser: { emailed?: boolean } }>({
      apiKey: adminKey,
      query: INVITE,
      variables: { input: { email, name: expected.invitedAs, roles: ['admin'], locale: expected.apiLocale } },
    });
    expect(invited.inviteUser.emailed).toBe(true);
    // The pages of this file share one browser: each locale starts signed out, in its own language, remembering nothing.
    await suite.context.clearCookies();
    await page.goto(suite.funnel.url);
    await page.evaluate(() => localStorage.clear());
    await page.getByTestId('language').selectOption(locale);
  });

  it('accepts an invitation from its mail: the link opens the page, sets the name and password once, and lands signed in', async () => {
    const mail = await suite.smtp.waitFor({ to: email, match: expected.invitationSubject });
    expect(mail.lang).toBe(locale);
    const link = linkIn(mail.text);
    expect(link.startsWith(`${suite.funnel.url}/#/accept-invitation?workspace=${slug}&token=fl_`)).toBe(true);
    await page.goto(link);
    const accept = page.getByTestId('accept-invitation-page');
    expect(await accept.locator('h2').textContent()).toBe(say('account.acceptTitle'));
    expect(await text('link-workspace')).toBe(slug);
    await checkScreen('01-invitation');
    // Two passwords that differ are said at the second; one the api finds too short, at the first.
    await accept.locator('#new-password').fill('short');
    await accept.locator('#repeat-password').fill('shorter');
    await accept.locator('button[type=submit]').click();
    await expect.poll(() => accept.locator('#repeat-password-problem').textContent()).toBe(say('problem.mismatch'));
    await accept.locator('#repeat-password').fill('short');
    await accept.locator('button[type=submit]').click();
    await expect.poll(() => accept.locator('#new-password-problem').textContent()).toBe(say('problem.passwordTooShort', { count: 10 }));
    await checkScreen('02-invitation-password-too-short');

    await accept.locator('#name').fill(expected.name);
    await accept.locator('#new-password').fill(PASSWORD);
    await accept.locator('#repeat-password').fill(PASSWORD);
    await accept.locator('button[type=submit]').click();
    await signedInAs(expected.name);
    await page.getByTestId('template-minimal_trunk').waitFor();
    // The used link left the address bar; the session is the api's HTTP-only cookie, which no script can read.
    expect(await page.evaluate(() => window.location.hash)).toBe('#/');
    expect(await page.evaluate(() => document.cookie)).not.toContain('funnel_session');
    expect((await suite.context.cookies()).find((cookie) => cookie.name === 'funnel_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await page.evaluate(() => sessionStorage.getItem('funnel.apiKey'))).toBeNull();
    expect(await page.evaluate(() => localStorage.getItem('funnel.workspace'))).toBe(slug);
    expect(await page.getByTestId('sign-out-everywhere').textContent()).toBe(say('signIn.signOutEverywhere'));
    await checkScreen('03-invitation-signed-in');
  });

  it('signs out, says a wrong password on the form in the person’s language, and signs in with the right one', async () => {
    await signOut();
    // The browser remembers the workspace.
    expect(await page.locator('#workspace').inputValue()).toBe(slug);
    await checkScreen('04-sign-in');
    await signIn('not the password at all');
    await expect.poll(() => text('form-problem')).toBe(say('problem.signInFailed'));
    expect(await page.locator('#password').getAttribute('aria-invalid')).toBeNull();
    await checkScreen('05-sign-in-refused');
    await signIn(PASSWORD);
    await signedInAs(expected.name);
  });

  it('resets a forgotten password from its mail: the new one signs in, the old one is refused, the link works once', async () => {
    await signOut();
    await page.getByTestId('forgot-password').click();
    const forgot = page.getByTestId('forgot-password-page');
    expect(await forgot.locator('#workspace').inputValue()).toBe(slug);
    await forgot.locator('#email').fill(email);
    await forgot.locator('button[type=submit]').click();
    await expect.poll(() => text('reset-requested')).toBe(say('account.forgotSent'));
    await checkScreen('06-forgot-password-sent');

    const link = linkIn((await suite.smtp.waitFor({ to: email, match: expected.resetSubject, timeoutMs: 10_000 })).text);
    expect(link.startsWith(`${suite.funnel.url}/#/reset-password?workspace=${slug}&token=fl_`)).toBe(true);
    await page.goto(link);
    const reset = page.getByTestId('reset-password-page');
    expect(await reset.locator('h2').textContent()).toBe(say('account.resetTitle'));
    await checkScreen('07-reset-password');
    await reset.locator('#new-password').fill(NEW_PASSWORD);
    await reset.locator('#repeat-password').fill(NEW_PASSWORD);
    await reset.locator('button[type=submit]').click();
    await signedInAs(expected.name);

    await signOut();
    await signIn(PASSWORD);
    await expect.poll(() => text('form-problem')).toBe(say('problem.signInFailed'));
    await signIn(NEW_PASSWORD);
    await signedInAs(expected.name);

    await page.goto(link);
    await reset.locator('#new-password').fill('yet another passphrase');
    await reset.locator('#repeat-password').fill('yet another passphrase');
    await reset.locator('button[type=submit]').click();
    await expect.poll(() => text('form-problem')).toBe(say('problem.linkInvalid'));
    expect(await reset.getByRole('link').first().textContent()).toBe(say('account.askNewLink'));
    await checkScreen('08-reset-link-used');
    await page.goto(`${suite.funnel.url}/#/`);
    await signedInAs(expected.name);
  });

  it('signs out everywhere: a session in another browser ends too, and this one says why it is signed out', async () => {
    const other = await elsewhere({
      url: suite.funnel.url,
      query: 'mutation($i: SignInInput!) { signIn(input: $i) { __typename } }',
      variables: { i: { slug, email, password: NEW_PASSWORD } },
    });
    expect(other.body.data?.signIn?.__typename).toBe('SignInPayload');
    const meThere = () => elsewhere({ url: suite.funnel.url, query: '{ me { user { id } } }', session: other.session ?? '' });
    expect((await meThere()).body.data?.me).toBeTruthy();
    await page.getByTestId('sign-out-everywhere').click();
    await expect.poll(() => text('sign-in-notice')).toBe(say('signIn.everywhere'));
    await checkScreen('09-signed-out-everywhere');
    expect((await meThere()).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('goes back to the sign-in screen, saying why, when the api ends the session, and back to the page after signing in', async () => {
    await signIn(NEW_PASSWORD);
    await signedInAs(expected.name);
    await page.getByTestId('template-minimal_trunk').click();
    await page.getByTestId('stage-lead').waitFor();
    const where = await page.evaluate(() => window.location.hash);
    expect(where).toBe('#/workflows/minimal_trunk');
    // The person signs out everywhere from another browser: this one's session ends under it, and its next request
    // (the api's check of an edit) is answered UNAUTHENTICATED.
    const other = await elsewhere({
      url: suite.funnel.url,
      query: 'mutation($i: SignInInput!) { signIn(input: $i) { __typename } }',
      variables: { i: { slug, email, password: NEW_PASSWORD } },
    });
    await elsewhere({ url: suite.funnel.url, query: 'mutation { signOutEverywhere { sessionsEnded } }', session: other.session ?? '' });
    // An edit makes the app ask the api again, unless a request of its own already found the session ended and the
    // sign-in screen replaced the editor (a click waiting for the palette would then wait for nothing).
    await page.evaluate(() => document.querySelector('[data-testid="palette-stage"]')?.dispatchEvent(new MouseEvent('click', { bubbles: true })));
    await expect.poll(() => text('sign-in-notice')).toBe(say('signIn.expired'));
    await checkScreen('10-session-ended');
    // The same person signs in again: their email is filled in, and they go back where they were.
    expect(await page.locator('#email').inputValue()).toBe(email);
    expect(await page.evaluate(() => window.location.hash)).toBe(where);
    await signIn(NEW_PASSWORD);
    await page.getByTestId('stage-lead').waitFor();
    expect(await page.evaluate(() => window.location.hash)).toBe(where);
    await signOut();
  });

  it('says, after too many failed attempts, that sign-in is throttled and when to try again', async () => {
    const form = page.getByTestId('sign-in-form');
    const stranger = `nobody@${slug}.example`;
    await form.locator('#email').fill(stranger);
    await form.locator('#password').fill('a guess of some length');
    // The api refuses the 6th failed attempt for one account within its window (signInAttemptsPerAccount: 5).
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      const answered = page.waitForResponse((response) => response.url().endsWith('/graphql') && (response.request().postData() ?? '').includes('SignIn'));
      await form.locator('button[type=submit]').click();
      await answered;
    }
    await expect.poll(() => text('form-problem')).toMatch(pattern('problem.throttled'));
    await checkScreen('11-sign-in-throttled');
  });
});
