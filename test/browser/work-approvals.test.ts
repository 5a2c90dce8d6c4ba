import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite } from './browser-suite';
import { DAY_MS } from './browser-test-settings';
import { signInAsPerson } from './work-my-work-tenant';
import { type MgrLocale, type MgrTeam, mgrSteps, mgrTeam, publishTrunk, salesperson, sqlOf } from './work-mgr-team';

// A manager's approvals in a real browser against the real api: a salesperson asks (through the api, as the record
// page does) to extend the one-week rule of an SQL; the manager sees the request in Approvals with the deadline now
// and after, and how many of the salesperson's other records are extended against the policy's maximum (10), and
// approves it with a reason from the keyboard. The store then holds the timer's new deadline and an
// `extension_decided` event by the manager, and the salesperson has an approved `extension_decided` notification.
// The trunk is published with an approval on "create opportunity" (managers decide it): the salesperson asks (through
// the api) to move two SQLs on; the manager approves one in Approvals (the record is an opportunity, with an
// `approval_decided` event by the manager) and rejects the other with a reason (it stays an SQL, the reason in
// history), and the salesperson is told of each. The lists stay live: a request Ann makes meanwhile appears, and one
// another manager decides leaves, without a reload. In English, Simplified and Traditional Chinese (the flow again in
// zh-Hant).

const suite = browserSuite();

interface ApprovalsInLocale {
  locale: MgrLocale;
  people: { manager: string; sales: string };
  leads: { asked: string; extendedBefore: string };
  otherExtended: string;
  approved: RegExp;
  /** The SQLs whose move to opportunity the salesperson asks to be approved, the note, and what the page says of each. */
  moves: { approved: string; rejected: string; live: string; note: string; transition: string; movedOn: RegExp; keptBack: RegExp; reason: string };
}

