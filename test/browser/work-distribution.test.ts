import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WorkflowDefinition } from '@funnel/schemas';
import { browserSuite } from './browser-suite';
import { signInAsPerson, type WorkPerson } from './work-my-work-tenant';
import { type MgrLocale, type MgrTeam, mgrSteps, mgrTeam, publishTrunk, salesperson } from './work-mgr-team';

// Distribution in a real browser against the real api. The trunk is published with a capacity of 5 open records per
// owner. Ten leads wait in the pool; Ann holds none, Bo already holds 3. The manager picks all ten and hands them to
// Ann and Bo in turn: Ann gets 5, Bo only 2 (capped), and the 3 nobody can take stay in the pool, said in words.
// Then Bo leaves: the manager hands everything open of his to Cy, and the progress bar follows the job to the end.
// In English, Simplified and Traditional Chinese.

const suite = browserSuite();
const CAPACITY = 5;

interface DistributionInLocale {
  locale: MgrLocale;
  manager: string;
  people: [string, string, string];
  lead: string;
  loads: { ann: string; bo: string; annAfter: string };
  summary: string;
  stayed: RegExp;
  handedOver: string;
}

const LOCALES: readonly DistributionInLocale[] = [
  {
    locale: 'en',
    manager: 'Mia Park',
    people: ['Ann Lee', 'Bo Chen', 'Cy Wu'],
    lead: 'Pool lead',
    loads: { ann: '0 of 5 open records', bo: '3 of 5 open records', annAfter: '5 of 5 open records Full' },
    summary: '7 handed out, 3 left in the pool.',
    stayed: /^Pool lead \d+ stayed in the pool: nobody chosen has room \(everyone is at their capacity, away or deactivated\)\.$/,
    handedOver: 'Done: 5 records handed over, 0 sent to the pool or refused.',
  },
  {
    locale: 'zh-Hans',
    manager: '周敏',
    people: ['李梅', '陈博', '吴晨'],
    lead: '公海线索',
    loads: { ann: '未结记录 0 / 5', bo: '未结记录 3 / 5', annAfter: '未结记录 5 / 5 已满额' },
    summary: '已分配 7 条，3 条留在公海。',
    stayed: /^公海线索 \d+ 留在公海：所选人员均无余量（已满额、外出或已停用）。$/,
    handedOver: '完成：已移交 5 条记录，0 条进入公海或被拒绝。',
  },
  {
    locale: 'zh-Hant',
    manager: '周敏',
    people: ['李梅', '陳博', '吳晨'],
    lead: '公海線索',
    loads: { ann: '未結記錄 0 / 5', bo: '未結記錄 3 / 5', annAfter: '未結記錄 5 / 5 已滿額' },
    summary: '已分配 7 筆，3 筆留在公海。',
    stayed: /^公海線索 \d+ 留在公海：所選人員均無餘額（已滿額、外出或已停用）。$/,
    handedOver: '完成：已移交 5 筆記錄，0 筆進入公海或被拒絕。',
  },
];

const CREATE = 'mutation($i: CreateRecordInput!) { createRecord(input: $i) { __typename ... on Record { id version } ... on Error { message } } }';
const TRANSITION = 'mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { __typename ... on Record { stage } ... on Error { message } } }';

