import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en } from '@funnel/designer';
import { getTemplate } from '@funnel/schemas';
import { board } from '../../designer/src/i18n/work/board';
import { browserSuite } from './browser-suite';
import { DAY_MS, SCREENSHOTS, startForDeadlineTomorrow } from './browser-test-settings';
import { type Catalog, catalogKeys } from './catalog-text';
import { untranslatedText } from './untranslated-text';
import { seriousAxeFindings } from './serious-axe-findings';
import { signInAsPerson, type WorkPerson, type WorkTenant, workTenant } from './work-my-work-tenant';

// Every screen of the work area and every panel it opens, in Simplified and in Traditional Chinese, in a real browser
// against the real api: My work with something in each of its lists, the bell's list, the board with the move menu
// open, the transition dialog asking for fields and a refused move, the record page (stage path, a field's validation
// error, the timeline, the log-activity form opened to its follow-up, the extension panel, the release form, and a
// pending extension), and the pool with a claim refused. On each: no English and no message key shown raw (the
// designer's untranslated-text check), and no serious or critical axe-core finding.

const suite = browserSuite();
const HOUR_MS = 60 * 60 * 1000;
/** The app's and the board's message keys, to catch one shown raw. */
const MESSAGE_KEYS = new Set([...catalogKeys(en), ...catalogKeys(board.en as unknown as Catalog)]);
const TRUNK = getTemplate('standard_trunk').definition;

/** A stage's name in a locale, as the definition gives it. */
function stageName(key: string, locale: ChineseLocale['locale']): string {
  const name = TRUNK.stages.find((stage) => stage.key === key)?.name;
  if (!name) throw new Error(`the standard trunk has no stage ${key}`);
  return typeof name === 'string' ? name : (name[locale] ?? name.en ?? key);
}

/**
 * What the screens show as typed, in any language: the tenant's first person's name (the board's owner filter lists
 * "Admin"), the email's words, the currency's code, and the lead sources' stored values (the definition gives them no
 * names).
 */
const AS_TYPED = [...'Admin example com acme https CNY'.split(' '), ...'web referral event cold call partner third party list'.split(' ')];

interface ChineseLocale {
  locale: 'zh-Hans' | 'zh-Hant';
  apiLocale: 'zh_Hans' | 'zh_Hant';
  people: { seller: string; colleague: string; marketer: string };
  leads: { warned: string; dragged: string; followedUp: string; recycled: string };
}

const LOCALES: readonly ChineseLocale[] = [
  {
    locale: 'zh-Hans',
    apiLocale: 'zh_Hans',
    people: { seller: '李梅', colleague: '陈博', marketer: '市场部' },
    leads: { warned: '王芳', dragged: '刘洋', followedUp: '周杰', recycled: '赵磊' },
  },
  {
    locale: 'zh-Hant',
    apiLocale: 'zh_Hant',
    people: { seller: '林美', colleague: '陳博', marketer: '行銷部' },
    leads: { warned: '黃芳', dragged: '劉洋', followedUp: '周傑', recycled: '趙磊' },
  },
];