const LOCALES: readonly ApprovalsInLocale[] = [
  {
    locale: 'en',
    people: { manager: 'Mia Park', sales: 'Ann Lee' },
    leads: { asked: 'Avery Stone', extendedBefore: 'Blake Rivera' },
    otherExtended: '1 of 10',
    approved: /^The extension for Avery Stone is approved: the deadline is now .+\. Ann Lee is told\.$/,
    moves: {
      approved: 'Casey Moore',
      rejected: 'Drew Hale',
      live: 'Emery Fox',
      note: 'Signed the trial terms',
      transition: 'Create opportunity',
      movedOn: /^The move of Casey Moore is approved and done\. Ann Lee is told\.$/,
      keptBack: /^The move of Drew Hale is rejected: it stays where it was\. Ann Lee is told\.$/,
      reason: 'Verify the seats first',
    },
  },
  {
    locale: 'zh-Hans',
    people: { manager: '周敏', sales: '李梅' },
    leads: { asked: '王芳', extendedBefore: '李强' },
    otherExtended: '1 / 10',
    approved: /^已批准 王芳 的延期：截止时间现为 .+。 已通知李梅。$/,
    moves: {
      approved: '陈刚',
      rejected: '赵磊',
      live: '孙丽',
      note: '已签署试用条款',
      transition: '转为商机',
      movedOn: /^已批准并完成 陈刚 的推进。 已通知李梅。$/,
      keptBack: /^已驳回 赵磊 的推进：记录保持原阶段。 已通知李梅。$/,
      reason: '请先核实席位数',
    },
  },
  {
    locale: 'zh-Hant',
    people: { manager: '周敏', sales: '李梅' },
    leads: { asked: '王芳', extendedBefore: '李強' },
    otherExtended: '1 / 10',
    approved: /^已核准 王芳 的延期：截止時間現為 .+。 已通知李梅。$/,
    moves: {
      approved: '陳剛',
      rejected: '趙磊',
      live: '孫麗',
      note: '已簽署試用條款',
      transition: '轉為商機',
      movedOn: /^已核准並完成 陳剛 的推進。 已通知李梅。$/,
      keptBack: /^已駁回 趙磊 的推進：記錄保持原階段。 已通知李梅。$/,
      reason: '請先核實席位數',
    },
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
  let moveApproved: string;
  let moveRejected: string;
  const steps = mgrSteps({
    page: () => page,
    prefix: 'approvals',
    locale,
    identifiers: () => [
      ...Object.values(expected.people),
      ...Object.values(expected.leads),
      expected.moves.approved,
      expected.moves.rejected,
      expected.moves.live,
    ],
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
  /** An SQL of Ann's, ready to be an opportunity, whose move she asks the manager to approve. */
  const askedMove = async (name: string, phone: string) => {
    const fields = { name, phone, product: 'Funnel Cloud', seats: 12, companyName: 'Acme', companyVerified: true };
    const id = await sqlOf(team, salesperson(team, 0), fields);
    const answer = await team.tenant.gql(
      salesperson(team, 0).key,
      'mutation($i: RequestApprovalInput!) { requestApproval(input: $i) { __typename ... on Error { message } } }',
      { i: { id, transition: 'create_opportunity', note: expected.moves.note } },
    );
    expect(answer.requestApproval.__typename, JSON.stringify(answer)).toBe('Record');
    return id;
  };
  const decidedMove = async (id: string) => (await team.tenant.history(id)).find((event) => event.type === 'approval_decided');
  const salesInbox = async () => {
    const inbox = await team.tenant.gql(salesperson(team, 0).key, '{ notifications(first: 20) { edges { node { type recordId params } } } }');
    return inbox.notifications.edges.map((edge: { node: { type: string; recordId: string; params: Record<string, unknown> } }) => edge.node);
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
    // Creating an opportunity now needs a manager's approval; Ann asks for two.
    await publishTrunk(team, (definition) => {
      const move = definition.transitions.find((transition) => transition.key === 'create_opportunity');
      if (move) move.approval = { roles: ['manager'] };
    });
    moveApproved = await askedMove(expected.moves.approved, '+86 10 5555 0303');
    moveRejected = await askedMove(expected.moves.rejected, '+86 10 5555 0304');
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
    // Both moves wait beside it, each with the move asked for and Ann's note.
    expect(await page.getByTestId('approval-request').count()).toBe(2);
    for (const id of [moveApproved, moveRejected]) {
      const move = page.locator(`[data-testid=approval-request][data-record-id="${id}"]`);
      await expect.poll(() => move.getByTestId('requested-move').textContent()).toContain(expected.moves.transition);
      expect(await move.textContent()).toContain(expected.moves.note);
    }
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

  it('approves a move: the record is an opportunity, the event names the manager, the salesperson is told', async () => {
    const move = page.locator(`[data-testid=approval-request][data-record-id="${moveApproved}"]`);
    await move.getByTestId('approve').click();
    await expect.poll(() => page.getByTestId('decision-status').textContent()).toMatch(expected.moves.movedOn);
    await expect.poll(() => move.count()).toBe(0);
    expect((await team.tenant.record(moveApproved)).stage).toBe('opportunity');
    expect(await decidedMove(moveApproved)).toMatchObject({ type: 'approval_decided', actorId: team.manager.id });
    const history = await team.tenant.history(moveApproved);
    expect(history).toContainEqual(expect.objectContaining({ from: 'sql', to: 'opportunity' }));
    await expect
      .poll(salesInbox, { timeout: 20_000 })
      .toContainEqual(expect.objectContaining({ type: 'approval_decided', recordId: moveApproved, params: expect.objectContaining({ approved: true }) }));
    await steps.shoot('move-approved');
    await steps.speaksTheLocale('the approvals after a move is approved');
  });

  it('rejects the other move with a reason: it stays an SQL, the reason is in history, the salesperson is told', async () => {
    const move = page.locator(`[data-testid=approval-request][data-record-id="${moveRejected}"]`);
    await move.getByTestId('decision-reason').fill(expected.moves.reason);
    await move.getByTestId('reject').click();
    await expect.poll(() => page.getByTestId('decision-status').textContent()).toMatch(expected.moves.keptBack);
    await expect.poll(() => move.count()).toBe(0);
    const stored = await team.tenant.record(moveRejected);
    expect(stored.stage).toBe('sql');
    expect(await decidedMove(moveRejected)).toMatchObject({ type: 'approval_decided', actorId: team.manager.id, reason: expected.moves.reason });
    await expect
      .poll(salesInbox, { timeout: 20_000 })
      .toContainEqual(expect.objectContaining({ type: 'approval_decided', recordId: moveRejected, params: expect.objectContaining({ approved: false }) }));
    expect(await page.getByTestId('approval-request').count()).toBe(0);
    await steps.shoot('move-rejected');
    await steps.speaksTheLocale('the approvals after a move is rejected');
  });

  it('shows a new request as it is made and drops one another manager decides, without a reload', async () => {
    const third = await askedMove(expected.moves.live, '+86 10 5555 0305');
    const move = page.locator(`[data-testid=approval-request][data-record-id="${third}"]`);
    await expect.poll(() => move.count(), { timeout: 20_000 }).toBe(1);
    expect((await team.tenant.history(third)).map((event) => event.type)).toContain('approval_requested');
    await steps.shoot('request-arrived');
    const other = await team.tenant.keyPerson({ name: 'Second manager', roles: ['manager'] });
    const decided = await team.tenant.gql(other.key, 'mutation($i: DecideApprovalInput!) { decideApproval(input: $i) { __typename } }', {
      i: { id: third, transition: 'create_opportunity', approve: false, reason: expected.moves.reason },
    });
    expect(decided.decideApproval.__typename).toBe('Record');
    await expect.poll(() => move.count(), { timeout: 20_000 }).toBe(0);
    expect((await team.tenant.record(third)).stage).toBe('sql');
    expect(await decidedMove(third)).toMatchObject({ type: 'approval_decided', actorId: other.id });
    await steps.shoot('decided-elsewhere');
    await steps.speaksTheLocale('the approvals after another manager decided');
  });
});

describe('approvals, paged', () => {
  const openedPage = suite.pageFor('en-approvals-paged');
  let page: Page;
  let team: MgrTeam;
  const steps = mgrSteps({ page: () => page, prefix: 'approvals-paged', locale: 'en', identifiers: () => [] });
  const ASKED = 27;

  beforeAll(async () => {
    page = openedPage();
    team = await mgrTeam({ suite, name: 'Approvals paged', locale: 'en', managerName: 'Mia Park', salesNames: ['Ann Lee'] });
    await publishTrunk(team, (definition) => {
      const move = definition.transitions.find((transition) => transition.key === 'create_opportunity');
      if (move) move.approval = { roles: ['manager'] };
    });
    const ann = salesperson(team, 0);
    for (let n = 1; n <= ASKED; n++) {
      const fields = {
        name: `Paged lead ${n}`,
        phone: `+1 555 07${String(n).padStart(2, '0')}`,
        product: 'Funnel Cloud',
        seats: 3,
        companyName: 'Acme',
        companyVerified: true,
      };
      const id = await sqlOf(team, ann, fields);
      const asked = await team.tenant.gql(ann.key, 'mutation($i: RequestApprovalInput!) { requestApproval(input: $i) { __typename } }', {
        i: { id, transition: 'create_opportunity' },
      });
      expect(asked.requestApproval.__typename).toBe('Record');
    }
  });

  it('shows the first 25 requests, and the rest on "Show more" from the api\'s cursor', async () => {
    const stored = await team.tenant.gql(team.manager.key, '{ approvalRequests(first: 100) { edges { node { record { id } } } } }');
    expect(stored.approvalRequests.edges).toHaveLength(ASKED);
    await signInAsPerson({ page, url: suite.funnel.url, slug: team.tenant.slug, person: team.manager, locale: 'en' });
    await page.goto(`${suite.funnel.url}/#/approvals`);
    const moves = page.getByTestId('move-requests');
    await expect.poll(() => moves.getByTestId('approval-request').count()).toBe(25);
    await steps.shoot('first-page');
    await moves.getByRole('button', { name: 'Show more' }).click();
    await expect.poll(() => moves.getByTestId('approval-request').count()).toBe(ASKED);
    expect(await moves.getByRole('button', { name: 'Show more' }).count()).toBe(0);
    const names = await moves.locator('h3 a').allTextContents();
    expect(new Set(names).size).toBe(ASKED);
    await steps.shoot('all-pages');
  });
});
