import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite } from './browser-suite';
import { DAY_MS, UI_TIMEOUT_MS } from './browser-test-settings';
import { signInAsPerson, type WorkPerson } from './work-my-work-tenant';
import { type MgrLocale, type MgrTeam, mgrSteps, mgrTeam, publishTrunk, salesperson } from './work-mgr-team';

// The dashboard narrowed in a real browser against the real api (issue 21's filters and comparison): the standard
// trunk with two pipelines (hunters from the lead stage, farmers from the opportunity stage); the manager's team (Ann,
// Bo) and Cy outside it. Two hunters' leads came in in the period before; in this one three more (Ann's two, Bo's one)
// and three farmers' opportunities (leads are no part of the pipeline): Ann's of 10,000 from the web, Bo's of 20,000
// by referral, Cy's of 40,000 from an event. The totals line follows the pipeline a person, a team, a pipeline or a
// lead source leaves, as do the four Vs (open opportunities and their amount: nothing is won yet), and "compare" shows
// the period before beside this one.

const suite = browserSuite();

interface DashboardInLocale {
  locale: MgrLocale;
  manager: string;
  people: [string, string, string];
  teamOf: string;
  /** The totals line's words for a count of records. */
  records: (count: number) => string;
  enteredBefore: string;
}

const LOCALES: readonly DashboardInLocale[] = [
  {
    locale: 'en',
    manager: 'Mia Park',
    people: ['Ann Lee', 'Bo Chen', 'Cy Wu'],
    teamOf: 'Team of Mia Park',
    records: (count) => `Pipeline: ${count} records`,
    enteredBefore: 'Entered before',
  },
  {
    locale: 'zh-Hans',
    manager: '周敏',
    people: ['李梅', '陈博', '吴晨'],
    teamOf: '周敏 的团队',
    records: (count) => `${count} 条记录`,
    enteredBefore: '上一期进入',
  },
];

