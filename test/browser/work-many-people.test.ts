import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite } from './browser-suite';
import { UI_TIMEOUT_MS } from './browser-test-settings';
import { signInAsPerson } from './work-my-work-tenant';
import { type MgrTeam, mgrTeam, publishTrunk } from './work-mgr-team';

// A firm with more people than one page of `users` holds (100): 130 salespeople under one manager, the last of them
// created last, so they are on the second page. Every screen where a manager picks a person lists them: the
// dashboard's person and team select, the board's owner filter, and distribution's people with their loads.

const suite = browserSuite();
const EXTRA_PEOPLE = 128;
const LAST = 'Zed Last';

describe('a firm of more than a hundred people', () => {
  const openedPage = suite.pageFor('en-many-people');
  let page: Page;
  let team: MgrTeam;
  let lastId = '';

  beforeAll(async () => {
    page = openedPage();
    team = await mgrTeam({ suite, name: 'Many people', locale: 'en', managerName: 'Mia Park', salesNames: ['Ann Lee'] });
    const { tenant, manager } = team;
    const add = async (name: string) => {
      const made = await tenant.gql(
        tenant.adminKey,
        'mutation($i: CreateUserInput!) { createUser(input: $i) { __typename ... on User { id } ... on Error { message } } }',
        { i: { name, roles: ['sales'], managerId: manager.id } },
      );
      expect(made.createUser.__typename, JSON.stringify(made)).toBe('User');
      return made.createUser.id as string;
    };
    for (let i = 1; i <= EXTRA_PEOPLE; i++) await add(`Rep ${String(i).padStart(3, '0')}`);
    lastId = await add(LAST);
    await publishTrunk(team, () => {});
    const count = await tenant.gql(tenant.adminKey, 'query { users(first: 100) { pageInfo { hasNextPage } } }');
    expect(count.users.pageInfo.hasNextPage).toBe(true);
    await signInAsPerson({ page, url: suite.funnel.url, slug: tenant.slug, person: manager, locale: 'en' });
  });

  it('lists the last of them in the dashboard’s person select', async () => {
    await page.goto(`${suite.funnel.url}#/workflows/standard_trunk/dashboard`);
    const who = page.getByTestId('dashboard-who');
    await expect.poll(() => who.locator(`option[value="person:${lastId}"]`).count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    await who.selectOption({ label: LAST });
    expect(await who.inputValue()).toBe(`person:${lastId}`);
  });

  it('lists the last of them in the board’s owner filter', async () => {
    await page.goto(`${suite.funnel.url}/#/workflows/standard_trunk/board`);
    const owner = page.getByRole('search').getByLabel('Owner');
    await expect.poll(() => owner.locator(`option[value="${lastId}"]`).count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
  });

  it('lists the last of them in distribution, with their load', async () => {
    await page.goto(`${suite.funnel.url}/#/distribution`);
    const row = page.locator(`[data-testid=person-load][data-user-id="${lastId}"]`);
    await expect.poll(() => row.count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    await expect.poll(() => page.locator('[data-testid=person-load]').count()).toBe(EXTRA_PEOPLE + 2);
    expect(await row.getByTestId('load').textContent()).toContain('0');
  });
});
