import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite } from './browser-suite';
import { DAY_MS } from './browser-test-settings';
import { signInAsPerson } from './work-my-work-tenant';
import { type MgrLocale, type MgrTeam, mgrSteps, mgrTeam } from './work-mgr-team';

// The team board and forecast in a real browser against the real api. Two leads came in last month (the tenant's
// clock set back) and three this month, routed round the manager's two salespeople. The page shows the open pipeline
// by owner and by forecast category with the total, as the api's pipeline holds it; this month's funnel against last
// month's (3 leads against 2); a click on a count lists exactly the records behind it, each a link to its page; and
// the board below is the team's. In English, Simplified and Traditional Chinese.

const suite = browserSuite();

interface TeamInLocale {
  locale: MgrLocale;
  manager: string;
  people: [string, string];
  lead: string;
}

const LOCALES: readonly TeamInLocale[] = [
  { locale: 'en', manager: 'Mia Park', people: ['Ann Lee', 'Bo Chen'], lead: 'Lead' },
  { locale: 'zh-Hans', manager: '周敏', people: ['李梅', '陈博'], lead: '线索' },
  { locale: 'zh-Hant', manager: '周敏', people: ['李梅', '陳博'], lead: '線索' },
];

type PipelineRow = { ownerId: string | null; count: number };

describe.each(LOCALES)('the team board and forecast, in $locale', (expected) => {
  const { locale } = expected;
  const openedPage = suite.pageFor(`${locale}-team`);
  let page: Page;
  let team: MgrTeam;
  const steps = mgrSteps({ page: () => page, prefix: 'team', locale, identifiers: () => [expected.manager, ...expected.people, expected.lead] });

  const pipeline = async () => {
    const read = await team.tenant.gql(
      team.manager.key,
      '{ pipeline(workflowKey: "standard_trunk") { ... on PipelineReport { total { count } byOwner { ownerId count } byForecastCategory { forecastCategory count } } } }',
    );
    return read.pipeline as { total: { count: number }; byOwner: PipelineRow[]; byForecastCategory: { forecastCategory: string; count: number }[] };
  };
  const openIdsOf = async (owner: string) => {
    const read = await team.tenant.gql(team.tenant.adminKey, 'query($o: ID!) { records(filter: { owner: $o }, first: 100) { edges { node { id outcome } } } }', { o: owner });
    return read.records.edges
      .map((edge: { node: { id: string; outcome: string | null } }) => edge.node)
      .filter((node: { outcome: string | null }) => node.outcome === null)
      .map((node: { id: string }) => node.id)
      .sort();
  };
  const shownIds = async () => (await page.getByTestId('slice-record').evaluateAll((items) => items.map((item) => item.getAttribute('data-record-id')))).sort();

  beforeAll(async () => {
    page = openedPage();
    team = await mgrTeam({ suite, name: `Team ${locale}`, locale, managerName: expected.manager, salesNames: expected.people });
    const now = Date.now();
    const today = new Date(now);
    const lastMonth = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 10, 12);
    await team.tenant.setClock(lastMonth);
    for (let i = 1; i <= 2; i++) await team.tenant.createLead(team.marketer, { name: `${expected.lead} ${i}`, phone: `+86 10 5555 06${i}0` });
    await team.tenant.setClock(now);
    for (let i = 3; i <= 5; i++) await team.tenant.createLead(team.marketer, { name: `${expected.lead} ${i}`, phone: `+86 10 5555 06${i}0` });
    expect(Date.now() - lastMonth).toBeGreaterThan(DAY_MS);
  });

  it("shows the open pipeline by owner and forecast category with the total, and this month against last month's", async () => {
    await signInAsPerson({ page, url: suite.funnel.url, slug: team.tenant.slug, person: team.manager, locale });
    await page.goto(`${suite.funnel.url}/#/team`);
    await page.getByTestId('by-owner').waitFor();
    const stored = await pipeline();
    expect(stored.total.count).toBe(5);
    for (const row of stored.byOwner) {
      const shown = page.locator(`[data-testid=by-owner-row][data-key="${row.ownerId ?? 'nobody'}"]`).getByTestId('count');
      expect(await shown.textContent()).toBe(String(row.count));
    }
    expect(await page.locator('[data-testid=by-owner-row][data-key=total]').getByTestId('count').textContent()).toBe('5');
    for (const row of stored.byForecastCategory) {
      expect(await page.locator(`[data-testid=by-category-row][data-key="${row.forecastCategory}"]`).getByTestId('count').textContent()).toBe(String(row.count));
    }
    const leads = page.locator('[data-testid=funnel-row][data-stage=lead]');
    await leads.waitFor();
    expect(await leads.getByTestId('entered-now').textContent()).toBe('3');
    expect(await leads.getByTestId('entered-before').textContent()).toBe('2');
    await page.getByTestId('column-lead').waitFor();
    await steps.shoot('forecast');
    await steps.speaksTheLocale('the team forecast');
  });

  it("lists the records behind an owner's count and a category's, each linking to its page", async () => {
    const [ann] = team.sales;
    const count = page.locator(`[data-testid=by-owner-row][data-key="${ann.id}"]`).getByTestId('count');
    await count.focus();
    await page.keyboard.press('Enter');
    const expectedIds = await openIdsOf(ann.id);
    await expect.poll(shownIds).toEqual(expectedIds);
    expect(expectedIds.length).toBe(Number(await count.textContent()));
    const first = page.getByTestId('slice-record').first();
    expect(await first.locator('a').getAttribute('href')).toBe(`#/records/${await first.getAttribute('data-record-id')}`);
    await steps.shoot('owner-records');
    await steps.speaksTheLocale('the records behind a count');
    await page.locator('[data-testid=by-category-row][data-key=total]').getByTestId('count').click();
    await expect.poll(async () => (await shownIds()).length).toBe(5);
    await steps.shoot('total-records');
  });
});