describe.each(LOCALES)('distribution, in $locale', (expected) => {
  const { locale } = expected;
  const openedPage = suite.pageFor(`${locale}-distribution`);
  let page: Page;
  let team: MgrTeam;
  let ann: WorkPerson;
  let bo: WorkPerson;
  let cy: WorkPerson;
  const pooled: string[] = [];
  const steps = mgrSteps({ page: () => page, prefix: 'distribution', locale, identifiers: () => [expected.manager, ...expected.people, expected.lead] });

  /** Open records per person as the api counts them against the capacity. */
  const loads = async (people: WorkPerson[]) => {
    const read = await team.tenant.gql(
      team.manager.key,
      'query($u: [ID!]!) { assignmentLoads(workflowKey: "standard_trunk", userIds: $u) { ... on AssignmentLoadsSuccess { data { userId open max } } } }',
      { u: people.map((person) => person.id) },
    );
    return read.assignmentLoads.data.map((load: { open: number }) => load.open);
  };
  const ownersOf = async (ids: string[]) => Promise.all(ids.map(async (id) => (await team.tenant.record(id)).ownerId as string | null));
  const loadOf = (person: WorkPerson) => page.locator(`[data-testid=person-load][data-user-id="${person.id}"]`).getByTestId('load');

  beforeAll(async () => {
    page = openedPage();
    team = await mgrTeam({ suite, name: `Distribution ${locale}`, locale, managerName: expected.manager, salesNames: expected.people });
    ann = salesperson(team, 0);
    bo = salesperson(team, 1);
    cy = salesperson(team, 2);
    const { tenant, marketer, manager } = team;
    await publishTrunk(team, (definition) => {
      definition.assignment = { ...(definition.assignment as NonNullable<WorkflowDefinition['assignment']>), capacity: { max: CAPACITY } };
    });
    // Bo holds 3 open leads, named to him by the manager.
    for (let i = 1; i <= 3; i++) {
      const made = await tenant.gql(manager.key, CREATE, {
        i: { workflowKey: 'standard_trunk', owner: bo.id, fields: { name: `Bo lead ${i}`, phone: `+86 10 5555 04${i}0` } },
      });
      expect(made.createRecord.__typename, JSON.stringify(made)).toBe('Record');
    }
    // Ten leads in the pool: made by marketing, who owns each, and disqualified.
    for (let i = 1; i <= 10; i++) {
      const made = await tenant.gql(marketer.key, CREATE, {
        i: {
          workflowKey: 'standard_trunk',
          owner: marketer.id,
          fields: { name: `${expected.lead} ${i}`, phone: `+86 10 5555 05${String(i).padStart(2, '0')}` },
        },
      });
      expect(made.createRecord.__typename, JSON.stringify(made)).toBe('Record');
      const out = await tenant.gql(marketer.key, TRANSITION, {
        i: { id: made.createRecord.id, transition: 'disqualify', expectedVersion: made.createRecord.version, reason: 'no_need' },
      });
      expect(out.transitionRecord.stage, JSON.stringify(out)).toBe('pool');
      pooled.push(made.createRecord.id);
    }
    expect(await loads([ann, bo, cy])).toEqual([0, 3, 0]);
  });

  it('shows the pool and each salesperson with their open records against the capacity', async () => {
    await signInAsPerson({ page, url: suite.funnel.url, slug: team.tenant.slug, person: team.manager, locale });
    await page.goto(`${suite.funnel.url}/#/distribution`);
    await page.getByTestId('pool-choice').waitFor();
    await expect.poll(() => page.getByTestId('pool-choice-row').count()).toBe(10);
    await expect.poll(() => loadOf(ann).textContent()).toBe(expected.loads.ann);
    expect(await loadOf(bo).textContent()).toBe(expected.loads.bo);
    await steps.shoot('pool-and-people');
    await steps.speaksTheLocale('distribution');
  });

  it('hands the ten to Ann and Bo in turn: Bo is capped, the three nobody can take stay in the pool, said in words', async () => {
    await page.getByTestId('select-all').check();
    await page.locator(`[data-testid=person-load][data-user-id="${ann.id}"] input[type=checkbox]`).check();
    // Bo chosen with the keyboard: focus his checkbox, press Space.
    await page.locator(`[data-testid=person-load][data-user-id="${bo.id}"] input[type=checkbox]`).focus();
    await page.keyboard.press('Space');
    await steps.shoot('chosen');
    await page.getByTestId('hand-out').click();
    await expect.poll(() => page.getByTestId('placement-summary').textContent()).toBe(expected.summary);
    const stayed = await page.getByTestId('stayed').allTextContents();
    expect(stayed).toHaveLength(3);
    for (const line of stayed) expect(line).toMatch(expected.stayed);
    // The store: Ann 5, Bo 3 + 2, the rest nobody's and in the pool.
    expect(await loads([ann, bo, cy])).toEqual([CAPACITY, CAPACITY, 0]);
    const owners = await ownersOf(pooled);
    expect(owners.filter((owner) => owner === ann.id)).toHaveLength(5);
    expect(owners.filter((owner) => owner === bo.id)).toHaveLength(2);
    expect(owners.filter((owner) => owner === null)).toHaveLength(3);
    for (const [index, id] of pooled.entries()) if (owners[index] === null) expect(await team.tenant.record(id)).toMatchObject({ stage: 'pool' });
    // The screen: the three left are still listed, Ann is full.
    await expect.poll(() => page.getByTestId('pool-choice-row').count()).toBe(3);
    await expect.poll(() => loadOf(ann).textContent()).toBe(expected.loads.annAfter);
    await steps.shoot('handed-out');
    await steps.fitsNarrow('handed-out');
    await steps.speaksTheLocale('distribution after handing out');
  });

  it("hands over everything open of Bo, who left, to Cy, with the job's progress", async () => {
    const deactivated = await team.tenant.gql(team.tenant.adminKey, 'mutation($i: UpdateUserInput!) { updateUser(input: $i) { __typename } }', {
      i: { id: bo.id, active: false },
    });
    expect(deactivated.updateUser.__typename).toBe('User');
    await page.reload();
    await page.getByTestId('hand-over-from').waitFor();
    await page.getByTestId('hand-over-from').selectOption(bo.id);
    await page.getByTestId('hand-over-to').selectOption(cy.id);
    await steps.shoot('hand-over-chosen');
    await page.getByTestId('hand-over-start').click();
    await expect.poll(() => page.getByTestId('hand-over-status').textContent(), { timeout: 30_000 }).toBe(expected.handedOver);
    expect(await page.getByTestId('hand-over-progress').evaluate((bar) => [(bar as HTMLProgressElement).value, (bar as HTMLProgressElement).max])).toEqual([
      5, 5,
    ]);
    // The store: Bo holds nothing open, Cy the five.
    expect(await loads([bo, cy])).toEqual([0, CAPACITY]);
    await steps.shoot('handed-over');
    await steps.speaksTheLocale('distribution after a hand-over');
  });
});
