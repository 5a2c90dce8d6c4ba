import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { openModels } from '@funnel/api';
import { crashTestStore, outboxesEmptied, recordsWithOutboxes } from './crash-store';
import { gqlAt } from './http-client';
import { tenantWithManager } from './manager-tenant';
import { reportMismatches, storedDaysAgainstLog } from './metric-summary-check';
import { freePorts, kill, TestProcesses } from './processes';

// An api process killed with SIGKILL in the middle of a burst of transitions leaves acknowledged events
// in records' outboxes, behind today's summary, which its builder kept growing every 50 ms, and may leave events
// it copied into the log without the marks of the days they touch (killed between the two). The next process's
// outbox repair scan drains every leftover outbox again, which marks the days; the builder builds them again; then
// every stored day equals its recomputation from the event log, and the funnel and calibration equal the
// reference functions over it. (Reads do not drain: a history shows outbox events without writing.)

const DAY_MS = 86_400_000;
const { STORE_PORT, API_PORT, SECOND_API_PORT } = await freePorts(['STORE_PORT', 'API_PORT', 'SECOND_API_PORT']);
const LEADS = 400;
const WORKERS = 8;
/** How long the burst runs before the kill. */
const BURST_MS = 2500;
/**
 * How long the killed process gathers commits before it copies their events into the log: longer than the burst runs
 * before the kill, so the kill always leaves acknowledged events that only their records' outboxes hold.
 */
const DRAIN_GATHER_MS = BURST_MS;
const processes = new TestProcesses();

let dataDir = '';

afterAll(async () => {
  await processes.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function gql(
  port: number,
  key: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data?: Record<string, any>; errors?: unknown[] }> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any> };
}

/** A tenant with the standard trunk, a manager's key and LEADS imported leads, through the api at `port`. */
async function tenantWithLeads(port: number): Promise<{ tenantId: string; manager: string }> {
  const { tenantId, manager } = await tenantWithManager(gqlAt(`http://127.0.0.1:${port}/graphql`), 'Crash');
  const csv = ['name,email,phone', ...Array.from({ length: LEADS }, (_, i) => `Lead ${i},lead${i}@x.example,+1 555 ${String(1000 + i)}`)].join('\n');
  const imported = await gql(port, manager, 'mutation($i: ImportRecordsInput!) { importRecords(input: $i) { ... on Job { status processed } } }', {
    i: { workflowKey: 'standard_trunk', csv },
  });
  expect(imported.data?.importRecords, JSON.stringify(imported)).toMatchObject({ status: 'done', processed: LEADS });
  return { tenantId, manager };
}

it('summaries equal a recomputation from the event log after a SIGKILL during a burst of transitions', async () => {
  const store = await crashTestStore({ processes, port: STORE_PORT, name: 'metric-crash' });
  dataDir = store.dataDir;
  const { uri, env: base } = store;
  const env = { ...base, FUNNEL_JOB_STALE_AFTER_MS: '2000' };
  const first = await processes.start(
    ['api/src/main.ts'],
    { ...env, FUNNEL_DRAIN_GATHER_MS: String(DRAIN_GATHER_MS), PORT: String(API_PORT) },
    /Funnel is running/,
  );
  const { models, close } = await openModels(uri);
  try {
    const { tenantId, manager } = await tenantWithLeads(API_PORT);
    const ids = (await models.Record.find({ tenantId }, { _id: 1 }).lean()).map((r) => r._id);
    // The import's events reach the log first: a burst that began while the drainer was still copying them would be
    // copied at once with them, not gathered for DRAIN_GATHER_MS, and the kill would leave nothing behind.
    await outboxesEmptied(models, tenantId, 50);

    // The burst: workers qualify, accept and disqualify leads one after another until the process is killed.
    const end = Date.now() + BURST_MS;
    let acknowledged = 0;
    const worker = async (w: number) => {
      for (let i = w; i < ids.length && Date.now() < end; i += WORKERS) {
        for (const [transition, version] of [
          ['qualify', 1],
          [i % 3 === 0 ? 'disqualify' : 'accept', 2],
        ] as const) {
          const res = await gql(API_PORT, manager, 'mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { __typename } }', {
            i: { id: ids[i], transition, expectedVersion: version },
          }).catch(() => undefined);
          if (res?.data?.transitionRecord.__typename === 'Record') acknowledged += 1;
        }
      }
    };
    const burst = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    await new Promise((resolve) => setTimeout(resolve, BURST_MS / 2));
    kill(first, 'SIGKILL');
    await burst;
    expect(acknowledged).toBeGreaterThan(0);
    // What the kill left: outbox entries whose events are not in the log yet.
    const left = (await models.Record.find({ tenantId, 'outbox.0': { $exists: true } }, { outbox: 1 }).lean()).flatMap((r) => r.outbox.map((e) => e._id));
    const logged = await models.Event.countDocuments({ tenantId, _id: { $in: left } });
    expect(left.length - logged).toBeGreaterThan(0);

    // The next process: its outbox repair scan (every 200 ms here, every minute by default) drains what the killed
    // one left, which marks the days its events land in. No timer is due in this burst, so the sweeps fire nothing.
    const second = SECOND_API_PORT;
    await processes.start(
      ['api/src/main.ts'],
      { ...env, PORT: String(second), FUNNEL_SWEEP_INTERVAL_MS: '200', FUNNEL_OUTBOX_REPAIR_INTERVAL_MS: '200' },
      /Funnel is running/,
    );
    await outboxesEmptied(models, tenantId, 100);
    expect(await recordsWithOutboxes(models, tenantId)).toBe(0);
    const period = { from: Date.now() - 2 * DAY_MS + 5 * 3_600_000, to: Date.now() + DAY_MS };

    // Once the builder has caught up (nothing marked, today's summary past the last event), compare.
    const lastEvent = (await models.Event.findOne({ tenantId }, { at: 1 }).sort({ at: -1 }).lean())?.at ?? 0;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const days = await models.MetricDay.find({ tenantId, workflowKey: 'standard_trunk' }, { dirty: 1, through: 1, day: 1 }).lean();
      const today = days.find((d) => d.day === Math.floor(Date.now() / DAY_MS));
      if ((days.every((d) => !d.dirty) && (today?.through ?? 0) > lastEvent) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const check = await storedDaysAgainstLog(models, tenantId);
    expect(check.differ).toEqual([]);
    expect(check.marked).toBe(0);
    expect(await reportMismatches({ gql: (query, variables) => gql(second, manager, query, variables), models, tenantId, period })).toEqual([]);
  } finally {
    await close();
  }
}, 300_000);
