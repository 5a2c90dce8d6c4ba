import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { assignmentOrder, compile, scoreRecord, type FunnelRecord } from '@funnel/engine';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { browserSuite } from './browser-suite';
import { DAY_MS, SCREENSHOTS, UI_TIMEOUT_MS } from './browser-test-settings';
import { signInWithApiKey } from './sign-in-with-api-key';

// The simulator's extension request and approval, its clause-by-clause explanation of a refused guard and its
// timeline scrubbed back; a version published with a note and restored as the draft; a dashboard bar clicked to list
// its records (issue 24); whom routing would give a picked record to, and its score now and in 30 days.

const suite = browserSuite();
const WORKFLOW = 'simulating';
const CLICKING = 'clicking';
const NOTE = 'Qualify needs a score of 60 from now on';
/** The one-week rule's extension policy in the standard trunk: P7D. */
const EXTENSION_MS = 7 * DAY_MS;

/** The standard trunk whose qualify guard also asks for a score of 60. */
function scoredTrunk(): WorkflowDefinition {
  const trunk = getTemplate('standard_trunk').definition;
  return {
    ...trunk,
    key: WORKFLOW,
    transitions: trunk.transitions.map((transition) =>
      transition.key === 'qualify' && transition.guard
        ? { ...transition, guard: { ...transition.guard, logic: { and: [transition.guard.logic, { '>=': [{ var: 'score' }, 60] }] } } }
        : transition,
    ),
  };
}

const ROUTED = 'routed';

/** The standard trunk routing 500+ seats to everyone below a manager by weight (Cat's 3), scored by seats and answered calls. */
function routedTrunk({ manager, heavy }: { manager: string; heavy: string }): WorkflowDefinition {
  const trunk = getTemplate('standard_trunk').definition;
  return {
    ...trunk,
    key: ROUTED,
    assignment: {
      rules: [
        {
          key: 'big',
          name: { en: 'Big accounts', 'zh-Hans': '大客户', 'zh-Hant': '大客戶' },
          when: { '>=': [{ var: 'seats' }, 500] },
          target: { team: { manager }, strategy: 'weighted_round_robin', weights: { [heavy]: 3 } },
        },
        ...(trunk.assignment?.rules ?? []),
      ],
    },
    scoring: {
      max: 100,
      fit: [{ key: 'big', name: { en: '500+ seats' }, when: { '>=': [{ var: 'seats' }, 500] }, points: 40 }],
      engagement: [{ key: 'answered', name: { en: 'Answered call' }, activity: 'call', outcomes: ['answered'], points: 20, halfLife: 'P15D' }],
    },
  };
}