describe.each(LOCALES)('the dashboard narrowed and compared, in $locale', (expected) => {
  const { locale } = expected;
  const openedPage = suite.pageFor(`${locale}-dashboard-filters`);
  let page: Page;
  let team: MgrTeam;
  let cy: WorkPerson;
  const steps = mgrSteps({
    page: () => page,
    prefix: 'dashboard-filters',
    locale,
    // As typed: people's names (the tenant's "Admin" and "Marketing" among them), the pipelines' names, and the lead
    // sources' stored values (the definition gives them no names).
    identifiers: () => [expected.manager, ...expected.people, 'Admin Marketing Hunters Farmers', 'web referral event cold call partner third party list'],
  });
  const totals = () => page.getByTestId('dashboard-totals').textContent();

  beforeAll(async () => {
    page = openedPage();
    team = await mgrTeam({ suite, name: `Dashboard ${locale}`, locale, managerName: expected.manager, salesNames: expected.people.slice(0, 2) });
    cy = await team.tenant.person({ name: expected.people[2], roles: ['sales'], locale: locale === 'en' ? 'en' : 'zh_Hans' });
    await publishTrunk(team, (definition) => {
      definition.pipelines = [
        { key: 'hunters', name: { en: 'Hunters', 'zh-Hans': 'Hunters', 'zh-Hant': 'Hunters' }, entryStage: 'lead' },
        { key: 'farmers', name: { en: 'Farmers', 'zh-Hans': 'Farmers', 'zh-Hant': 'Farmers' }, entryStage: 'opportunity' },
      ];
    });
    const { tenant, manager } = team;
    const [ann, bo] = [salesperson(team, 0), salesperson(team, 1)];
    const create = async (owner: WorkPerson, pipeline: string, fields: Record<string, unknown>) => {
      const made = await tenant.gql(manager.key, 'mutation($i: CreateRecordInput!) { createRecord(input: $i) { __typename ... on Error { message } } }', {
        i: { workflowKey: 'standard_trunk', owner: owner.id, pipeline, fields },
      });
      expect(made.createRecord.__typename, JSON.stringify(made)).toBe('Record');
    };
    const now = Date.now();
    await tenant.setClock(now - 40 * DAY_MS);
    await create(ann, 'hunters', { name: 'Earlier one', phone: '+1 555 0201', source: 'web' });
    await create(bo, 'hunters', { name: 'Earlier two', phone: '+1 555 0202', source: 'web' });
    await tenant.setClock(now - 2 * DAY_MS);
    await create(ann, 'hunters', { name: 'Avery Stone', phone: '+1 555 0211', source: 'web' });
    await create(ann, 'hunters', { name: 'Blake Moss', phone: '+1 555 0212', source: 'web' });
    await create(bo, 'hunters', { name: 'Casey Reed', phone: '+1 555 0213', source: 'referral' });
    const deal = (name: string, phone: string, source: string, amount: number) => ({
      name,
      phone,
      source,
      companyName: `${name} Ltd`,
      companyVerified: true,
      product: 'Funnel Pro',
      seats: 10,
      amount,
    });
    await create(ann, 'farmers', deal('Drew Hale', '+1 555 0221', 'web', 10_000));
    await create(bo, 'farmers', deal('Eden Park', '+1 555 0222', 'referral', 20_000));
    await create(cy, 'farmers', deal('Finn Cole', '+1 555 0223', 'event', 40_000));
    await tenant.setClock(now);
    await signInAsPerson({ page, url: suite.funnel.url, slug: tenant.slug, person: manager, locale });
    await page.goto(`${suite.funnel.url}#/workflows/standard_trunk/dashboard`);
    await page.getByTestId('dashboard-filters').waitFor();
  });

  it('narrows the reports to a team, a person, a pipeline and a lead source, and back to everyone', async () => {
    const who = page.getByTestId('dashboard-who');
    // Everyone: the three opportunities.
    await expect.poll(totals, { timeout: UI_TIMEOUT_MS }).toContain(expected.records(3));
    await steps.shoot('everyone');
    // The four Vs: volume and value now (no deal won yet: no win rate, so no velocity).
    const fourVs = () => page.getByTestId('dashboard-velocity').locator('dd').allTextContents();
    await expect.poll(fourVs).toEqual(['3', expect.stringContaining('70,000'), '—', '—', '—', '—']);
    await who.selectOption({ label: expected.teamOf });
    await expect.poll(totals, { timeout: UI_TIMEOUT_MS }).toContain(expected.records(2));
    await expect.poll(totals).toContain('30,000');
    await expect.poll(fourVs).toEqual(['2', expect.stringContaining('30,000'), '—', '—', '—', '—']);
    await who.selectOption({ label: expected.people[2] });
    await expect.poll(totals, { timeout: UI_TIMEOUT_MS }).toContain(expected.records(1));
    await expect.poll(totals).toContain('40,000');
    await who.selectOption({ label: expected.people[0] });
    await expect.poll(totals, { timeout: UI_TIMEOUT_MS }).toContain('10,000');
    await who.selectOption('');
    await page.getByTestId('dashboard-pipeline').selectOption('hunters');
    await expect.poll(totals, { timeout: UI_TIMEOUT_MS }).toContain(expected.records(0));
    await page.getByTestId('dashboard-pipeline').selectOption('');
    await page.getByTestId('dashboard-source').selectOption('referral');
    await expect.poll(totals, { timeout: UI_TIMEOUT_MS }).toContain('20,000');
    await expect.poll(() => page.getByTestId('dashboard-filters').locator('.hint').count()).toBe(1);
    await steps.shoot('a-source');
    await steps.speaksTheLocale('the narrowed dashboard');
    await page.getByTestId('dashboard-source').selectOption('');
    await expect.poll(totals, { timeout: UI_TIMEOUT_MS }).toContain(expected.records(3));
  });

  it('asks for whole UTC days up to the end of today, and names the first and the last', async () => {
    const asked = page.waitForRequest((request) => (request.postData() ?? '').includes('query Dashboard'));
    await page.getByTestId('period-7').click();
    const { period } = JSON.parse((await asked).postData() ?? '{}').variables as { period: { from: string; to: string } };
    const endOfToday = (Math.floor(Date.now() / DAY_MS) + 1) * DAY_MS;
    expect(period).toEqual({ from: new Date(endOfToday - 7 * DAY_MS).toISOString(), to: new Date(endOfToday).toISOString() });
    const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    await expect
      .poll(() => page.locator('.period-picker .hint').textContent())
      .toBe(`${dates.format(endOfToday - 7 * DAY_MS)} – ${dates.format(endOfToday - DAY_MS)}`);
    expect(await page.locator('#period-to').inputValue()).toBe(new Date(endOfToday - DAY_MS).toISOString().slice(0, 10));
    await page.getByTestId('period-30').click();
    await expect.poll(totals, { timeout: UI_TIMEOUT_MS }).toContain(expected.records(3));
  });

  it('shows the period before beside this one: its leads entered and its dates', async () => {
    await page.getByTestId('dashboard-compare').check();
    await page.getByTestId('dashboard-compared').waitFor({ timeout: UI_TIMEOUT_MS });
    const table = page.getByRole('region', { name: /Funnel|漏斗/ }).locator('table');
    await expect.poll(() => table.locator('thead th').allTextContents()).toContain(expected.enteredBefore);
    // The lead row: three leads entered in the period (the farmers' records entered at the opportunity), two the period before.
    const leadRow = table.locator('tbody tr').first();
    await expect
      .poll(() => leadRow.locator('td').allTextContents())
      .toEqual([expect.any(String), '3', expect.any(String), expect.any(String), '2', expect.any(String)]);
    await expect.poll(() => page.getByTestId('dashboard-velocity').locator('.hint').count()).toBe(1);
    await steps.shoot('compared');
    await steps.speaksTheLocale('the compared dashboard');
    await page.getByTestId('dashboard-compare').uncheck();
    await expect.poll(() => page.getByTestId('dashboard-compared').count()).toBe(0);
  });
});
