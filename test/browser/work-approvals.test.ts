import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite } from './browser-suite';
import { DAY_MS } from './browser-test-settings';
import { signInAsPerson } from './work-my-work-tenant';
import { type MgrLocale, type MgrTeam, mgrSteps, mgrTeam, salesperson, sqlOf } from './work-mgr-team';

// A manager's approvals in a real browser against the real api: a salesperson asks (through the api, as the record
// page does) to extend the one-week rule of an SQL; the manager sees the request in Approvals with the deadline now
// and after, and how many of the salesperson's other records are extended against the policy's maximum (10), and
// approves it with a reason from the keyboard. The store then holds the timer's new deadline and an
// `extension_decided` event by the manager, and the salesperson has an approved `extension_decided` notification.
// In English, Simplified and Traditional Chinese (the flow again in zh-Hant).

const suite = browserSuite();

interface ApprovalsInLocale {
  locale: MgrLocale;
  people: { manager: string; sales: string };
  leads: { asked: string; extendedBefore: string };
  otherExtended: string;
  approved: RegExp;
}

const LOCALES: readonly ApprovalsInLocale[] = [
  {
    locale: 'en',
    people: { manager: 'Mia Park', sales: 'Ann Lee' },
    leads: { asked: 'Avery Stone', extendedBefore: 'Blake Rivera' },
    otherExtended: '1 of 10',
    approved: /^The extension for Avery Stone is approved: the deadline is now .+\. Ann Lee is told\.$/,
  },
  {
    locale: 'zh-Hans',
    people: { manager: '周敏', sales: '李梅' },
    leads: { asked: '王芳', extendedBefore: '李强' },
    otherExtended: '1 / 10',
    approved: /^已批准 王芳 的延期：截止时间现为 .+。 已通知李梅。$/,
  },
  {
    locale: 'zh-Hant',
    people: { manager: '周敏', sales: '李梅' },
    leads: { asked: '王芳', extendedBefore: '李強' },
    otherExtended: '1 / 10',
    approved: /^已核准 王芳 的延期：截止時間現為 .+。 已通知李梅。$/,
  },
];

type Timer = { key: string; dueAt: string; extensions: number; extensionRequestedAt: string | null };

describe.each(LOCALES)('approvals, in $locale', (expected) => {
  const { locale } = expected;
  const openedPage = suite.pageFor(`${locale}-approvals`);
  let page: Page;
  let team: MgrTeam;
  let asked: string;
  let dueBefore: string;
  const steps = mgrSteps({
    page: () => page,
    prefix: 'approvals',
    locale,
    identifiers: () => [...Object.values(expected.people), ...Object.values(expected.leads)],
  });

  const timerOf = async (id: string): Promise<Timer> => {
    const read = await team.tenant.gql(
      team.tenant.adminKey,
      'query($id: ID!) { record(id: $id) { ... on Record { version timers { key dueAt extensions extensionRequestedAt } } } }',
      { id },
    );
    return read.record.timers.find((timer: Timer) => timer.key === 'one_week_rule');
  };
  const requestExtension = async (id: string) => {
    const { version } = await team.tenant.record(id);
    const answer = await team.tenant.gql(
      salesperson(team, 0).key,
      'mutation($i: RequestExtensionInput!) { requestExtension(input: $i) { __typename ... on Error { message } } }',
      { i: { id, timer: 'one_week_rule', expectedVersion: version } },
    );
    expect(answer.requestExtension.__typename, JSON.stringify(answer)).toBe('Record');
  };

  beforeAll(async () => {
    page = openedPage();
    team = await mgrTeam({ suite, name: `Approvals ${locale}`, locale, managerName: expected.people.manager, salesNames: [expected.people.sales] });
    const ann = salesperson(team, 0);
    // One SQL of Ann's was extended before (asked and approved through the api): the other extended records count 1.
    const before = await sqlOf(team, ann, { name: expected.leads.extendedBefore, phone: '+86 10 5555 0301' });
    await requestExtension(before);
    const { version } = await team.tenant.record(before);
    const decided = await team.tenant.gql(team.manager.key, 'mutation($i: DecideApprovalInput!) { decideApproval(input: $i) { __typename } }', {
      i: { id: before, timer: 'one_week_rule', approve: true, expectedVersion: version },
    });
    expect(decided.decideApproval.__typename).toBe('Record');
    asked = await sqlOf(team, ann, { name: expected.leads.asked, phone: '+86 10 5555 0302' });
    await requestExtension(asked);
    const timer = await timerOf(asked);
    expect(timer).toMatchObject({ extensions: 0, extensionRequestedAt: expect.any(String) });
    dueBefore = timer.dueAt;
  });

  it("lists the salesperson's request with the deadline now and after, and the owner's other extended records", async () => {
    await signInAsPerson({ page, url: suite.funnel.url, slug: team.tenant.slug, person: team.manager, locale });
    await page.goto(`${suite.funnel.url}/#/approvals`);
    const item = page.locator(`[data-testid=extension-request][data-record-id="${asked}"]`);
    await item.waitFor();
    expect(await item.locator('a').first().textContent()).toBe(expected.leads.asked);
    expect(await item.locator('a').first().getAttribute('href')).toBe(`#/records/${asked}`);
    await expect.poll(() => item.getByTestId('other-extended').textContent()).toBe(expected.otherExtended);
    const now = await item.getByTestId('deadline-now').textContent();
    const after = await item.getByTestId('deadline-after').textContent();
    expect(now).toBeTruthy();
    expect(after).not.toBe(now);
    // Only the pending request is listed: the decided one is not.
    expect(await page.getByTestId('extension-request').count()).toBe(1);
    await steps.shoot('request-listed');
    await steps.fitsNarrow('request-listed');
    await steps.speaksTheLocale('the approvals');
  });

  it('approves it with a reason from the keyboard: the list updates at once, the deadline moved, the salesperson is told', async () => {
    const item = page.locator(`[data-testid=extension-request][data-record-id="${asked}"]`);
    await item.getByTestId('decision-reason').focus();
    await page.keyboard.type('Budget meeting next week');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('decision-status').textContent()).toMatch(expected.approved);
    await expect.poll(() => item.count()).toBe(0);
    // The store: the timer's deadline is a week later, one extension granted, no request pending.
    const timer = await timerOf(asked);
    expect(timer.extensions).toBe(1);
    expect(timer.extensionRequestedAt).toBeNull();
    expect(Date.parse(timer.dueAt) - Date.parse(dueBefore)).toBe(7 * DAY_MS);
    const history = await team.tenant.gql(
      team.tenant.adminKey,
      'query($id: ID!) { record(id: $id) { ... on Record { history(first: 50) { edges { node { type actorId reason } } } } } }',
      { id: asked },
    );
    expect(history.record.history.edges.map((edge: { node: unknown }) => edge.node)).toContainEqual(
      expect.objectContaining({ type: 'extension_decided', actorId: team.manager.id }),
    );
    // The salesperson's inbox has the decision: approved, with the new deadline.
    await expect
      .poll(
        async () => {
          const inbox = await team.tenant.gql(salesperson(team, 0).key, '{ notifications(first: 20) { edges { node { type recordId params } } } }');
          return inbox.notifications.edges.map((edge: { node: { type: string; recordId: string; params: Record<string, unknown> } }) => edge.node);
        },
        { timeout: 20_000 },
      )
      .toContainEqual(expect.objectContaining({ type: 'extension_decided', recordId: asked, params: expect.objectContaining({ approved: true }) }));
    await steps.shoot('approved');
    await steps.speaksTheLocale('the approvals after a decision');
  });
});
