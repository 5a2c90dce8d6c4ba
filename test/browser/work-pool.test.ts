import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en } from '@funnel/designer';
import { browserSuite } from './browser-suite';
import { DAY_MS, SCREENSHOTS } from './browser-test-settings';
import { catalogKeys } from './catalog-text';
import { untranslatedText } from './untranslated-text';
import { seriousAxeFindings } from './serious-axe-findings';
import { signInAsPerson, type WorkPerson, type WorkTenant, workTenant } from './work-my-work-tenant';

// The public pool in a real browser against the real api: a lead the one-week rule recycled waits there with its
// reason and its former owner; another salesperson claims it from the screen (the store then holds the new owner
// and a `claimed` event with that actor); the former owner, claiming another lead the rule took from them, is
// refused by the cool-down, and the screen says so in words. In English and in Simplified Chinese.

const suite = browserSuite();
const MESSAGE_KEYS = catalogKeys(en);

interface PoolInLocale {
  locale: 'en' | 'zh-Hans';
  apiLocale: 'en' | 'zh_Hans';
  people: { former: string; claimer: string };
  leads: { claimed: string; refused: string };
  reason: string;
  claimed: (name: string) => string;
  cooldown: RegExp;
}

const POOLS: readonly PoolInLocale[] = [
  {
    locale: 'en',
    apiLocale: 'en',
    people: { former: 'Ann Lee', claimer: 'Bo Chen' },
    leads: { claimed: 'Avery Stone', refused: 'Blake Rivera' },
    reason: 'One-week rule',
    claimed: (name) => `${name} is yours now, in Lead. Open ${name}`,
    cooldown: /^You owned Blake Rivera before it went back to the pool: you may claim it again from .+ \(cool-down\)\.$/,
  },
  {
    locale: 'zh-Hans',
    apiLocale: 'zh_Hans',
    people: { former: '李梅', claimer: '陈博' },
    leads: { claimed: '王芳', refused: '李强' },
    reason: '一周规则',
    claimed: (name) => `${name} 已归您所有，当前阶段：线索。 打开 ${name}`,
    cooldown: /^李强 收归公海前由您负责：冷却期内不能领取，.+ 起可再次领取。$/,
  },
];

describe.each(POOLS)('the public pool, in $locale', (expected) => {
  const { locale } = expected;
  const openedPage = suite.pageFor(`${locale}-pool`);
  let page: Page;
  let tenant: WorkTenant;
  let former: WorkPerson;
  let claimer: WorkPerson;
  let ids: { claimed: string; refused: string };
  let step = 0;

  const shoot = async (name: string) => {
    step += 1;
    await page.screenshot({ path: join(SCREENSHOTS, `${locale}-pool-${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  const speaksTheLocale = async (screen: string) => {
    const identifiers = [...Object.values(expected.leads), ...Object.values(expected.people)].flatMap((name) => name.split(' '));
    const { rawKeys, english } = await untranslatedText({ page, messageKeys: MESSAGE_KEYS, identifiers });
    expect(rawKeys, `message keys shown raw on ${screen}`).toEqual([]);
    if (locale !== 'en') expect(english, `English on ${screen} in ${locale}`).toEqual([]);
    expect(await seriousAxeFindings(page), `axe findings on ${screen} in ${locale}`).toEqual([]);
  };
  const row = (id: string) => page.locator(`[data-testid=pool-row][data-record-id="${id}"]`);
  const openPool = async () => {
    await page.goto(`${suite.funnel.url}/#/workflows/standard_trunk/pool`);
    await page.getByTestId('pool-table').waitFor();
  };

  beforeAll(async () => {
    page = openedPage();
    tenant = await workTenant({ suite, name: `Pool ${locale}` });
    former = await tenant.person({ name: expected.people.former, roles: ['sales'], locale: expected.apiLocale });
    claimer = await tenant.person({ name: expected.people.claimer, roles: ['sales'], locale: expected.apiLocale });
    const marketer = await tenant.keyPerson({ name: 'Marketing', roles: ['marketing'] });
    // Two SQLs of the former owner that the one-week rule takes back to the pool when the week is over.
    const now = Date.now();
    await tenant.setClock(now - 8 * DAY_MS);
    const sql = async (name: string, phone: string) => {
      const id = await tenant.createLead(marketer, { name, phone });
      await tenant.transition(marketer, id, 'qualify');
      expect(await tenant.transition(former, id, 'accept')).toBe('sql');
      return id;
    };
    ids = { claimed: await sql(expected.leads.claimed, '+86 10 5555 0201'), refused: await sql(expected.leads.refused, '+86 10 5555 0202') };
    await tenant.setClock(now);
    expect(await tenant.runDueTimers()).toBeGreaterThanOrEqual(2);
    for (const id of Object.values(ids)) {
      expect(await tenant.record(id)).toMatchObject({ stage: 'pool', ownerId: null, pool: { reason: 'one_week_rule', previousOwnerId: former.id } });
    }
  });

  it('lists the recycled lead with its reason, since when and its former owner; another salesperson claims it', async () => {
    await signInAsPerson({ page, url: suite.funnel.url, slug: tenant.slug, person: claimer, locale });
    await openPool();
    const waiting = row(ids.claimed);
    expect(await waiting.getByTestId('pool-reason').textContent()).toBe(expected.reason);
    expect(await waiting.textContent()).toContain(expected.people.former);
    expect(await waiting.locator('a').getAttribute('href')).toBe(`#/records/${ids.claimed}`);
    await shoot('recycled-lead-waiting');
    await speaksTheLocale('the pool');

    // Claimed with the keyboard: focus the row's button, press Enter.
    await waiting.getByTestId('claim').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('claim-status').textContent()).toBe(expected.claimed(expected.leads.claimed));
    await expect.poll(() => row(ids.claimed).count()).toBe(0);
    // The store: the claimer owns it, in the claim's stage, and the history has the claim by them.
    expect(await tenant.record(ids.claimed)).toMatchObject({ stage: 'lead', ownerId: claimer.id, pool: null });
    const history = await tenant.gql<{ record: { history: { edges: { node: { type: string; actorId: string; from: string; to: string } }[] } } }>(
      tenant.adminKey,
      'query($id: ID!) { record(id: $id) { ... on Record { history(first: 50) { edges { node { type actorId from to } } } } } }',
      { id: ids.claimed },
    );
    expect(history.record.history.edges.map((edge) => edge.node)).toContainEqual({ type: 'claimed', actorId: claimer.id, from: 'pool', to: 'lead' });
    await shoot('claimed');
    await speaksTheLocale('the pool after a claim');
  });

  it('refuses the former owner within the cool-down, and says until when', async () => {
    await signInAsPerson({ page, url: suite.funnel.url, slug: tenant.slug, person: former, locale });
    await openPool();
    await row(ids.refused).getByTestId('claim').click();
    await expect.poll(() => page.getByTestId('claim-refusal').textContent()).toMatch(expected.cooldown);
    // Nothing changed: still in the pool, nobody's, and listed.
    expect(await tenant.record(ids.refused)).toMatchObject({ stage: 'pool', ownerId: null });
    expect(await row(ids.refused).count()).toBe(1);
    await shoot('cool-down-refused');
    await speaksTheLocale('the pool with a refusal');
  });
});
