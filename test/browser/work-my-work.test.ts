import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en } from '@funnel/designer';
import { browserSuite } from './browser-suite';
import { DAY_MS, SCREENSHOTS, startForDeadlineTomorrow } from './browser-test-settings';
import { catalogKeys } from './catalog-text';
import { untranslatedText } from './untranslated-text';
import { seriousAxeFindings } from './serious-axe-findings';
import { signInAsPerson, type WorkPerson, type WorkTenant, workTenant } from './work-my-work-tenant';

// A salesperson's morning on My work, in a real browser against the real api: the lead the one-week rule sends back
// to the pool tomorrow, warned and listed first; the bell with the warning and the unread count the store holds;
// marking read, stored; a notification that arrives while the page is open. In English at 1280×800 (and 1024×768),
// and in Simplified Chinese on a phone (390×844). The tenant's test clock makes the week pass.

const suite = browserSuite();
const HOUR_MS = 60 * 60 * 1000;
const MESSAGE_KEYS = catalogKeys(en);

/** A locale the morning runs in, the screen it runs on, and the words the page must say in it. */
interface MorningInLocale {
  locale: 'en' | 'zh-Hans';
  apiLocale: 'en' | 'zh_Hans';
  viewport: { width: number; height: number };
  person: string;
  leads: { warned: string; calm: string; recycled: string; arriving: string };
  /** What the seller notes for the follow-up, in their words. */
  note: string;
  backToPool: string;
  warned: string;
  bell: (count: number) => string;
  /** What the bell's list says of the warning: the lead, the pool, tomorrow. */
  warning: RegExp;
  arrival: RegExp;
}

const MORNINGS: readonly MorningInLocale[] = [
  {
    locale: 'en',
    apiLocale: 'en',
    viewport: { width: 1280, height: 800 },
    person: 'Ann Lee',
    leads: { warned: 'Avery Stone', calm: 'Blake Rivera', recycled: 'Casey Lin', arriving: 'Drew Park' },
    note: 'call back',
    backToPool: 'Back to the pool tomorrow',
    warned: 'Warned',
    bell: (count) => `Notifications, ${count} unread`,
    warning: /^Avery Stone goes back to the pool tomorrow \(One-week rule\)$/,
    arrival: /^Drew Park is now yours \(Lead\)$/,
  },
  {
    locale: 'zh-Hans',
    apiLocale: 'zh_Hans',
    viewport: { width: 390, height: 844 },
    person: '李梅',
    leads: { warned: '王芳', calm: '李强', recycled: '赵磊', arriving: '孙丽' },
    note: '回电',
    backToPool: '明天收归公海',
    warned: '已提醒',
    bell: (count) => `通知，${count} 条未读`,
    warning: /^王芳 将于明天收归公海（.+）$/,
    arrival: /^孙丽 已分配给您（线索）$/,
  },
];

