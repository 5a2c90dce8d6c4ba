import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite } from './browser-suite';
import { signInAsPerson } from './work-my-work-tenant';
import { type MgrTeam, mgrSteps, mgrTeam, publishTrunk } from './work-mgr-team';

// Team and Distribution show the workflow picked, which the address names: the tenant runs the standard trunk and a
// second trunk ("Partner deals"). Two leads of the second are routed to the team and one waits in its pool; the
// standard trunk has none. The manager opens Team (the first workflow), picks the second: the address names it and the
// team's board shows its two leads; Distribution, opened at that address, shows the second trunk's pool record.

const suite = browserSuite();
const SECOND = 'partner_deals';
const CREATE = 'mutation($i: CreateRecordInput!) { createRecord(input: $i) { __typename ... on Record { id version } ... on Error { message } } }';
const TRANSITION = 'mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { __typename ... on Record { stage } ... on Error { message } } }';

describe('Team and Distribution pick the workflow', () => {
  const openedPage = suite.pageFor('en-workflow-select');
  let page: Page;
  let team: MgrTeam;
  const routed: string[] = [];
  let pooled: string;
  const steps = mgrSteps({ page: () => page, prefix: 'workflow-select', locale: 'en', identifiers: () => [] });

  beforeAll(async () => {
    page = openedPage();
    team = await mgrTeam({ suite, name: 'Workflow select', locale: 'en', managerName: 'Mia Park', salesNames: ['Ann Lee', 'Bo Chen'] });
    await publishTrunk(team, (definition) => {
      definition.key = SECOND;
      definition.name = { en: 'Partner deals', 'zh-Hans': '合作伙伴商机', 'zh-Hant': '合作夥伴商機' };
    });
    const { tenant, marketer } = team;
    for (let i = 1; i <= 2; i++) {
      const made = await tenant.gql(marketer.key, CREATE, { i: { workflowKey: SECOND, fields: { name: `Partner lead ${i}`, phone: `+1 555 080${i}` } } });
      expect(made.createRecord.__typename, JSON.stringify(made)).toBe('Record');
      routed.push(made.createRecord.id);
    }
    const made = await tenant.gql(marketer.key, CREATE, {
      i: { workflowKey: SECOND, owner: marketer.id, fields: { name: 'Partner pool lead', phone: '+1 555 0809' } },
    });
    const out = await tenant.gql(marketer.key, TRANSITION, {
      i: { id: made.createRecord.id, transition: 'disqualify', expectedVersion: made.createRecord.version, reason: 'no_need' },
    });
    expect(out.transitionRecord.stage, JSON.stringify(out)).toBe('pool');
    pooled = made.createRecord.id;
  });

  it('Team shows the workflow picked, and the address names it', async () => {
    for (const id of routed) expect(team.sales.map((person) => person.id)).toContain((await team.tenant.record(id)).ownerId);
    await signInAsPerson({ page, url: suite.funnel.url, slug: team.tenant.slug, person: team.manager, locale: 'en' });
    await page.goto(`${suite.funnel.url}/#/team`);
    const select = page.getByTestId('team-workflow');
    await expect.poll(() => select.inputValue()).toBe('standard_trunk');
    await page.getByTestId('column-lead').waitFor();
    expect(await page.locator(`[data-testid=card-${routed[0]}]`).count()).toBe(0);
    await steps.shoot('team-first');
    await select.selectOption({ label: 'Partner deals' });
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/workflows/${SECOND}/team`);
    for (const id of routed) await page.locator(`[data-testid=card-${id}]`).waitFor();
    await steps.shoot('team-second');
    await steps.speaksTheLocale('the team of the second workflow');
  });

  it("Distribution opened at the second workflow's address shows its pool", async () => {
    await page.goto(`${suite.funnel.url}/#/workflows/${SECOND}/distribution`);
    await expect.poll(() => page.getByTestId('distribution-workflow').inputValue()).toBe(SECOND);
    await page.locator(`[data-testid=pool-choice-row][data-record-id="${pooled}"]`).waitFor();
    expect(await page.getByTestId('pool-choice-row').count()).toBe(1);
    await steps.shoot('distribution-second');
    await page.getByTestId('distribution-workflow').selectOption('standard_trunk');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/workflows/standard_trunk/distribution');
    await expect.poll(() => page.getByTestId('pool-choice-row').count()).toBe(0);
    await steps.shoot('distribution-first');
  });
});
