import { join } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { en } from '@funnel/designer';
import { SCREENSHOTS } from './browser-test-settings';
import { catalogKeys } from './catalog-text';
import { untranslatedText } from './untranslated-text';
import { seriousAxeFindings } from './serious-axe-findings';

const MESSAGE_KEYS = catalogKeys(en);

/**
 * Checks the screen as it is now: no message key shown raw, no English in a Chinese locale (names and values of the
 * test's own data aside), and no serious or critical axe-core finding.
 * @example await speaksTheLocale({ page, locale: 'zh-Hans', screen: 'the imports page', identifiers: ['Ada'] });
 */
export async function speaksTheLocale(input: { page: Page; locale: string; screen: string; identifiers: string[] }): Promise<void> {
  const { page, locale, screen } = input;
  const { rawKeys, english } = await untranslatedText({ page, messageKeys: MESSAGE_KEYS, identifiers: input.identifiers });
  expect(rawKeys, `message keys shown raw on ${screen}`).toEqual([]);
  if (locale !== 'en') expect(english, `English on ${screen} in ${locale}`).toEqual([]);
  expect(await seriousAxeFindings(page), `axe findings on ${screen} in ${locale}`).toEqual([]);
}

/**
 * Saves numbered full-page screenshots of one test file's steps under artifacts/screenshots.
 * @example const shoot = screenshots(() => page, 'imports'); await shoot('en', 'previewed');
 */
export function screenshots(page: () => Page, name: string): (locale: string, step: string) => Promise<void> {
  let count = 0;
  return async (locale, step) => {
    count += 1;
    await page().screenshot({ path: join(SCREENSHOTS, `${locale}-${name}-${String(count).padStart(2, '0')}-${step}.png`), fullPage: true });
  };
}