describe.each(MORNINGS)('My work and the notification bell, in $locale', (morning) => {
  const { locale } = morning;
  const openedPage = suite.pageFor(`${locale}-my-work`);
  let page: Page;
  let tenant: WorkTenant;
  let seller: WorkPerson;
  let marketer: WorkPerson;
  let ids: Record<'warned' | 'calm' | 'recycled', string>;
  let step = 0;

  const shoot = async (name: string) => {
    step += 1;
    await page.screenshot({ path: join(SCREENSHOTS, `${locale}-my-work-${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  const unreadInStore = async () => (await tenant.gql<{ unreadNotificationCount: number }>(seller.key, '{ unreadNotificationCount }')).unreadNotificationCount;
  const inbox = async () =>
    (
      await tenant.gql<{ notifications: { edges: { node: { id: string; type: string; recordId: string | null; readAt: string | null } }[] } }>(
        seller.key,
        '{ notifications(first: 50) { edges { node { id type recordId readAt } } } }',
      )
    ).notifications.edges.map((edge) => edge.node);
  const bell = () => page.getByTestId('notification-bell');
  const speaksTheLocale = async (screen: string) => {
    const identifiers = [...Object.values(morning.leads), ...morning.person.split(' ')];
    const { rawKeys, english } = await untranslatedText({ page, messageKeys: MESSAGE_KEYS, identifiers });
    expect(rawKeys, `message keys shown raw on ${screen}`).toEqual([]);
    if (locale !== 'en') expect(english, `English on ${screen} in ${locale}`).toEqual([]);
    expect(await seriousAxeFindings(page), `axe findings on ${screen} in ${locale}`).toEqual([]);
  };
  /** A lead taken to SQL by the seller at a time on the tenant's clock: its id. */
  const sqlAt = async (at: number, name: string) => {
    await tenant.setClock(at);
    const id = await tenant.createLead(marketer, { name, phone: '+86 10 5555 0100', email: `${emailLocalPart(name)}@example.com` });
    await tenant.transition(marketer, id, 'qualify');
    expect(await tenant.transition(seller, id, 'accept')).toBe('sql');
    return id;
  };

  beforeAll(async () => {
    page = openedPage();
    await page.setViewportSize(morning.viewport);
    tenant = await workTenant({ suite, name: `My work ${locale}` });
    seller = await tenant.person({ name: morning.person, roles: ['sales'], locale: morning.apiLocale });
    marketer = await tenant.keyPerson({ name: 'Marketing', roles: ['marketing'] });
    // The browser's now is the real time; the tenant's clock runs the week before it, so that the one-week rule's
    // deadline for the warned lead falls on tomorrow's date, a day and a bit after the browser's now: "tomorrow".
    const now = Date.now();
    const recycled = await sqlAt(now - 8 * DAY_MS, morning.leads.recycled);
    const warned = await sqlAt(startForDeadlineTomorrow(now), morning.leads.warned);
    const calm = await sqlAt(now - 4.5 * DAY_MS, morning.leads.calm);
    const followUp = await tenant.gql(seller.key, 'mutation($i: SetFollowUpInput!) { setFollowUp(input: $i) { __typename } }', {
      i: { id: calm, at: new Date(now - DAY_MS).toISOString(), note: morning.note },
    });
    expect(followUp.setFollowUp.__typename).toBe('Record');
    // The rule takes the first lead back an hour ago, when the follow-up came due too; the warning comes at the tenant's now,
    // two hours ahead of the browser's (so the deadline is a day and a bit away: "tomorrow").
    await tenant.setClock(now - HOUR_MS);
    expect(await tenant.runDueTimers()).toBeGreaterThanOrEqual(2);
    await tenant.setClock(now + 2 * HOUR_MS);
    expect(await tenant.runDueTimers()).toBeGreaterThanOrEqual(1);
    // The store: the recycled lead is in the pool, the warned one still the seller's SQL with its warning given.
    expect(await tenant.record(recycled)).toMatchObject({ stage: 'pool', ownerId: null, pool: { previousOwnerId: seller.id } });
    expect(await tenant.record(warned)).toMatchObject({ stage: 'sql', ownerId: seller.id });
    ids = { warned, calm, recycled };
    await signInAsPerson({ page, url: suite.funnel.url, slug: tenant.slug, person: seller, locale });
  });

  it('lands on My work with the lead warned "back to the pool tomorrow" first and marked, and every list in words', async () => {
    await page.goto(`${suite.funnel.url}/#/work`);
    const dueSoon = page.getByTestId('my-work-dueSoon');
    const first = dueSoon.getByTestId('dueSoon-item').first();
    await expect.poll(() => first.getAttribute('data-record-id')).toBe(ids.warned);
    // The words wait for the definition (the timer's action says where it goes).
    await expect.poll(() => first.getByTestId('due-when').textContent()).toBe(morning.backToPool);
    expect(await first.textContent()).toContain(morning.warned);
    expect(await first.getAttribute('class')).toContain('warned');
    // The calm lead is listed after it, not marked; it links to its record page.
    const second = dueSoon.getByTestId('dueSoon-item').nth(1);
    expect(await second.getAttribute('data-record-id')).toBe(ids.calm);
    expect(await second.getAttribute('class')).not.toContain('warned');
    expect(await first.locator('a').getAttribute('href')).toBe(`#/records/${ids.warned}`);
    // The follow-up that came due, and the lead the rule took back from the seller.
    await expect.poll(() => page.getByTestId('followUpsDue-item').first().getAttribute('data-record-id')).toBe(ids.calm);
    await expect.poll(() => page.getByTestId('recycledFromMe-item').first().getAttribute('data-record-id')).toBe(ids.recycled);
    // Nothing the seller asked for waits: the list says so in words.
    await expect.poll(() => page.getByTestId('my-work-myRequests').locator('.empty').count()).toBe(1);
    // One column on a phone, and nothing wider than the screen.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(morning.viewport.width);
    await shoot('warned-first');
    await speaksTheLocale('my work');
    if (locale === 'en') {
      await page.setViewportSize({ width: 1024, height: 768 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
      await shoot('at-1024');
      await page.setViewportSize(morning.viewport);
    }
  });

  it('shows the warning in the bell with the unread count the store holds, and stores "mark read"', async () => {
    const unread = await unreadInStore();
    expect(unread).toBeGreaterThanOrEqual(2);
    await expect.poll(() => bell().getAttribute('aria-label')).toBe(morning.bell(unread));
    expect(await page.getByTestId('unread-count').textContent()).toBe(String(unread));
    await bell().click();
    const panel = page.getByTestId('notification-panel');
    const warning = panel.locator('[data-testid=notification][data-type=timer_warning]');
    await expect.poll(() => warning.locator('a').textContent()).toMatch(morning.warning);
    expect(await warning.locator('a').getAttribute('href')).toBe(`#/records/${ids.warned}`);
    // The lead the rule recycled is told to its former owner too.
    expect(await panel.locator('[data-testid=notification][data-type=record_transition]').count()).toBe(1);
    await shoot('bell-open');
    await speaksTheLocale('the bell');

    await warning.locator('.mark-read').click();
    await expect.poll(unreadInStore).toBe(unread - 1);
    const stored = (await inbox()).find((notification) => notification.type === 'timer_warning');
    expect(stored).toMatchObject({ recordId: ids.warned, readAt: expect.any(String) });
    await expect.poll(() => bell().getAttribute('aria-label')).toBe(morning.bell(unread - 1));
    await shoot('one-read');

    await page.getByTestId('mark-all-read').click();
    await expect.poll(unreadInStore).toBe(0);
    expect((await inbox()).every((notification) => notification.readAt !== null)).toBe(true);
    await expect.poll(() => bell().getAttribute('aria-label')).toBe(morning.bell(0));
    await shoot('all-read');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('notification-panel').count()).toBe(0);
  });

  it('shows a notification that arrives while the page is open, live', async () => {
    // Marketing hands a new lead over: the trunk routes it to the seller, who is told.
    const arriving = await tenant.createLead(marketer, { name: morning.leads.arriving, phone: '+86 10 5555 0199' });
    expect(await tenant.record(arriving)).toMatchObject({ stage: 'lead', ownerId: seller.id });
    await expect.poll(unreadInStore).toBe(1);
    await expect.poll(() => bell().getAttribute('aria-label'), { timeout: 20_000 }).toBe(morning.bell(1));
    await bell().click();
    const newest = page.getByTestId('notification-panel').getByTestId('notification').first();
    expect(await newest.getAttribute('data-type')).toBe('record_assigned');
    await expect.poll(() => newest.locator('a').textContent()).toMatch(morning.arrival);
    expect(await newest.locator('a').getAttribute('href')).toBe(`#/records/${arriving}`);
    await shoot('arrived-live');
    await speaksTheLocale('the bell with a new notification');
  });
});

/** A name as an email's local part. */
function emailLocalPart(name: string): string {
  return [...name].map((character) => (/[a-z0-9]/i.test(character) ? character.toLowerCase() : character.codePointAt(0)?.toString(36))).join('');
}
