import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite } from './browser-suite';
import { DAY_MS } from './browser-test-settings';
import { signInAsPerson } from './work-my-work-tenant';
import { type MgrLocale, type MgrTeam, mgrSteps, mgrTeam, salesperson, sqlOf } from './work-mgr-team';

// The team board and forecast in a real browser against the real api. Two leads came in last month (the tenant's
// clock set back) and three this month, routed round the manager's two salespeople, and three more this month that
// became opportunities (two of Ann's, one of Bo's). The page shows the pipeline by owner and by forecast category with
// the total, as the api's pipeline holds it; this month's funnel against last month's (6 leads against 2); a click on a count lists exactly the records behind it, each a link to its page; and
// the board below is the team's. In English, Simplified and Traditional Chinese.

const suite = browserSuite();

interface TeamInLocale {
  locale: MgrLocale;
  manager: string;
  people: [string, string];
  lead: string;
  company: string;
}

const LOCALES: readonly TeamInLocale[] = [
  { locale: 'en', manager: 'Mia Park', people: ['Ann Lee', 'Bo Chen'], lead: 'Lead', company: 'Company' },
  { locale: 'zh-Hans', manager: '周敏', people: ['李梅', '陈博'], lead: '线索', company: '北京公司' },
  { locale: 'zh-Hant', manager: '周敏', people: ['李梅', '陳博'], lead: '線索', company: '台北公司' },
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
  /** The records of an owner the pipeline counts: neither omitted from the forecast nor lost. */
  const pipelineIdsOf = async (owner: string) => {
    const read = await team.tenant.gql(
      team.tenant.adminKey,
      'query($o: ID!) { records(filter: { owner: $o }, first: 100) { edges { node { id outcome forecastCategory } } } }',
      { o: owner },
    );
    type Node = { id: string; outcome: string | null; forecastCategory: string };
    return read.records.edges
      .map((edge: { node: Node }) => edge.node)
      .filter((node: Node) => node.forecastCategory !== 'omitted' && node.outcome !== 'lost')
      .map((node: Node) => node.id)
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
    const [ann, bo] = [salesperson(team, 0), salesperson(team, 1)];
    for (const [i, owner] of [ann, ann, bo].entries()) {
      const deal = { companyName: `${expected.company} ${i}`, companyVerified: true, product: 'Funnel Pro', seats: 10, amount: 10_000 * (i + 1) };
      const id = await sqlOf(team, owner, { name: `${expected.lead} ${6 + i}`, phone: `+86 10 5555 07${i}0`, ...deal });
      expect(await team.tenant.transition(owner, id, 'create_opportunity')).toBe('opportunity');
    }
    expect(Date.now() - lastMonth).toBeGreaterThan(DAY_MS);
  });

  it("shows the pipeline by owner and forecast category with the total, and this month against last month's", async () => {
    await signInAsPerson({ page, url: suite.funnel.url, slug: team.tenant.slug, person: team.manager, locale });
    await page.goto(`${suite.funnel.url}/#/team`);
    await page.getByTestId('by-owner').waitFor();
    const stored = await pipeline();
    expect(stored.total.count).toBe(3);
    for (const row of stored.byOwner) {
      const shown = page.locator(`[data-testid=by-owner-row][data-key="${row.ownerId ?? 'nobody'}"]`).getByTestId('count');
      expect(await shown.textContent()).toBe(String(row.count));
    }
    expect(await page.locator('[data-testid=by-owner-row][data-key=total]').getByTestId('count').textContent()).toBe('3');
    for (const row of stored.byForecastCategory) {
      expect(await page.locator(`[data-testid=by-category-row][data-key="${row.forecastCategory}"]`).getByTestId('count').textContent()).toBe(
        String(row.count),
      );
    }
    const leads = page.locator('[data-testid=funnel-row][data-stage=lead]');
    await leads.waitFor();
    expect(await leads.getByTestId('entered-now').textContent()).toBe('6');
    expect(await leads.getByTestId('entered-before').textContent()).toBe('2');
    await page.getByTestId('column-lead').waitFor();
    await steps.shoot('forecast');
    await steps.speaksTheLocale('the team forecast');
  });

  it("lists the records behind an owner's count and a category's, each linking to its page", async () => {
    const ann = salesperson(team, 0);
    const count = page.locator(`[data-testid=by-owner-row][data-key="${ann.id}"]`).getByTestId('count');
    await count.focus();
    await page.keyboard.press('Enter');
    const expectedIds = await pipelineIdsOf(ann.id);
    await expect.poll(shownIds).toEqual(expectedIds);
    expect(expectedIds).toHaveLength(2);
    expect(await count.textContent()).toBe('2');
    const first = page.getByTestId('slice-record').first();
    expect(await first.locator('a').getAttribute('href')).toBe(`#/records/${await first.getAttribute('data-record-id')}`);
    await steps.shoot('owner-records');
    await steps.fitsNarrow('owner-records');
    await steps.speaksTheLocale('the records behind a count');
    await page.locator('[data-testid=by-category-row][data-key=total]').getByTestId('count').click();
    await expect.poll(async () => (await shownIds()).length).toBe(3);
    await steps.shoot('total-records');
  });
});
