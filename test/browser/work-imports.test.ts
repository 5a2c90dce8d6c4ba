import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite } from './browser-suite';
import { downloadedCsv, recordIds } from './work-data-csv';
import { screenshots, speaksTheLocale as checkScreen } from './work-data-screens';
import { signInAsPerson, type WorkPerson, type WorkTenant, workTenant } from './work-my-work-tenant';

// An admin imports a CSV of 1,000 rows, 10 of them with a bad email, in a real browser against the real api: the
// "联系人" column (the name's Chinese title) is proposed as the name, "Company" is mapped by hand, "Notes" skipped;
// the preview lists the 10 errors while the store still has none of the rows; the run's progress bar reaches the
// end and the store then holds the 990; the failed rows download with their errors. The screens are then checked
// in both Chinese locales (axe, untranslated text).

const suite = browserSuite();
const ROWS = 1000;
const BAD = new Set(Array.from({ length: 10 }, (_, i) => i * 100 + 50));

/** The file: a name under its Chinese title, an email (bad in 10 rows), a company under a header no field has, notes. */
function importFile(): string {
  const lines = ['联系人,Email,Company,Notes'];
  for (let i = 0; i < ROWS; i++) {
    const email = BAD.has(i) ? `not-an-email-${i}` : `person${i}@import.example`;
    lines.push(`Person ${i},${email},Firm ${i},note ${i}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('imports', () => {
  const openedPage = suite.pageFor('imports');
  let page: Page;
  let tenant: WorkTenant;
  let admin: WorkPerson;
  const shoot = screenshots(() => page, 'imports');
  const importedRecords = async () =>
    (await recordIds((query, variables) => tenant.gql(tenant.adminKey, query, variables), {})).filter((record) =>
      String(record.fields.email ?? '').endsWith('@import.example'),
    );
  const imported = async () => (await importedRecords()).length;
  const speaksTheLocale = (locale: string, screen: string) =>
    checkScreen({
      page,
      locale,
      screen,
      identifiers: ['Ada', 'Admin', 'Person', 'Firm', 'Company', 'Notes', 'Email', 'note', 'old-crm', 'csv', 'person', 'import', 'example'],
    });
  const chooseFile = async () => {
    await page.getByTestId('import-file').setInputFiles({ name: 'old-crm.csv', mimeType: 'text/csv', buffer: Buffer.from(importFile()) });
    await page.getByTestId('import-map-0').waitFor();
  };

  beforeAll(async () => {
    page = openedPage();
    tenant = await workTenant({ suite, name: 'Imports' });
    admin = await tenant.person({ name: 'Ada Admin', roles: ['admin'] });
  });

  it('maps, previews the 10 errors with nothing stored, runs to the end, and downloads the failed rows', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInAsPerson({ page, url: suite.funnel.url, slug: tenant.slug, person: admin, locale: 'en' });
    await page.getByRole('link', { name: 'Imports' }).click();
    await page.getByTestId('import-file').waitFor();
    await shoot('en', 'empty');
    await speaksTheLocale('en', 'the imports page');

    await chooseFile();
    // Proposed as the api reads headers: the Chinese title, the English title in another case; "Company" and "Notes" are no field's.
    expect(await page.getByTestId('import-map-0').inputValue()).toBe('name');
    expect(await page.getByTestId('import-map-1').inputValue()).toBe('email');
    expect(await page.getByTestId('import-map-2').inputValue()).toBe('');
    expect(await page.getByTestId('import-map-3').inputValue()).toBe('');
    await page.getByTestId('import-map-2').selectOption('companyName');
    await shoot('en', 'mapped');

    await page.getByTestId('import-preview').click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor({ timeout: 120_000 });
    expect(await errors.locator('tbody tr').count()).toBe(10);
    const rowNumbers = await errors.locator('tbody th').allTextContents();
    expect(rowNumbers.map(Number)).toEqual([...BAD].map((i) => i + 2));
    expect(await errors.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['Email', 'is not a valid email address']);
    expect(await imported()).toBe(0);
    await shoot('en', 'previewed');
    await speaksTheLocale('en', 'the preview');

    await page.getByTestId('import-run').click();
    const outcome = page.getByTestId('import-outcome');
    await outcome.waitFor({ timeout: 180_000 });
    expect(await outcome.textContent()).toBe('Import finished: 990 created, 10 skipped, 0 duplicates.');
    const progress = page.getByTestId('import-progress');
    expect(await progress.getAttribute('value')).toBe(String(ROWS));
    expect(await progress.getAttribute('max')).toBe(String(ROWS));
    const stored = await importedRecords();
    expect(stored).toHaveLength(990);
    expect(stored.find((record) => record.fields.email === 'person7@import.example')?.fields).toMatchObject({ name: 'Person 7', companyName: 'Firm 7' });
    expect(stored.some((record) => 'Notes' in record.fields || 'notes' in record.fields)).toBe(false);
    await shoot('en', 'imported');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-failed-rows').click()]);
    const failed = await downloadedCsv(download);
    expect(failed.header).toEqual(['联系人', 'Email', 'Company', 'Notes', 'Errors']);
    expect(failed.rows).toEqual([...BAD].map((i) => [`Person ${i}`, `not-an-email-${i}`, `Firm ${i}`, `note ${i}`, 'Email: is not a valid email address']));
    await speaksTheLocale('en', 'the finished import');
  });

  it.each(['zh-Hans', 'zh-Hant'] as const)('speaks %s on the imports screens, axe-clean, at 1024×768', async (locale) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await signInAsPerson({ page, url: suite.funnel.url, slug: tenant.slug, person: admin, locale });
    await page.goto(`${suite.funnel.url}/#/imports`);
    await page.getByTestId('import-file').waitFor();
    await speaksTheLocale(locale, 'the imports page');
    await chooseFile();
    await page.getByTestId('import-preview').click();
    // Every row is stored now: the preview finds the 990 as duplicates of stored records and the 10 errors again.
    await page.getByTestId('import-duplicates').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('import-errors').locator('tbody tr').count()).toBe(10);
    expect(await imported()).toBe(990);
    await shoot(locale, 'previewed');
    await speaksTheLocale(locale, 'the preview');
  });
});
