import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { pipelineMetrics } from '@funnel/engine';
import { getTemplate } from '@funnel/schemas';
import { openModels } from '@funnel/api';
import { crashTestStore, outboxesEmptied, recordsWithOutboxes } from './crash-store';
import { gqlAt } from './http-client';
import { tenantWithManager } from './manager-tenant';
import { freePorts, kill, TestProcesses } from './processes';

// An api process advances the pipeline's rollup (every 50 ms) while it takes a burst of leads into and through the
// pipeline; it is killed with SIGKILL mid-burst, leaving acknowledged changes only in their records' outboxes. Two
// processes started after it advance the same rollup at once while their repair scans log the leftovers (a repair
// scan running beside the burst would log them before the kill). The pipeline answered from the rollup then equals the
// engine's reference over the records as stored: nothing counted twice, nothing lost.

const { STORE_PORT, API_PORT, SECOND_API_PORT, THIRD_API_PORT } = await freePorts(['STORE_PORT', 'API_PORT', 'SECOND_API_PORT', 'THIRD_API_PORT']);
const LEADS = 120;
const WORKERS = 6;
const BURST_MS = 3000;
/** Longer than the burst runs before the kill: the kill always leaves acknowledged changes in outboxes. */
const DRAIN_GATHER_MS = BURST_MS;
const FIELDS = { phone: '+1 555 0100', product: 'Seats', seats: 5, companyName: 'Acme', companyVerified: true };
const PATH = ['qualify', 'accept', 'create_opportunity', 'start_trial', 'negotiate'];
const TOTALS = 'count amount weightedAmount';
const PIPELINE = `{ pipeline(workflowKey: "standard_trunk") { __typename ... on PipelineReport { total { ${TOTALS} } byStage { stage ${TOTALS} }
  byForecastCategory { forecastCategory ${TOTALS} } byOwner { ownerId ${TOTALS} } byManager { managerId ${TOTALS} } } } }`;
const processes = new TestProcesses();
let dataDir = '';

afterAll(async () => {
  await processes.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const rounded = (value: unknown): unknown =>
  typeof value === 'number'
    ? Number(value.toFixed(9))
    : Array.isArray(value)
      ? value.map(rounded)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]))
        : value;

