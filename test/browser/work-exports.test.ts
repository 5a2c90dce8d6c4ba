import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite } from './browser-suite';
import { downloadedCsv, recordIds } from './work-data-csv';
import { screenshots, speaksTheLocale as checkScreen } from './work-data-screens';
import { signInAsPerson, type WorkPerson, type WorkTenant, workTenant } from './work-my-work-tenant';

// A manager filters the board to one salesperson and one source and clicks "Export CSV": the file the browser
// downloads has exactly the records the api's records list gives for that owner and source. The Exports page and
// the link are then checked in both Chinese locales (axe, untranslated text), the link carrying the reader's locale.

const suite = browserSuite();

describe('exports', () => {
  const openedPage = suite.pageFor('exports');
  let page: Page;
  let tenant: WorkTenant;
  let manager: WorkPerson;
  let ann: WorkPerson;
  let bo: WorkPerson;
  const shoot = screenshots(() => page, 'exports');
  const speaksTheLocale = (locale: string, screen: string) =>
    checkScreen({
      page,
      locale,
      screen,
      identifiers: [
        'Admin',
        'Web',
        'Referral',
        'Ann',
        'Lee',
        'Bo',
        'Chen',
        'Mia',
        'Manager',
        'web',
        'referral',
        'event',
        'cold',
        'call',
        'partner',
        'third',
        'party',
        'list',
      ],
    });
  const create = async (name: string, owner: WorkPerson, source: string) => {
    const made = await tenant.gql(tenant.adminKey, 'mutation($i: CreateRecordInput!) { createRecord(input: $i) { __typename ... on Record { id } } }', {
      i: { workflowKey: 'standard_trunk', fields: { name, source, email: `${name.toLowerCase().replace(/ /g, '.')}@export.example` }, owner: owner.id },
    });
    expect(made.createRecord.__typename).toBe('Record');
    return made.createRecord.id as string;
  };

  beforeAll(async () => {
    page = openedPage();
    tenant = await workTenant({ suite, name: 'Exports' });
    manager = await tenant.person({ name: 'Mia Manager', roles: ['manager'] });
    ann = await tenant.person({ name: 'Ann Lee', roles: ['sales'], managerId: manager.id });
    bo = await tenant.person({ name: 'Bo Chen', roles: ['sales'], managerId: manager.id });
    for (let i = 0; i < 4; i++) await create(`Ann Web ${i}`, ann, 'web');
    for (let i = 0; i < 2; i++) await create(`Ann Referral ${i}`, ann, 'referral');
    for (let i = 0; i < 3; i++) await create(`Bo Web ${i}`, bo, 'web');
  });

  it('exports the board filtered to one owner and source: the file has exactly those records', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInAsPerson({ page, url: suite.funnel.url, slug: tenant.slug, person: manager, locale: 'en' });
    await page.goto(`${suite.funnel.url}/#/workflows/standard_trunk/board`);
    const filters = page.getByRole('search');
    await filters.getByLabel('Owner').selectOption({ label: 'Ann Lee' });
    await filters.getByLabel('Source').selectOption('web');
    const link = page.getByTestId('export-csv');
    await expect.poll(() => link.getAttribute('href')).toContain(`owner=${ann.id}`);
    const href = new URL(String(await link.getAttribute('href')), suite.funnel.url);
    expect(Object.fromEntries(href.searchParams)).toEqual({ workflowKey: 'standard_trunk', scope: 'everyone', owner: ann.id, source: 'web', locale: 'en' });
    await shoot('en', 'board-filtered');

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await downloadedCsv(download);
    expect(file.header[0]).toBe('Record ID');
    const exported = file.rows.map((row) => row[0]).sort();
    const owned = await recordIds((query, variables) => tenant.gql(tenant.adminKey, query, variables), { owner: ann.id });
    const expected = owned
      .filter((record) => record.fields.source === 'web')
      .map((record) => record.id)
      .sort();
    expect(expected).toHaveLength(4);
    expect(exported).toEqual(expected);
    await speaksTheLocale('en', 'the board with Export CSV');
  });

  it('exports from the Exports page with a stage and owner chosen', async () => {
    await page.goto(`${suite.funnel.url}/#/exports`);
    const form = page.getByRole('form');
    // The owner and source selects are the board's (OwnerSourceFilters), in the board's words.
    await expect.poll(() => form.getByLabel('Owner').locator('option').first().textContent()).toBe('Any owner');
    expect(await form.getByLabel('Source').locator('option').first().textContent()).toBe('Any source');
    await form.getByLabel('Owner').selectOption({ label: 'Bo Chen' });
    await form.getByLabel('Source').selectOption('web');
    await form.getByLabel('Stage').selectOption('lead');
    const link = page.getByTestId('export-csv');
    await expect.poll(() => link.getAttribute('href')).toContain(`owner=${bo.id}`);
    expect(new URL(String(await link.getAttribute('href')), suite.funnel.url).searchParams.get('source')).toBe('web');
    await shoot('en', 'exports-page');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await downloadedCsv(download);
    const owned = await recordIds((query, variables) => tenant.gql(tenant.adminKey, query, variables), { owner: bo.id, stage: 'lead' });
    expect(owned).toHaveLength(3);
    expect(file.rows.map((row) => row[0]).sort()).toEqual(owned.map((record) => record.id).sort());
    await speaksTheLocale('en', 'the exports page');
  });

  it.each(['zh-Hans', 'zh-Hant'] as const)('speaks %s on the exports page and the board link, axe-clean, at 1024×768', async (locale) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await signInAsPerson({ page, url: suite.funnel.url, slug: tenant.slug, person: manager, locale });
    await page.goto(`${suite.funnel.url}/#/exports`);
    await page.getByTestId('export-csv').waitFor();
    expect(await page.getByTestId('export-csv').getAttribute('href')).toContain(`locale=${locale}`);
    await shoot(locale, 'exports-page');
    await speaksTheLocale(locale, 'the exports page');
    await page.goto(`${suite.funnel.url}/#/workflows/standard_trunk/board`);
    await page.getByTestId('export-csv').waitFor();
    await shoot(locale, 'board');
    await speaksTheLocale(locale, 'the board with Export CSV');
  });
});
