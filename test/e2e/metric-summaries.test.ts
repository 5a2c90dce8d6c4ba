import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsJobId, openModels, type Models } from '@funnel/api';
import { DAY_MS, RECORD_RESULT, START, startHarness, type Harness, type TenantKeys } from './harness';
import { reportMismatches, storedDaysAgainstLog } from './metric-summary-check';

// The funnel and calibration answer from day summaries built by a background job, and a change logged
// into a day already built (the test clock set back: a backdated change) marks what it touches, so the answer
// stays equal to the reference functions over the whole log, and the day is built again equal to the log.

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const LOG = `mutation($i: LogActivityInput!) { logActivity(input: $i) { ${RECORD_RESULT} } }`;
const JOB = 'query($id: ID!) { job(id: $id) { ... on Job { kind status total processed } } }';
/** Everything any transition of the standard trunk asks for, so that each path below is open. */
const FIELDS = { phone: '+1 555 0100', product: 'Seats', seats: 5, companyName: 'Acme', companyVerified: true, amount: 12_000 };
/**
 * From the second day at 10:00 on: the partial first day holds entries, a creation and a return to the pool that
 * later days refer back to (a lead back from the pool twice, a first call the day after a creation).
 */
const PERIOD = { from: START + DAY_MS + 3_600_000, to: START + 30 * DAY_MS };

describe('metric summaries', () => {
  let h: Harness;
  let t: TenantKeys;
  let models: Models;
  let closeModels: () => Promise<void>;
  const versions = new Map<string, number>();

  const create = async (name: string) => {
    const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { ...FIELDS, name, email: `${name}@x.example` } } });
    const id = made.data?.createRecord.id as string;
    expect(id, JSON.stringify(made)).toBeTruthy();
    versions.set(id, 1);
    return id;
  };
  const move = async (id: string, transition: string, input: { key?: string; reason?: string } = {}) => {
    const res = await h.gql(input.key ?? t.manager, TRANSITION, {
      i: { id, transition, expectedVersion: versions.get(id), ...(input.reason ? { reason: input.reason } : {}) },
    });
    expect(res.data?.transitionRecord.__typename, JSON.stringify(res)).toBe('Record');
    versions.set(id, res.data?.transitionRecord.version);
  };
  const call = async (id: string) => {
    const res = await h.gql(t.manager, LOG, { i: { id, activity: { type: 'call', outcome: 'answered' }, expectedVersion: versions.get(id) } });
    expect(res.data?.logActivity.__typename, JSON.stringify(res)).toBe('Record');
    versions.set(id, res.data?.logActivity.version);
  };
  const at = (days: number, hours = 0) => h.clock.set(START + days * DAY_MS + hours * 3_600_000);
  const settle = async () => {
    await h.server.services.drainer.flush();
    while (await h.server.services.metricSummaries.buildDue(t.tenantId));
  };
  const mismatches = () => reportMismatches({ gql: (query, variables) => h.gql(t.manager, query, variables), models, tenantId: t.tenantId, period: PERIOD });

  beforeAll(async () => {
    h = await startHarness({ metricsBuildIntervalMs: 0, metricsDaySettleMs: 0 });
    t = await h.tenant('Summaries');
    ({ models, close: closeModels } = await openModels(h.mongo.uri));
    // Four days of a small sales team's work: leads in, qualified, accepted, deals won and lost, a return to
    // marketing, a lead back from the pool (twice), and first calls.
    const ids: string[] = [];
    at(0, 1);
    for (let i = 0; i < 8; i++) ids.push(await create(`lead${i}`));
    for (const id of ids.slice(0, 6)) await move(id, 'qualify');
    at(1, 3);
    for (const id of ids.slice(0, 5)) await move(id, 'accept');
    await call(ids[0] as string);
    await call(ids[6] as string);
    await move(ids[7] as string, 'disqualify');
    await move(ids[7] as string, 'reactivate');
    ids.push(await create('lead8'));
    at(2, 5);
    for (const id of ids.slice(0, 4)) await move(id, 'create_opportunity');
    await move(ids[7] as string, 'disqualify');
    await move(ids[7] as string, 'reactivate');
    await call(ids[8] as string);
    at(3, 7);
    for (const id of ids.slice(0, 3)) {
      await move(id, 'start_trial');
      await move(id, 'negotiate');
    }
    await move(ids[0] as string, 'win');
    await move(ids[1] as string, 'lose', { reason: 'price' });
    await call(ids[2] as string);
    at(6);
    await settle();
  });
  afterAll(async () => {
    await closeModels?.();
    await h?.close();
  });

  it('builds the closed days in a job with progress, each equal to its recomputation from the log', async () => {
    const job = await h.gql(t.admin, JOB, { id: metricsJobId(t.tenantId, 'standard_trunk') });
    expect(job.data?.job).toMatchObject({ kind: 'metrics', status: 'done' });
    // From the first day with data (START) to the last closed one (yesterday on the tenant's clock).
    expect(job.data?.job.total).toBe(6);
    expect(job.data?.job.processed).toBe(6);
    const check = await storedDaysAgainstLog(models, t.tenantId);
    expect(check).toEqual({ differ: [], stored: 7, marked: 0 });
  });

  it('answers the funnel and calibration equal to the reference functions over the whole log', async () => {
    expect(await mismatches()).toEqual([]);
  });

  it('marks the days a backdated change touches, answers them from the log until they are built again, then builds them equal to it', async () => {
    const records = await models.Record.find({ tenantId: t.tenantId }, { stage: 1 }).lean();
    const inStage = (stage: string) => records.filter((r) => r.stage === stage).map((r) => r._id);
    // Back on day 1, after those days were built: a deal lost, a lead returned to marketing (its whole history
    // leaves performance), a new lead, and a first call on day 2.
    at(1, 20);
    await move(inStage('contract_negotiation')[0] as string, 'lose', { reason: 'price' });
    await move(inStage('sql')[0] as string, 'return_mql', { key: t.sales, reason: 'wrong_number' });
    const late = await create('late');
    at(2, 9);
    await call(late);
    at(6);
    await h.server.services.drainer.flush();
    const marked = await storedDaysAgainstLog(models, t.tenantId);
    expect(marked.marked).toBeGreaterThanOrEqual(2);
    expect(marked.differ).toEqual([]);
    expect(await mismatches()).toEqual([]);
    while (await h.server.services.metricSummaries.buildDue(t.tenantId));
    expect(await storedDaysAgainstLog(models, t.tenantId)).toEqual({ differ: [], stored: 7, marked: 0 });
    expect(await mismatches()).toEqual([]);
  });
});
