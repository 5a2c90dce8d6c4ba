import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, RECORD_RESULT, START, startHarness, type Harness, type TenantKeys } from './harness';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

// Issue 20 through the api: scores, follow-ups, approvals and probability policies on the engine suites' scored trunk
// (fit: VP +25, software +15, EMEA +10, 500+ staff +20; an answered call +10 halving every 14 days, a meeting +20 every 30;
// a rule qualifies a lead at 60; SQLs recycle after 7 days without an activity; winning needs a manager's approval).

let h: Harness;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  h = await startHarness({ webhookAllowedHosts: [receiver.allowedHost], deliveryPollMs: 20 });
});
afterAll(async () => {
  await h?.close();
  await receiver?.close();
});

/** The engine suites' scored trunk, without its assignment rules (they name suite users): the creator owns what it creates. */
function scoredTrunk(): Record<string, unknown> {
  const definition = JSON.parse(readFileSync(new URL('../../engine/test/suite-definitions/scored_trunk.json', import.meta.url), 'utf8'));
  delete definition.assignment;
  return definition;
}

const KEY = 'scored_trunk';
const SELECT = `${RECORD_RESULT}
  ... on Record { probability score fitScore engagementScore scoredAt nextFollowUpAt followUpNote followUpReminded
    pendingApproval { transition requestedById note approvers { roles ownerManager } } }`;