describe('simulating, versions and the dashboard’s records', () => {
  const openedPage = suite.pageFor('simulating');
  let page: Page;
  let apiKey: string;
  /** A screenshot with `testId` scrolled into view (the side panel scrolls on its own). */
  const shot = async (name: string, testId?: string) => {
    if (testId) await page.getByTestId(testId).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, `simulating-${name}.png`) });
  };
  const text = (testId: string) => page.getByTestId(testId).textContent();
  const openWorkflow = async () => {
    await page.goto(`${suite.funnel.url}/#/workflows/${WORKFLOW}`);
    await page.locator('.react-flow__node[data-id="lead"]').waitFor();
  };
  const startWith = async (fields: Record<string, unknown>) => {
    await page.locator('#sim-fields').fill(JSON.stringify(fields));
    await page.getByTestId('sim-start').click();
    await expect.poll(() => text('sim-current')).toContain('Lead');
  };
  const workflowRead = <T>(query: string) => suite.funnel.graphql<{ workflow: T }>({ apiKey, query, variables: { key: WORKFLOW } });

  beforeAll(async () => {
    page = openedPage();
    apiKey = await suite.funnel.newTenant('Browser test simulating');
    await suite.funnel.graphql({
      apiKey,
      query: 'mutation($input: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $input) { __typename } }',
      variables: { input: { key: WORKFLOW, definition: scoredTrunk() } },
    });
    await signInWithApiKey({ page, url: suite.funnel.url, apiKey });
    await openWorkflow();
    await page.getByTestId('tab-simulator').click();
  });

  it('explains a refused guard clause by clause with the record’s values: score 45 < 60 failed, the contact passed', async () => {
    await startWith({ name: 'Low score', phone: '+1 555 0100', score: 45 });
    const qualify = page.getByTestId('sim-option-qualify');
    await expect.poll(() => qualify.textContent()).toContain('closed');
    const why = page.getByTestId('sim-why-qualify');
    await why.waitFor();
    // Each clause's own line, without the clauses nested in it.
    const clauses = await why.getByTestId('sim-clause').evaluateAll((items) =>
      items.map((item) => {
        const own = item.cloneNode(true) as HTMLElement;
        for (const nested of own.querySelectorAll('ul')) nested.remove();
        return { passed: item.classList.contains('passed'), text: own.textContent ?? '' };
      }),
    );
    // The whole guard failed; its score clause failed with the record's 45; the contact clause passed.
    expect(clauses[0]?.passed).toBe(false);
    const score = clauses.find((clause) => clause.text.includes('score is at least 60'));
    expect(score?.passed).toBe(false);
    expect(score?.text).toContain('score 45 < 60');
    expect(clauses.some((clause) => clause.passed && clause.text.includes('phone: +1 555 0100'))).toBe(true);
    await shot('guard-explained', 'sim-why-qualify');
  });

  it('asks for an extension of the one-week rule and approves it: the timer’s due time moves by the policy’s 7 days', async () => {
    await startWith({ name: 'Extended', phone: '+1 555 0101', score: 70 });
    await page.getByTestId('sim-step-qualify').click();
    await expect.poll(() => text('sim-current')).toContain('MQL');
    await page.getByTestId('sim-step-accept').click();
    await expect.poll(() => text('sim-current')).toContain('SQL');
    const due = page.getByTestId('sim-timer-due-one_week_rule');
    // The timer by its name, not its key.
    await expect.poll(() => due.textContent()).toContain('One-week rule');
    const dueBefore = Number(await due.getAttribute('data-due-at'));
    await page.getByTestId('sim-extend-one_week_rule').click();
    await expect.poll(() => text('sim-pending-one_week_rule')).toContain('waiting for a decision');
    await shot('extension-requested', 'sim-timers');
    await page.getByTestId('sim-approve-one_week_rule').click();
    await expect.poll(async () => Number(await due.getAttribute('data-due-at'))).toBe(dueBefore + EXTENSION_MS);
    await expect.poll(() => text('sim-timer-one_week_rule')).toContain('1 extension granted');
    await expect.poll(() => text('sim-log')).toContain('Extension decided: One-week rule — approved');
    await shot('extension-approved', 'sim-timers');
  });

  it('scrubs the timeline back to the record after step 1, and goes on from there', async () => {
    const slider = page.getByTestId('sim-scrub');
    // start, qualify, accept, the request, the approval.
    expect(await slider.getAttribute('max')).toBe('4');
    await slider.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => text('sim-scrub-at')).toBe('After step 1 of 4');
    await expect.poll(() => text('sim-current')).toContain('MQL');
    expect(await page.getByTestId('sim-timers').count()).toBe(0);
    await expect.poll(() => page.locator('.sim-log > li.later').count()).toBe(3);
    await shot('timeline-scrubbed', 'sim-timeline');
    // The list is a way back too, and acting from the earlier step drops the later ones.
    await page.getByTestId('sim-timeline-step-2').getByRole('button').click();
    await expect.poll(() => text('sim-current')).toContain('SQL');
    await page.getByTestId('sim-timeline-step-1').getByRole('button').click();
    await page.getByTestId('sim-step-accept').click();
    await expect.poll(() => slider.getAttribute('max')).toBe('2');
    await expect.poll(() => text('sim-current')).toContain('SQL');
    expect(await page.getByTestId('sim-timer-one_week_rule').textContent()).not.toContain('extension granted');
  });

  it('publishes with a note, and the history shows who published and the note', async () => {
    await page.getByTestId('publish').click();
    await page.getByTestId('publish-note').fill(NOTE);
    await shot('publish-note');
    await page.getByTestId('publish-confirm').click();
    await expect.poll(() => text('toolbar-status'), { timeout: UI_TIMEOUT_MS }).toContain('Published version 1');
    await page.getByTestId('tab-versions').click();
    await expect.poll(() => text('version-1-note')).toBe(NOTE);
    await expect.poll(() => text('version-1-by')).toBe('published by Admin');
    const stored = await workflowRead<{ versions: { note: string; publishedBy: { name: string } }[] }>(
      'query($key: String!) { workflow(key: $key) { ... on Workflow { versions { note publishedBy { name } } } } }',
    );
    expect(stored.workflow.versions).toEqual([{ note: NOTE, publishedBy: { name: 'Admin' } }]);
    await shot('version-with-note', 'version-history');
  });

  it('restores version 1 as the draft after a confirm: the saved draft equals it, and the diff showed old → new before', async () => {
    const changed = { ...scoredTrunk(), name: { en: 'Renamed trunk', 'zh-Hans': '改名的主干', 'zh-Hant': '改名的主幹' } };
    changed.stages = changed.stages.map((stage) => (stage.key === 'opportunity' ? { ...stage, probability: 15 } : stage));
    await suite.funnel.graphql({
      apiKey,
      query: 'mutation($input: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $input) { __typename } }',
      variables: { input: { key: WORKFLOW, definition: changed } },
    });
    // The editor reads the draft as it opens: open it again from the api.
    await page.reload();
    await page.locator('.react-flow__node[data-id="lead"]').waitFor();
    await page.getByTestId('tab-versions').click();
    await expect.poll(() => text('diff-values-opportunity')).toMatch(/Win probability \(%\): 10% → 15%/);
    await expect.poll(() => text('diff-workflow')).toContain('Standard trunk → Renamed trunk');
    await shot('diff-before-restore', 'diff-workflow');
    await page.getByTestId('restore-1').click();
    await page.getByTestId('restore-confirm-1').click();
    await expect.poll(() => text('restore-status'), { timeout: UI_TIMEOUT_MS }).toBe('The draft is now version 1, saved.');
    await expect.poll(() => text('diff-summary')).toContain('Stages: 0 added, 0 removed, 0 changed.');
    const stored = await workflowRead<{ draft: WorkflowDefinition; versions: { definition: WorkflowDefinition }[] }>(
      'query($key: String!) { workflow(key: $key) { ... on Workflow { draft versions { definition } } } }',
    );
    expect(stored.workflow.draft).toEqual(stored.workflow.versions[0]?.definition);
    await shot('restored', 'version-history');
  });

  it('lists the records of a dashboard bar clicked, each linking to its record page, and the same from the keyboard', async () => {
    await suite.funnel.graphql({
      apiKey,
      query: 'mutation { createWorkflowFromTemplate(input: { template: "minimal_trunk", key: "clicking", publish: true }) { __typename } }',
    });
    const ids: string[] = [];
    for (const [name, amount] of [
      ['Ed Opp', 12000],
      ['Flo Opp', 30000],
      ['Gus Lead', 5000],
    ] as const) {
      const created = await suite.funnel.graphql<{ createRecord: { id: string; version: number } }>({
        apiKey,
        query: 'mutation($input: CreateRecordInput!) { createRecord(input: $input) { ... on Record { id version } } }',
        variables: { input: { workflowKey: CLICKING, fields: { name, phone: '+1 555 0100', companyName: `${name} Ltd`, product: 'CRM', amount } } },
      });
      ids.push(created.createRecord.id);
      if (name.endsWith('Opp')) {
        await suite.funnel.graphql({
          apiKey,
          query: 'mutation($input: TransitionRecordInput!) { transitionRecord(input: $input) { __typename } }',
          variables: { input: { id: created.createRecord.id, expectedVersion: created.createRecord.version, transition: 'qualify' } },
        });
      }
    }
    await page.goto(`${suite.funnel.url}/#/workflows/${CLICKING}/dashboard`);
    const byStage = page.getByRole('region', { name: 'Weighted pipeline by stage' });
    const bar = byStage.locator('.recharts-bar-rectangle path').first();
    await bar.waitFor({ timeout: UI_TIMEOUT_MS });
    await bar.click();
    const list = page.getByTestId('dashboard-records');
    await expect.poll(() => list.locator('h2').textContent()).toBe('Records: Opportunity');
    await expect.poll(() => list.locator('tbody tr').count(), { timeout: UI_TIMEOUT_MS }).toBe(2);
    expect(await list.locator('a').allTextContents()).toEqual(expect.arrayContaining(['Ed Opp', 'Flo Opp']));
    expect(await list.locator(`a:text("Ed Opp")`).getAttribute('href')).toBe(`#/records/${ids[0]}`);
    await shot('dashboard-records', 'dashboard-records');
    // The keyboard's way: the funnel table's stage name is a button.
    await page.getByTestId('funnel-stage-lead').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => list.locator('h2').textContent()).toBe('Records: Lead');
    await expect.poll(() => list.locator('a').allTextContents(), { timeout: UI_TIMEOUT_MS }).toEqual(['Gus Lead']);
  });

  it('keeps the picked record picked and named after an action on it', async () => {
    const created = await suite.funnel.graphql<{ createRecord: { id: string } }>({
      apiKey,
      query: 'mutation($input: CreateRecordInput!) { createRecord(input: $input) { ... on Record { id } } }',
      variables: { input: { workflowKey: WORKFLOW, fields: { name: 'Picked Person', phone: '+1 555 0102' } } },
    });
    await openWorkflow();
    await page.getByTestId('tab-simulator').click();
    const picker = page.getByTestId('sim-record');
    await expect.poll(async () => (await picker.locator('option').allTextContents()).join('|'), { timeout: UI_TIMEOUT_MS }).toContain('Picked Person');
    await picker.selectOption(created.createRecord.id);
    await page.getByTestId('sim-advance').click();
    await expect.poll(() => page.getByTestId('sim-scrub').getAttribute('max')).toBe('1');
    expect(await picker.inputValue()).toBe(created.createRecord.id);
    expect(await picker.locator('option:checked').textContent()).toContain('Picked Person');
    await shot('picked-stays', 'sim-record');
  });
  it('says whom routing would try for a picked record, in order, and its score now and in 30 days, as the engine computes them', async () => {
    const gql = <T>(query: string, variables: Record<string, unknown>) => suite.funnel.graphql<T>({ apiKey, query, variables });
    const addUser = async (name: string, roles: string[], managerId: string | null) =>
      (
        await gql<{ createUser: { id: string } }>('mutation($input: CreateUserInput!) { createUser(input: $input) { ... on User { id } } }', {
          input: { name, roles, ...(managerId ? { managerId } : {}) },
        })
      ).createUser.id;
    const lee = await addUser('Lee Manager', ['manager'], null);
    const bob = await addUser('Bob Seller', ['sales'], lee);
    const cat = await addUser('Cat Seller', ['sales'], lee);
    await addUser('Dan Seller', ['sales'], cat);
    const eve = await addUser('Eve Gone', ['sales'], lee);
    await gql('mutation($input: UpdateUserInput!) { updateUser(input: $input) { __typename } }', { input: { id: eve, active: false } });
    const definition = routedTrunk({ manager: lee, heavy: cat });
    await gql('mutation($input: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $input) { __typename } }', { input: { key: ROUTED, definition } });
    await gql('mutation($input: PublishWorkflowInput!) { publishWorkflow(input: $input) { __typename } }', { input: { key: ROUTED } });
    const created = await gql<{ createRecord: { id: string; version: number } }>(
      'mutation($input: CreateRecordInput!) { createRecord(input: $input) { ... on Record { id version } } }',
      { input: { workflowKey: ROUTED, fields: { name: 'Big Account', phone: '+1 555 0103', seats: 800 } } },
    );
    const { id } = created.createRecord;
    await gql('mutation($input: LogActivityInput!) { logActivity(input: $input) { __typename } }', {
      input: { id, activity: { type: 'call', outcome: 'answered' } },
    });
    const history = await gql<{ record: { history: { edges: { node: { type: string; at: string } }[] } } }>(
      'query($id: ID!) { record(id: $id) { ... on Record { history { edges { node { type at } } } } } }',
      { id },
    );
    const calledAt = Date.parse(history.record.history.edges.find(({ node }) => node.type === 'activity_logged')?.node.at ?? '');

    await page.goto(`${suite.funnel.url}/#/workflows/${ROUTED}`);
    await page.locator('.react-flow__node[data-id="lead"]').waitFor();
    await page.getByTestId('tab-simulator').click();
    const picker = page.getByTestId('sim-record');
    await expect.poll(async () => (await picker.locator('option').allTextContents()).join('|'), { timeout: UI_TIMEOUT_MS }).toContain('Big Account');
    const pickedAt = Date.now();
    await picker.selectOption(id);
    await expect.poll(() => text('sim-routing-rule'), { timeout: UI_TIMEOUT_MS }).toBe('Big accounts');
    expect(await text('sim-routing-target')).toBe('Everyone below Lee Manager');
    expect(await text('sim-routing-strategy')).toBe('In turn, by weight');

    // The engine's order for a fresh rotation over the people below Lee (Eve deactivated), as the api resolves them.
    const compiled = compile(definition);
    if (!compiled.ok) throw new Error('the routed trunk compiles');
    const rule = compiled.workflow.assignment?.rules[0];
    if (!rule) throw new Error('the routed trunk has a first rule');
    const people = await gql<{ users: { edges: { node: { id: string; name: string; active: boolean; managerId: string | null } }[] } }>(
      'query { users(first: 100) { edges { node { id name active managerId } } } }',
      {},
    );
    const below = new Set([bob, cat, eve]);
    for (const { node } of people.users.edges) if (node.managerId === cat) below.add(node.id);
    const members = people.users.edges.filter(({ node }) => below.has(node.id)).map(({ node }) => ({ id: node.id, active: node.active, open: 0 }));
    const nameOf = (userId: string) => people.users.edges.find(({ node }) => node.id === userId)?.node.name;
    const expectedOrder = assignmentOrder({ rule, members, ticket: 0, now: pickedAt }).map(nameOf);
    expect(expectedOrder).toEqual(['Cat Seller', 'Bob Seller', 'Dan Seller']);
    await expect.poll(() => page.getByTestId('sim-routing-order').locator('li').allTextContents()).toEqual(expectedOrder);

    // The same record scored by the engine at the simulated time and 30 days on (its fit 40, its call halved twice).
    const record: FunnelRecord = {
      id,
      workflowKey: ROUTED,
      workflowVersion: 1,
      stage: 'lead',
      phase: 'lead',
      forecastCategory: 'pipeline',
      probability: 0,
      owner: null,
      fields: { name: 'Big Account', phone: '+1 555 0103', seats: 800 },
      counters: {},
      createdAt: calledAt,
      stageEnteredAt: calledAt,
      timers: [],
      nextDueAt: null,
      excludedFromPerformance: false,
      version: 1,
      activities: [{ type: 'call', outcome: 'answered', at: calledAt }],
    };
    const now = Number(await page.getByTestId('sim-score').getAttribute('data-now'));
    expect(Math.abs(now - pickedAt)).toBeLessThan(UI_TIMEOUT_MS);
    const expected = (at: number) => scoreRecord({ workflow: compiled.workflow, record, now: at });
    const shown = async (testId: string) => {
      const row = page.getByTestId(testId);
      return {
        score: Number(await row.getAttribute('data-score')),
        fit: Number(await row.getAttribute('data-fit')),
        engagement: Number(await row.getAttribute('data-engagement')),
      };
    };
    expect(await shown('sim-score-now')).toEqual(expected(now));
    expect(await shown('sim-score-ahead')).toEqual(expected(now + 30 * DAY_MS));
    // The call was logged at the api's clock (moved on by earlier steps): 30 days on its engagement is halved twice more.
    const [scoredNow, scoredAhead] = [expected(now), expected(now + 30 * DAY_MS)];
    expect(scoredNow?.fit).toBe(40);
    expect(scoredNow?.engagement).toBeGreaterThan(0);
    expect(scoredAhead?.fit).toBe(40);
    expect(scoredAhead?.engagement).toBeCloseTo((scoredNow?.engagement ?? 0) / 4, 1);
    expect(await text('sim-score-ahead')).toContain('In 30 days');
    await shot('routing-and-score', 'sim-score');
  });
});
