import type { Page } from 'playwright-core';

/**
 * Signs in as a developer would, in English: the API-key form behind its link on the sign-in screen, then waits for
 * the template gallery.
 * @example await signInWithApiKey({ page, url: suite.funnel.url, apiKey });
 */
export async function signInWithApiKey({ page, url, apiKey }: { page: Page; url: string; apiKey: string }): Promise<void> {
  await page.goto(url);
  await page.getByTestId('language').selectOption('en');
  await page.getByRole('button', { name: 'Sign in with an API key' }).click();
  await page.locator('#api-key').fill(apiKey);
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('template-minimal_trunk').waitFor();
}