const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${SELECT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${SELECT} } }`;
const UPDATE = `mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { ${SELECT} } }`;
const LOG = `mutation($i: LogActivityInput!) { logActivity(input: $i) { ${SELECT} } }`;
const FOLLOW_UP = `mutation($i: SetFollowUpInput!) { setFollowUp(input: $i) { ${SELECT} } }`;
const REQUEST = `mutation($i: RequestApprovalInput!) { requestApproval(input: $i) { ${SELECT} } }`;
const DECIDE = `mutation($i: DecideApprovalInput!) { decideApproval(input: $i) { ${SELECT} } }`;
const SET_PROBABILITY = `mutation($i: SetProbabilityInput!) { setProbability(input: $i) { ${SELECT} } }`;
const GET = `query($id: ID!) { record(id: $id) { ... on Record { id stage ownerId version probability score fitScore engagementScore scoredAt
  nextFollowUpAt followUpNote timers { key dueAt extensions } guidance { stage text { en } keyFields { field filled } }
  availableTransitions { transition available approval { roles ownerManager } guidance { text { en } keyFields } }
  history(first: 100) { edges { node { type } } } } } }`;

/** The notifications of `key` once one matching `wanted` is there: they are stored a few milliseconds after their commit. */
async function notified(key: string, wanted: Record<string, unknown>): Promise<unknown[]> {
  const query = '{ notifications(first: 50) { edges { node { type recordId params } } } }';
  const matches = (node: Record<string, unknown>) => Object.entries(wanted).every(([k, v]) => node[k] === v);
  for (let tries = 0; ; tries++) {
    const nodes = ((await h.gql(key, query)).data?.notifications.edges ?? []).map((e: any) => e.node);
    if (nodes.some(matches) || tries >= 100) return nodes;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A tenant of its own (its own test clock), on the scored trunk, at START. */
async function scoredTenant(name: string): Promise<TenantKeys> {
  const t = await h.tenant(name);
  await h.publish({ admin: t.admin, key: KEY, definition: scoredTrunk() });
  await h.gql(t.admin, 'mutation($at: DateTime!) { setClock(at: $at) { now } }', { at: new Date(START).toISOString() });
  return t;
}

async function advance(t: TenantKeys, by: string): Promise<void> {
  const moved = await h.gql(t.admin, 'mutation($by: String!) { advanceClock(by: $by) { ... on ClockPayload { now } } }', { by });
  expect(moved.data?.advanceClock.now, JSON.stringify(moved)).toBeDefined();
  const run = await h.gql(t.admin, 'mutation { runDueTimers { fired } }');
  expect(run.errors, JSON.stringify(run)).toBeUndefined();
}

async function record(t: TenantKeys, id: string): Promise<Record<string, any>> {
  const read = await h.gql(t.admin, GET, { id });
  expect(read.errors, JSON.stringify(read)).toBeUndefined();
  return read.data?.record;
}

/** A record created by the first salesperson, who owns it. */
async function create(t: TenantKeys, fields: Record<string, unknown>): Promise<Record<string, any>> {
  const made = await h.gql(t.sales, CREATE, { i: { workflowKey: KEY, owner: t.salesId, fields: { name: 'Acme', ...fields } } });
  expect(made.data?.createRecord.__typename, JSON.stringify(made)).toBe('Record');
  return made.data?.createRecord;
}

/** Fits 70 points: the rule makes it an MQL at once. */
const HOT = { seniority: 'vp', industry: 'software', region: 'emea', employees: 600 };

/** A hot lead taken by the first salesperson to SQL. */
async function sql(t: TenantKeys, name = 'Acme'): Promise<Record<string, any>> {
  const made = await create(t, { ...HOT, name });
  expect(made.stage).toBe('mql');
  const accepted = await h.gql(t.sales, TRANSITION, { i: { id: made.id, transition: 'accept', expectedVersion: made.version } });
  expect(accepted.data?.transitionRecord.stage, JSON.stringify(accepted)).toBe('sql');
  return accepted.data?.transitionRecord;
}

/** An SQL taken on to an opportunity (with a probability override of 35) and to the stage `to`. */
async function opportunity(t: TenantKeys): Promise<Record<string, any>> {
  const lead = await sql(t);
  const opp = await h.gql(t.sales, TRANSITION, {
    i: { id: lead.id, transition: 'create_opportunity', expectedVersion: lead.version, fields: { seats: 20, companyName: 'Acme Ltd' }, probability: 35 },
  });
  expect(opp.data?.transitionRecord, JSON.stringify(opp)).toMatchObject({ stage: 'opp', probability: 35 });
  return opp.data?.transitionRecord;
}

async function step(key: string, id: string, transition: string, input: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const moved = await h.gql(key, TRANSITION, { i: { id, transition, ...input } });
  expect(moved.data?.transitionRecord.__typename, JSON.stringify(moved)).toBe('Record');
  return moved.data?.transitionRecord;
}

describe('scores', () => {
  it('stores a score that decays over 30 days on the test clock, and a rule qualifies the lead when it crosses 60', async () => {
    const t = await scoredTenant('Score Decay');
    // VP (25) at a software firm (15): 40 fit points.
    const lead = await create(t, { seniority: 'vp', industry: 'software' });
    expect(lead).toMatchObject({ stage: 'lead', score: 40, fitScore: 40, engagementScore: 0 });
    const called = await h.gql(t.sales, LOG, { i: { id: lead.id, activity: { type: 'call', outcome: 'answered' } } });
    expect(called.data?.logActivity).toMatchObject({ stage: 'lead', score: 50, engagementScore: 10 });
    const version = called.data?.logActivity.version;

    // Fourteen days on, the call weighs half; the sweeper's daily refresh stores it without a new version.
    await advance(t, 'P14D');
    expect(await record(t, lead.id)).toMatchObject({ stage: 'lead', score: 45, engagementScore: 5, version });
    await advance(t, 'P16D');
    const month = await record(t, lead.id);
    expect(month).toMatchObject({ stage: 'lead', score: 42, version });
    expect(month.engagementScore).toBeCloseTo(10 * 2 ** (-30 / 14), 2);
    expect(Date.parse(month.scoredAt)).toBe(START + 30 * DAY_MS);
    const cold = await h.gql(t.sales, '{ records(filter: { workflowKey: "scored_trunk", stage: "lead" }, first: 10) { edges { node { id score } } } }');
    expect(cold.data?.records.edges.map((e: any) => e.node)).toEqual([{ id: lead.id, score: 42 }]);
    const atLeast = async (minScore: number) =>
      (
        await h.gql(t.sales, 'query($m: Int) { records(filter: { workflowKey: "scored_trunk", minScore: $m }, first: 10) { edges { node { id } } } }', {
          m: minScore,
        })
      ).data?.records.edges.map((e: any) => e.node.id);
    expect(await atLeast(45)).toEqual([]);
    expect(await atLeast(42)).toEqual([lead.id]);

    // A meeting (+20) takes it across 60: the rule qualifies it in the same write.
    const met = await h.gql(t.sales, LOG, { i: { id: lead.id, activity: { type: 'meeting' } } });
    expect(met.data?.logActivity).toMatchObject({ stage: 'mql', score: 62 });
    const history = (await record(t, lead.id)).history.edges.map((e: any) => e.node.type);
    expect(history).toContain('transitioned');
  });

  it("returns an MQL to the pool when the sweeper's daily refresh finds its score decayed under the rule's 20", async () => {
    const t = await scoredTenant('Score Cold');
    // A director (15) with three meetings (+20 each, halving every 30 days): 75, an MQL by the rule at once.
    const lead = await create(t, { seniority: 'director' });
    let logged: Record<string, any> = lead;
    for (let n = 0; n < 3; n++) logged = (await h.gql(t.sales, LOG, { i: { id: lead.id, activity: { type: 'meeting' } } })).data?.logActivity;
    expect(logged).toMatchObject({ stage: 'mql', score: 75 });
    await advance(t, 'P60D');
    expect(await record(t, lead.id)).toMatchObject({ stage: 'mql', score: 30 });
    // 120 days on: 15 + 60 / 16 = 18.75, under the line; nothing but the refresh looked at it.
    await advance(t, 'P60D');
    expect(await record(t, lead.id)).toMatchObject({ stage: 'pool', score: 19 });
  });
});

describe('follow-ups', () => {
  it('recycles an SQL after 7 days without an activity, and a logged call pushes the deadline', async () => {
    const t = await scoredTenant('Follow Up Timer');
    const lead = await sql(t);
    const timer = (await record(t, lead.id)).timers.find((x: any) => x.key === 'no_follow_up');
    expect(Date.parse(timer.dueAt)).toBe(START + 7 * DAY_MS);

    await advance(t, 'P5D');
    const called = await h.gql(t.sales, LOG, { i: { id: lead.id, activity: { type: 'call', outcome: 'unanswered' } } });
    expect(called.data?.logActivity.__typename, JSON.stringify(called)).toBe('Record');
    const pushed = (await record(t, lead.id)).timers.find((x: any) => x.key === 'no_follow_up');
    expect(Date.parse(pushed.dueAt)).toBe(START + 12 * DAY_MS);

    // Day 8: seven days from the SQL's entry have passed, not seven from its last activity.
    await advance(t, 'P3D');
    expect((await record(t, lead.id)).stage).toBe('sql');
    await advance(t, 'P4D');
    expect(await record(t, lead.id)).toMatchObject({ stage: 'pool', ownerId: null });
  });

  it("sets the next follow-up by the owner or by an activity's next step, lists the overdue ones, and reminds the owner when one comes due", async () => {
    const t = await scoredTenant('Follow Up Reminder');
    const lead = await create(t, { seniority: 'vp' });
    const at = new Date(START + 2 * DAY_MS).toISOString();
    const stranger = await h.gql(t.sales2, FOLLOW_UP, { i: { id: lead.id, at, note: 'Send the quote' } });
    expect(
      stranger.data?.setFollowUp.blockers?.map((b: any) => b.type),
      JSON.stringify(stranger),
    ).toEqual(['not_owner']);
    const past = await h.gql(t.sales, FOLLOW_UP, { i: { id: lead.id, at: new Date(START - DAY_MS).toISOString() } });
    expect(past.data?.setFollowUp.__typename).not.toBe('Record');
    const set = await h.gql(t.sales, FOLLOW_UP, { i: { id: lead.id, at, note: 'Send the quote' } });
    expect(set.data?.setFollowUp).toMatchObject({ nextFollowUpAt: at, followUpNote: 'Send the quote', followUpReminded: false });

    const overdue = `{ records(filter: { workflowKey: "scored_trunk", followUpOverdue: true }, first: 10) { edges { node { id } } } }`;
    expect((await h.gql(t.sales, overdue)).data?.records.edges).toEqual([]);
    await advance(t, 'P2D');
    expect((await h.gql(t.sales, overdue)).data?.records.edges.map((e: any) => e.node.id)).toEqual([lead.id]);
    expect(await notified(t.sales, { type: 'follow_up_due', recordId: lead.id })).toContainEqual(
      expect.objectContaining({ type: 'follow_up_due', recordId: lead.id, params: expect.objectContaining({ note: 'Send the quote' }) }),
    );

    // A call with a next step sets the next one; it is no longer overdue.
    const next = new Date(START + 5 * DAY_MS).toISOString();
    const called = await h.gql(t.sales, LOG, {
      i: { id: lead.id, activity: { type: 'call', outcome: 'answered', nextStep: { at: next, note: 'Demo' } } },
    });
    expect(called.data?.logActivity).toMatchObject({ nextFollowUpAt: next, followUpNote: 'Demo', followUpReminded: false });
    expect((await h.gql(t.sales, overdue)).data?.records.edges).toEqual([]);
  });
});

describe('approvals', () => {
  it('takes a transition needing approval when the manager approves, not another salesperson, and only once its guard holds again', async () => {
    const t = await scoredTenant('Approvals');
    const opp = await opportunity(t);
    const trial = await step(t.sales, opp.id, 'start_trial', { expectedVersion: opp.version });
    let nego = await step(t.sales, opp.id, 'negotiate', { expectedVersion: trial.version });
    const updated = await h.gql(t.sales, UPDATE, { i: { id: opp.id, expectedVersion: nego.version, fields: { amount: 12000, budgetConfirmed: true } } });
    nego = updated.data?.updateRecord;
    const offered = (await record(t, opp.id)).availableTransitions.find((o: any) => o.transition === 'win');
    expect(offered).toMatchObject({ approval: { roles: ['manager'], ownerManager: false } });
    const taken = await h.gql(t.sales, TRANSITION, { i: { id: opp.id, transition: 'win', expectedVersion: nego.version } });
    expect(taken.data?.transitionRecord.blockers.map((b: any) => b.type)).toEqual(['approval_required']);

    const asked = await h.gql(t.sales, REQUEST, { i: { id: opp.id, transition: 'win', note: 'Signed PDF attached' } });
    expect(asked.data?.requestApproval).toMatchObject({
      stage: 'nego',
      pendingApproval: { transition: 'win', requestedById: t.salesId, note: 'Signed PDF attached', approvers: { roles: ['manager'], ownerManager: false } },
    });
    const listed = '{ approvalRequests(first: 10) { edges { node { record { id } requests { transition requestedById } } } } }';
    expect((await h.gql(t.manager, listed)).data?.approvalRequests.edges.map((e: any) => e.node)).toEqual([
      { record: { id: opp.id }, requests: [{ transition: 'win', requestedById: t.salesId }] },
    ]);
    expect((await h.gql(t.sales2, listed)).data?.approvalRequests.edges).toEqual([]);

    const byPeer = await h.gql(t.sales2, DECIDE, { i: { id: opp.id, transition: 'win', approve: true } });
    expect(byPeer.data?.decideApproval.blockers.map((b: any) => b.type)).toEqual(['not_approver']);

    // The budget is questioned meanwhile: the manager's approval is refused with the guard's blocker.
    await h.gql(t.sales, UPDATE, { i: { id: opp.id, expectedVersion: asked.data?.requestApproval.version, fields: { budgetConfirmed: false } } });
    const refused = await h.gql(t.manager, DECIDE, { i: { id: opp.id, transition: 'win', approve: true } });
    expect(refused.data?.decideApproval.blockers).toEqual([expect.objectContaining({ type: 'guard', message: 'The budget must be confirmed' })]);
    expect((await record(t, opp.id)).stage).toBe('nego');

    const confirmed = await h.gql(t.sales, UPDATE, {
      i: { id: opp.id, expectedVersion: (await record(t, opp.id)).version, fields: { budgetConfirmed: true } },
    });
    expect(confirmed.data?.updateRecord.__typename).toBe('Record');
    const approved = await h.gql(t.manager, DECIDE, { i: { id: opp.id, transition: 'win', approve: true } });
    expect(approved.data?.decideApproval).toMatchObject({ stage: 'won', pendingApproval: null });
    expect(await notified(t.manager, { type: 'approval_requested', recordId: opp.id })).toContainEqual(
      expect.objectContaining({ type: 'approval_requested', recordId: opp.id, params: expect.objectContaining({ note: 'Signed PDF attached' }) }),
    );
    expect(await notified(t.sales, { type: 'approval_decided', recordId: opp.id })).toContainEqual(
      expect.objectContaining({ type: 'approval_decided', recordId: opp.id, params: expect.objectContaining({ approved: true }) }),
    );
  });

  it("lets the owner's manager approve where the definition names them, and rejects with a reason", async () => {
    const t = await scoredTenant('Owner Manager');
    const opp = await opportunity(t);
    const asked = await h.gql(t.sales, REQUEST, { i: { id: opp.id, transition: 'skip_trial' } });
    expect(asked.data?.requestApproval.pendingApproval).toMatchObject({ transition: 'skip_trial', approvers: { roles: [], ownerManager: true } });
    // The admin is nobody's manager here and holds no approver role of this transition.
    const byAdmin = await h.gql(t.admin, DECIDE, { i: { id: opp.id, transition: 'skip_trial', approve: true } });
    expect(byAdmin.data?.decideApproval.blockers.map((b: any) => b.type)).toEqual(['not_approver']);
    const rejected = await h.gql(t.manager, DECIDE, { i: { id: opp.id, transition: 'skip_trial', approve: false, reason: 'Run the trial first' } });
    expect(rejected.data?.decideApproval).toMatchObject({ stage: 'opp', pendingApproval: null });
    await h.gql(t.sales, REQUEST, { i: { id: opp.id, transition: 'skip_trial' } });
    const approved = await h.gql(t.manager, DECIDE, { i: { id: opp.id, transition: 'skip_trial', approve: true } });
    expect(approved.data?.decideApproval).toMatchObject({ stage: 'nego' });
  });

  it('still holds an extension to 2 per lead and 10 leads per owner when asked and decided as approvals', async () => {
    const t = await scoredTenant('Extension Approvals');
    const extend = async (id: string) => {
      const asked = await h.gql(t.sales, REQUEST, { i: { id, timer: 'no_follow_up' } });
      if (asked.data?.requestApproval.__typename !== 'Record') return asked.data?.requestApproval;
      return (await h.gql(t.manager, DECIDE, { i: { id, timer: 'no_follow_up', approve: true } })).data?.decideApproval;
    };
    const first = await sql(t, 'Lead 1');
    // A request waits in the manager's approvals like a transition's.
    await h.gql(t.sales, REQUEST, { i: { id: first.id, timer: 'no_follow_up' } });
    const listed = await h.gql(t.manager, '{ approvalRequests(first: 10) { edges { node { record { id } requests { timer transition requestedById } } } } }');
    expect(listed.data?.approvalRequests.edges.map((e: any) => e.node)).toEqual([
      { record: { id: first.id }, requests: [{ timer: 'no_follow_up', transition: null, requestedById: t.salesId }] },
    ]);
    const decided = await h.gql(t.manager, DECIDE, { i: { id: first.id, timer: 'no_follow_up', approve: true } });
    expect(decided.data?.decideApproval.timers.find((x: any) => x.key === 'no_follow_up').extensions).toBe(1);
    expect((await extend(first.id)).timers.find((x: any) => x.key === 'no_follow_up').extensions).toBe(2);
    expect(await extend(first.id)).toMatchObject({ __typename: 'LimitReached', max: 2 });

    for (let n = 2; n <= 10; n++) {
      const lead = await sql(t, `Lead ${n}`);
      expect((await extend(lead.id)).__typename).toBe('Record');
    }
    const eleventh = await sql(t, 'Lead 11');
    expect(await extend(eleventh.id)).toMatchObject({ __typename: 'LimitReached', max: 10, current: 10 });
  });
});

describe('probabilities and guidance', () => {
  it('keeps an override into a stage whose policy keeps it, resets it where the stage says so, and lets a manager set one with a reason', async () => {
    const t = await scoredTenant('Probabilities');
    const opp = await opportunity(t);
    // The trial stage resets an override to its own 30 %.
    const trial = await step(t.sales, opp.id, 'start_trial', { expectedVersion: opp.version });
    expect(trial.probability).toBe(30);
    const bySales = await h.gql(t.sales, SET_PROBABILITY, { i: { id: opp.id, probability: 45, reason: 'Champion on board' } });
    expect(bySales.data?.setProbability.blockers.map((b: any) => b.type)).toEqual(['role']);
    const set = await h.gql(t.manager, SET_PROBABILITY, { i: { id: opp.id, probability: 45, reason: 'Champion on board' } });
    expect(set.data?.setProbability).toMatchObject({ probability: 45 });
    // The definition keeps overrides elsewhere: negotiation keeps 45, not its 70.
    const nego = await step(t.sales, opp.id, 'negotiate', { expectedVersion: set.data?.setProbability.version });
    expect(nego.probability).toBe(45);
    const history = await h.gql(t.admin, `{ record(id: "${opp.id}") { ... on Record { history(first: 50) { edges { node { type reason } } } } } }`);
    expect(history.data?.record.history.edges.map((e: any) => e.node)).toContainEqual(expect.objectContaining({ type: 'probability_set' }));
  });

  it("gives the record's stage guidance with its key fields, and each transition's target guidance", async () => {
    const t = await scoredTenant('Guidance');
    const lead = await create(t, { seniority: 'vp' });
    const read = await record(t, lead.id);
    expect(read.guidance).toEqual({
      stage: 'lead',
      text: { en: 'Call within the hour; find the decision maker.' },
      keyFields: [
        { field: 'phone', filled: false },
        { field: 'seniority', filled: true },
      ],
    });
    const sqlRecord = await sql(t, 'Guided');
    const options = (await record(t, sqlRecord.id)).availableTransitions;
    expect(options.find((o: any) => o.transition === 'create_opportunity').guidance).toEqual({
      text: { en: 'Confirm the need, the product and the seats; book a trial.' },
      keyFields: ['product', 'seats', 'companyName'],
    });
  });
});

describe('webhooks', () => {
  it('sends follow-ups, approvals and a set probability to the apps that asked for them', async () => {
    const t = await scoredTenant('Hooks');
    const types = ['follow_up.set', 'follow_up.due', 'approval.requested', 'approval.decided', 'record.probability_set'];
    const made = await h.gql(
      t.admin,
      'mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { __typename ... on ValidationFailed { diagnostics { message } } } }',
      { i: { url: receiver.url('/score'), events: types, description: 'issue 20' } },
    );
    expect(made.data?.createWebhookEndpoint.__typename, JSON.stringify(made)).toBe('WebhookEndpointSecretPayload');
    const opp = await opportunity(t);
    const at = new Date(START + DAY_MS).toISOString();
    await h.gql(t.sales, FOLLOW_UP, { i: { id: opp.id, at, note: 'Call back' } });
    await advance(t, 'P1D');
    await h.gql(t.sales, REQUEST, { i: { id: opp.id, transition: 'skip_trial', note: 'Trial done last year' } });
    await h.gql(t.manager, DECIDE, { i: { id: opp.id, transition: 'skip_trial', approve: false, reason: 'Run it again' } });
    await h.gql(t.manager, SET_PROBABILITY, { i: { id: opp.id, probability: 50, reason: 'Budget approved' } });
    const got = (await receiver.waitFor((all) => all.filter((r) => r.path === '/score').length >= 5)).filter((r) => r.path === '/score');
    const data = (type: string) => got.find((r) => r.json.type === type)?.json.data;
    expect(got.map((r) => r.json.type).sort()).toEqual([...types].sort());
    expect(data('follow_up.set')).toMatchObject({ recordId: opp.id, followUpAt: at, note: 'Call back' });
    expect(data('follow_up.due')).toMatchObject({ recordId: opp.id, followUpAt: at, note: 'Call back' });
    expect(data('approval.requested')).toMatchObject({ transition: 'skip_trial', note: 'Trial done last year', actor: t.salesId });
    expect(data('approval.decided')).toMatchObject({ transition: 'skip_trial', approved: false, requestedBy: t.salesId, reason: 'Run it again' });
    expect(data('record.probability_set')).toMatchObject({ from: 35, to: 50, reason: 'Budget approved', actor: t.managerId });
  });
});