it('the pipeline from its rollup equals the reference after a SIGKILL during a burst, with two processes summing it', async () => {
  const store = await crashTestStore({ processes, port: STORE_PORT, name: 'pipeline-crash' });
  dataDir = store.dataDir;
  const { uri } = store;
  const env = { ...store.env, FUNNEL_EVENT_FEED_SETTLE_MS: '300' };
  // A process that gathers its drains longer than the burst runs, so the kill leaves outboxes behind.
  const burstApi = await processes.start(
    ['api/src/main.ts'],
    { ...env, FUNNEL_DRAIN_GATHER_MS: String(DRAIN_GATHER_MS), PORT: String(API_PORT) },
    /Funnel is running/,
  );
  const gql = (port: number) => gqlAt(`http://127.0.0.1:${port}/graphql`);
  const { models, close } = await openModels(uri);
  try {
    const { tenantId, manager } = await tenantWithManager(gql(API_PORT), 'Pipeline crash');
    const ids: string[] = [];
    for (let i = 0; i < LEADS; i++) {
      const made = await gql(API_PORT)(manager, 'mutation($i: CreateRecordInput!) { createRecord(input: $i) { ... on Record { id } } }', {
        i: { workflowKey: 'standard_trunk', fields: { ...FIELDS, name: `Lead ${i}`, amount: 1_000 + i * 37.5, ...(i % 4 === 0 ? { source: 'web' } : {}) } },
      });
      ids.push(made.data?.createRecord.id as string);
    }
    // The rollup of the workflow is built (its baseline scanned) before the burst.
    const builtBy = Date.now() + 60_000;
    while (!(await models.PipelineRollup.findOne({ tenantId }).lean())?.cursor && Date.now() < builtBy) await new Promise((r) => setTimeout(r, 50));
    expect((await models.PipelineRollup.findOne({ tenantId }).lean())?.cursor).toBeTruthy();
    // The creations reach the log first: a burst that began while the drainer was still copying them would be copied
    // at once with them, not gathered, and the kill would leave nothing behind.
    await outboxesEmptied(models, tenantId, 50);

    // The burst: each worker takes its leads along the trunk and closes them, won or lost, until the kill.
    const end = Date.now() + BURST_MS;
    let acknowledged = 0;
    const worker = async (w: number) => {
      for (let i = w; i < ids.length && Date.now() < end; i += WORKERS) {
        const steps = [...PATH, i % 3 === 0 ? 'lose' : 'win'];
        for (const [n, transition] of steps.entries()) {
          const res = await gql(API_PORT)(manager, 'mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { __typename } }', {
            i: { id: ids[i], transition, expectedVersion: n + 1, ...(transition === 'lose' ? { reason: 'price' } : {}) },
          }).catch(() => undefined);
          if (res?.data?.transitionRecord.__typename !== 'Record') break;
          acknowledged += 1;
        }
      }
    };
    const burst = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    await new Promise((resolve) => setTimeout(resolve, BURST_MS / 2));
    kill(burstApi, 'SIGKILL');
    await burst;
    expect(acknowledged).toBeGreaterThan(0);
    const left = (await models.Record.find({ tenantId, 'outbox.0': { $exists: true } }, { outbox: 1 }).lean()).flatMap((r) => r.outbox.map((e) => e._id));
    expect(left.length - (await models.Event.countDocuments({ tenantId, _id: { $in: left } }))).toBeGreaterThan(0);

    // Two processes summing the rollup at once, whose repair scans (every 200 ms here) log the leftovers; once the
    // rollup has summed past the last of them, compare.
    const repairing = { ...env, FUNNEL_SWEEP_INTERVAL_MS: '200', FUNNEL_OUTBOX_REPAIR_INTERVAL_MS: '200' };
    await Promise.all(
      [SECOND_API_PORT, THIRD_API_PORT].map((port) => processes.start(['api/src/main.ts'], { ...repairing, PORT: String(port) }, /Funnel is running/)),
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      const outboxes = await recordsWithOutboxes(models, tenantId);
      const last = await models.Event.findOne({ tenantId }, { loggedAt: 1 }).sort({ loggedAt: -1 }).lean();
      const rollup = await models.PipelineRollup.findOne({ tenantId }).lean();
      if ((outboxes === 0 && (rollup?.cursor?.loggedAt ?? 0) >= (last?.loggedAt ?? 0)) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const rollup = await models.PipelineRollup.findOne({ tenantId }).lean();
    const last = await models.Event.findOne({ tenantId }, { loggedAt: 1 }).sort({ loggedAt: -1 }).lean();
    expect(rollup?.cursor?.loggedAt).toBeGreaterThanOrEqual(last?.loggedAt ?? 0);

    const answer = (await gql(SECOND_API_PORT)(manager, PIPELINE)).data?.pipeline;
    expect(answer?.__typename, JSON.stringify(answer)).toBe('PipelineReport');
    const docs = await models.Record.find({ tenantId }).lean();
    const records = docs.map(({ _id, ...doc }) => ({ ...doc, id: _id })) as never[];
    const managers = Object.fromEntries(
      (await models.User.find({ tenantId }, { managerId: 1 }).lean()).map((u) => [String(u._id), u.managerId == null ? null : String(u.managerId)]),
    );
    const expected = pipelineMetrics({ workflow: { definition: getTemplate('standard_trunk').definition }, records, managers });
    expect(expected.total.count).toBeGreaterThan(0);
    const shaped = {
      total: answer.total,
      byStage: answer.byStage,
      byForecastCategory: answer.byForecastCategory,
      byOwner: answer.byOwner.map(({ ownerId, ...totals }: Record<string, unknown>) => ({ owner: ownerId, ...totals })),
      byManager: answer.byManager.map(({ managerId, ...totals }: Record<string, unknown>) => ({ manager: managerId, ...totals })),
    };
    expect(rounded(shaped)).toEqual(rounded(expected));
  } finally {
    await close();
  }
}, 300_000);
