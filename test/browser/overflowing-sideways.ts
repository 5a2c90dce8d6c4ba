import type { Page } from 'playwright-core';

/**
 * The elements of the page's main part that reach past the window's right edge (one makes the page scroll sideways).
 * @example expect(await overflowingSideways(page)).toEqual([]);
 */
export function overflowingSideways(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('main, main *')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className} (${Math.round(element.getBoundingClientRect().right)} px)`),
  );
}