describe.each(LOCALES)('the work area in $locale', (chinese) => {
  const { locale } = chinese;
  const openedPage = suite.pageFor(`${locale}-work-in-chinese`);
  let page: Page;
  let tenant: WorkTenant;
  let seller: WorkPerson;
  let ids: Record<keyof ChineseLocale['leads'], string>;
  let step = 0;

  /** Photographs the screen, then checks it: nothing in English, no raw message key, no serious axe finding. */
  const checkScreen = async (screen: string) => {
    step += 1;
    await page.screenshot({ path: join(SCREENSHOTS, `${locale}-work-in-chinese-${String(step).padStart(2, '0')}-${screen}.png`), fullPage: true });
    const { rawKeys, english } = await untranslatedText({ page, messageKeys: MESSAGE_KEYS, identifiers: [...AS_TYPED, tenant.slug] });
    expect(rawKeys, `message keys shown raw on ${screen} in ${locale}`).toEqual([]);
    expect(english, `English on ${screen} in ${locale}`).toEqual([]);
    expect(await seriousAxeFindings(page), `axe findings on ${screen} in ${locale}`).toEqual([]);
  };
  const openRecord = async (id: string) => {
    await page.goto(`${suite.funnel.url}/#/records/${id}`);
    await page.getByTestId('stage-path').waitFor();
    await page.getByTestId('timeline').waitFor();
  };
  const card = (id: string) => page.getByTestId(`card-${id}`);
  const openMoveMenu = async (id: string) => {
    await card(id).locator('.board-card-move > button').click();
    await card(id).locator('.board-card-move li').first().waitFor();
  };
  const chooseStage = (id: string, stage: string) =>
    card(id)
      .locator('.board-card-move li button')
      .filter({ hasText: new RegExp(`^${stageName(stage, locale)}$`) })
      .click();

  beforeAll(async () => {
    for (const file of readdirSync(SCREENSHOTS).filter((name) => name.startsWith(`${locale}-work-in-chinese-`))) rmSync(join(SCREENSHOTS, file));
    page = openedPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    tenant = await workTenant({ suite, name: `Work in ${locale}` });
    seller = await tenant.person({ name: chinese.people.seller, roles: ['sales'], locale: chinese.apiLocale });
    await tenant.person({ name: chinese.people.colleague, roles: ['sales'], locale: chinese.apiLocale });
    const marketer = await tenant.keyPerson({ name: chinese.people.marketer, roles: ['marketing'] });
    const sqlAt = (at: number, fields: Record<string, unknown>) => tenant.sqlAt({ at, by: marketer, owner: seller, fields });
    // Something in each of My work's lists: a lead the one-week rule took back from the seller an hour ago (and which
    // the cool-down keeps them from claiming), one it warns of (back tomorrow), one whose follow-up came due a day ago
    // and whose extension the seller asked for, and an SQL without product, seats or company name for the board.
    const now = Date.now();
    const recycled = await sqlAt(now - 8 * DAY_MS, { name: chinese.leads.recycled, phone: '+86 10 5555 0401' });
    const warned = await sqlAt(startForDeadlineTomorrow(now), { name: chinese.leads.warned, phone: '+86 10 5555 0402' });
    const followedUp = await sqlAt(now - 4.5 * DAY_MS, { name: chinese.leads.followedUp, phone: '+86 10 5555 0403' });
    const followUp = await tenant.gql(seller.key, 'mutation($i: SetFollowUpInput!) { setFollowUp(input: $i) { __typename } }', {
      i: { id: followedUp, at: new Date(now - DAY_MS).toISOString(), note: '回电' },
    });
    expect(followUp.setFollowUp.__typename).toBe('Record');
    const dragged = await sqlAt(now - 4 * DAY_MS, { name: chinese.leads.dragged, email: 'buyer@acme.example', companyVerified: true, amount: 12_000 });
    const asked = await tenant.gql(seller.key, 'mutation($i: RequestExtensionInput!) { requestExtension(input: $i) { __typename } }', {
      i: { id: followedUp, timer: 'one_week_rule' },
    });
    expect(asked.requestExtension.__typename).toBe('Record');
    await tenant.setClock(now - HOUR_MS);
    expect(await tenant.runDueTimers()).toBeGreaterThanOrEqual(2);
    await tenant.setClock(now + 2 * HOUR_MS);
    expect(await tenant.runDueTimers()).toBeGreaterThanOrEqual(1);
    // The day itself runs at the browser's time, so that what the screens say of the day's steps ("2 hours ago") is so.
    await tenant.setClock(Date.now());
    expect(await tenant.record(recycled)).toMatchObject({ stage: 'pool', ownerId: null, pool: { previousOwnerId: seller.id } });
    ids = { warned, dragged, followedUp, recycled };
    await signInAsPerson({ page, url: suite.funnel.url, slug: tenant.slug, person: seller, locale });
  });

  it('My work, with an item in every list, and the bell’s open list', async () => {
    await page.goto(`${suite.funnel.url}/#/work`);
    for (const list of ['dueSoon', 'followUpsDue', 'recycledFromMe', 'myRequests']) {
      await expect.poll(() => page.getByTestId(`${list}-item`).count(), { message: `items in ${list}` }).toBeGreaterThan(0);
    }
    await expect.poll(() => page.getByTestId('dueSoon-item').first().getByTestId('due-when').textContent()).toMatch(/^明天/);
    await checkScreen('my-work');
    await page.getByTestId('notification-bell').click();
    const panel = page.getByTestId('notification-panel');
    await expect.poll(() => panel.locator('[data-testid=notification][data-type=timer_warning]').count()).toBeGreaterThan(0);
    await checkScreen('bell-open');
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
  });

  it('the board, its move menu, the transition dialog asking for fields, and a refused move', async () => {
    await page.goto(`${suite.funnel.url}/#/workflows/standard_trunk/board`);
    await card(ids.dragged).waitFor();
    await checkScreen('board');
    await openMoveMenu(ids.dragged);
    await checkScreen('board-move-menu');
    await chooseStage(ids.dragged, 'opportunity');
    const dialog = page.getByTestId('transition-dialog');
    await expect.poll(() => dialog.getByTestId('transition-blockers').locator('li').count()).toBeGreaterThanOrEqual(3);
    await checkScreen('board-asked-for-fields');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await openMoveMenu(ids.dragged);
    await chooseStage(ids.dragged, 'won');
    await expect.poll(() => page.getByTestId('board-refused').textContent()).toContain(chinese.leads.dragged);
    expect((await tenant.record(ids.dragged)).stage).toBe('sql');
    await checkScreen('board-refused');
  });

  it('the record page: stage path, a field refused, timeline, the log-activity form, extensions and release', async () => {
    await openRecord(ids.warned);
    await page.locator('[data-timer=one_week_rule]').waitFor();
    await page.locator('#release-reason').waitFor();
    await checkScreen('record');
    await page.locator('#field-seats').fill('0');
    await page.locator('.record-fields button[type=submit]').click();
    await page.locator('#field-seats-error').waitFor();
    await checkScreen('record-field-refused');
    // The log-activity form opened all the way: a call, its outcome, the follow-up's date and note.
    await page.locator('input[name=activity-type][value=call]').check();
    await page.locator('input[name=call-outcome][value=unanswered]').check();
    await page.locator('.record-follow-up button').click();
    await page.locator('#follow-up-note').waitFor();
    await checkScreen('record-log-activity');
    // The extension asked for: the panel says it waits for a manager.
    await openRecord(ids.followedUp);
    await page.locator('[data-timer=one_week_rule]').getByTestId('extension-pending').waitFor();
    await checkScreen('record-extension-pending');
  });

  it('the pool, with a claim refused by the cool-down', async () => {
    await page.goto(`${suite.funnel.url}/#/workflows/standard_trunk/pool`);
    await page.getByTestId('pool-table').waitFor();
    const row = page.locator(`[data-testid=pool-row][data-record-id="${ids.recycled}"]`);
    await checkScreen('pool');
    await row.getByTestId('claim').click();
    await expect.poll(() => page.getByTestId('claim-refusal').textContent()).toContain(chinese.leads.recycled);
    expect(await tenant.record(ids.recycled)).toMatchObject({ stage: 'pool', ownerId: null });
    await checkScreen('pool-claim-refused');
  });
});
