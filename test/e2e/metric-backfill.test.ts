import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { applyTransition, compile, createRecord, dayOf, logActivity, type Decision, type FunnelEvent, type FunnelRecord } from '@funnel/engine';
import { getTemplate } from '@funnel/schemas';
import { metricsJobId, openModels } from '@funnel/api';
import { storedDaysAgainstLog } from './metric-summary-check';
import { freePorts, kill, TestProcesses } from './processes';

// The summaries of existing data are built by a background job with progress, correct under two api
// processes on one store, one of them killed with SIGKILL while it holds the job: the other takes the job over once
// its heartbeat is stale and resumes it from its last saved day; every day ends up equal to its recomputation.

const DAY_MS = 86_400_000;
const { STORE_PORT, API_PORT, SECOND_API_PORT } = await freePorts(['STORE_PORT', 'API_PORT', 'SECOND_API_PORT']);
const API_PORTS = [API_PORT, SECOND_API_PORT];
/** Ninety days of history: the job has ninety-odd days to build. */
const HISTORY_DAYS = 90;
const RECORDS = 1500;
const TENANT = 'c'.repeat(24);
/** How long a silent holder keeps the job: short, so the takeover happens within the test. */
const STALE_MS = 3000;
const processes = new TestProcesses();

/** The store's data directories this file made: removed once its processes are stopped. */
const dataDirs: string[] = [];
afterAll(async () => {
  await processes.stop();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** Park and Miller's minimal standard generator: the seeded history is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

/** The process group of a process (field 5 of /proc/<pid>/stat, after the parenthesized command). */
function processGroupOf(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[2]);
  } catch {
    return undefined;
  }
}

/** Records that went some way down the standard trunk over the ninety days, as the engine would have moved them, with their events. */
function history(now: number): { records: FunnelRecord[]; events: (FunnelEvent & { _id: string; seq: number; version: number })[] } {
  const compiled = compile(getTemplate('standard_trunk').definition, { version: 1 });
  if (!compiled.ok) throw new Error('the standard trunk does not compile');
  const workflow = compiled.workflow;
  const actor = { id: 'seed', roles: ['admin', 'manager', 'marketing', 'sales'] as ('admin' | 'manager' | 'marketing' | 'sales')[] };
  const next = random(21);
  const records: FunnelRecord[] = [];
  const events: (FunnelEvent & { _id: string; seq: number; version: number })[] = [];
  const paths = [
    ['qualify', 'accept', 'create_opportunity', 'start_trial', 'negotiate', 'win'],
    ['qualify', 'accept', 'create_opportunity', 'lose'],
    ['qualify', 'accept', 'call'],
    ['disqualify', 'reactivate', 'qualify'],
  ];
  for (let i = 0; i < RECORDS; i++) {
    let at = now - HISTORY_DAYS * DAY_MS + Math.floor(next() * (HISTORY_DAYS - 10) * DAY_MS);
    const fields = {
      name: `Lead ${i}`,
      phone: '+1 555 0100',
      email: `lead${i}@x.example`,
      product: 'Seats',
      seats: 3,
      companyName: 'Acme',
      companyVerified: true,
      amount: 1000 + i,
    };
    const keep = (decision: Decision): FunnelRecord => {
      if (decision.type !== 'applied') throw new Error(`seed step refused: ${JSON.stringify(decision)}`);
      decision.events.forEach((event, seq) =>
        events.push({
          ...event,
          _id: `r${i}:${String(decision.record.version).padStart(10, '0')}:${String(seq).padStart(4, '0')}`,
          seq,
          version: decision.record.version,
        }),
      );
      return decision.record;
    };
    let record = keep(createRecord({ workflow, id: `r${i}`, fields, actor, now: at }));
    const path = paths[i % paths.length] as string[];
    for (const step of path.slice(0, 1 + Math.floor(next() * path.length))) {
      at += Math.floor(next() * 3 * DAY_MS);
      record =
        step === 'call'
          ? keep(logActivity({ workflow, record, activity: { type: 'call', outcome: 'answered' }, actor, now: at }))
          : keep(applyTransition({ workflow, record, transition: step, actor, now: at, ...(step === 'lose' ? { input: { reason: 'price' } } : {}) }));
    }
    records.push(record);
  }
  return { records, events };
}

