import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite } from './browser-suite';
import { signInAsPerson } from './work-my-work-tenant';
import { type MgrTeam, mgrSteps, mgrTeam, publishTrunk, salesperson, sqlOf } from './work-mgr-team';

// The board's choice between moves that lead to one stage, in a real browser: the standard trunk with a second way
// from an opportunity to Lost ("Lost to a rival", beside "Mark as lost"). A card carried there asks which move to run,
// as a modal dialog: focus on the first move, Tab and Shift+Tab kept inside, Escape gives up and gives focus back to
// the card's "Move to…" button, and nothing moved.

const suite = browserSuite();

describe('choosing between moves to one stage', () => {
  const openedPage = suite.pageFor('move-choice');
  let page: Page;
  let team: MgrTeam;
  let dealId = '';
  const steps = mgrSteps({ page: () => page, prefix: 'move-choice', locale: 'en', identifiers: () => [] });
  const card = (name: string) => page.locator(`[data-card-name="${name}"]`);

  beforeAll(async () => {
    page = openedPage();
    team = await mgrTeam({ suite, name: 'Move choice', locale: 'en', managerName: 'Mia Park', salesNames: ['Ann Lee'] });
    await publishTrunk(team, (definition) => {
      definition.transitions.push({
        key: 'lose_to_rival',
        name: { en: 'Lost to a rival', 'zh-Hans': '输给对手', 'zh-Hant': '輸給對手' },
        from: ['opportunity'],
        to: 'lost',
        roles: ['sales', 'manager'],
      });
    });
    const ann = salesperson(team, 0);
    dealId = await sqlOf(team, ann, {
      name: 'Rival Deal',
      phone: '+1 555 0301',
      companyName: 'Rival GmbH',
      companyVerified: true,
      product: 'Funnel Pro',
      seats: 10,
      amount: 5_000,
    });
    expect(await team.tenant.transition(ann, dealId, 'create_opportunity')).toBe('opportunity');
    await signInAsPerson({ page, url: suite.funnel.url, slug: team.tenant.slug, person: ann, locale: 'en' });
    await page.goto(`${suite.funnel.url}#/workflows/standard_trunk/board`);
    await card('Rival Deal').waitFor();
  });

  it('asks which move, keeps Tab inside the question, and on Escape moves nothing and gives focus back', async () => {
    const moveTo = card('Rival Deal').getByRole('button', { name: 'Move to… Rival Deal' });
    await moveTo.click();
    await card('Rival Deal').getByRole('button', { name: 'Lost', exact: true }).click();
    const choice = page.getByTestId('move-choice');
    await choice.waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    const buttons = await choice.getByRole('button').allTextContents();
    expect(buttons).toEqual(['Mark as lost', 'Lost to a rival', 'Cancel']);
    await expect.poll(focused).toBe('Mark as lost');
    await steps.shoot('asked');
    await steps.speaksTheLocale('the move choice');
    // Tab runs through the three buttons and comes back to the first; Shift+Tab from the first goes to the last.
    for (const expected of ['Lost to a rival', 'Cancel', 'Mark as lost']) {
      await page.keyboard.press('Tab');
      expect(await focused()).toBe(expected);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Cancel');
    await page.keyboard.press('Escape');
    await expect.poll(() => choice.count()).toBe(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent))
      .toContain('Rival Deal');
    expect((await team.tenant.record(dealId)).stage).toBe('opportunity');
  });
});