it('two api processes build ninety days of summaries in one job with progress, one killed mid-way, each day equal to the log', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'funnel-backfill-'));
  dataDirs.push(dataDir);
  await processes.start(['embedded-mongo/src/main.ts', '--port', String(STORE_PORT), '--data-dir', dataDir], {}, /listen|127\.0\.0\.1|ready/i);
  const uri = `mongodb://127.0.0.1:${STORE_PORT}/funnel`;
  const { models, close } = await openModels(uri);
  try {
    const { records, events } = history(Date.now());
    const definition = getTemplate('standard_trunk').definition;
    await models.Tenant.create({ _id: TENANT, tenantId: TENANT, name: 'Backfill', demo: false, createdAt: new Date() });
    await models.WorkflowVersion.create({
      _id: 'd'.repeat(24),
      tenantId: TENANT,
      workflowKey: 'standard_trunk',
      version: 1,
      definition,
      publishedAt: new Date(),
      publishedBy: 'seed',
    });
    await models.Workflow.collection.insertOne({
      _id: 'e'.repeat(24),
      tenantId: TENANT,
      key: 'standard_trunk',
      name: 'Trunk',
      latestVersion: 1,
      createdAt: new Date(),
    } as never);
    await models.Record.collection.insertMany(
      records.map(({ id, ...state }) => ({ ...state, _id: id, tenantId: TENANT, hasExtension: false, outbox: [], contact: {} })) as never[],
    );
    await models.Event.collection.insertMany(events.map((e) => ({ ...e, tenantId: TENANT, workflowKey: 'standard_trunk' })) as never[]);

    // No settle time: the last closed day is yesterday by the clock, as the test counts it.
    const env = {
      MONGODB_URI: uri,
      FUNNEL_SWEEP_INTERVAL_MS: '0',
      FUNNEL_METRICS_BUILD_INTERVAL_MS: '50',
      FUNNEL_METRICS_DAY_SETTLE_MS: '0',
      FUNNEL_JOB_STALE_AFTER_MS: String(STALE_MS),
    };
    const apis = await Promise.all(API_PORTS.map((port) => processes.start(['api/src/main.ts'], { ...env, PORT: String(port) }, /Funnel is running/)));
    const jobId = metricsJobId(TENANT, 'standard_trunk');
    const job = () => models.Job.findOne({ tenantId: TENANT, _id: jobId }).lean();

    // Progress shows while the job runs; once a third is done, the process holding it is killed.
    const seen: number[] = [];
    let killedPid: number | undefined;
    const deadline = Date.now() + 180_000;
    for (let j = await job(); j?.status !== 'done' && Date.now() < deadline; j = await job()) {
      if (j) seen.push(j.processed);
      if (j && killedPid === undefined && j.processed >= j.total / 3 && j.runner) {
        // The runner names the api's own node process; the test started `npx tsx`, whose process group it is in.
        const group = processGroupOf(Number(j.runner.split(':')[0]));
        const victim = apis.find((api) => api.pid === group);
        killedPid = victim?.pid;
        if (victim) kill(victim, 'SIGKILL');
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const done = await job();
    const firstDay = dayOf(Math.min(...events.map((e) => e.at)));
    const yesterday = dayOf(Date.now()) - 1;
    expect(done).toMatchObject({ kind: 'metrics', status: 'done', total: yesterday - firstDay + 1, processed: yesterday - firstDay + 1 });
    expect(killedPid).toBeDefined();
    // The progress a reader saw only grew, and the job was seen part-way.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.some((n) => n > 0 && n < (done?.total ?? 0))).toBe(true);

    const check = await storedDaysAgainstLog(models, TENANT);
    expect(check.differ).toEqual([]);
    expect(check.marked).toBe(0);
    // Every day from the first with data to yesterday, and today's so far.
    expect(check.stored).toBeGreaterThanOrEqual(yesterday - firstDay + 2);
  } finally {
    await close();
  }
}, 300_000);
