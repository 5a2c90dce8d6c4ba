// The stated scale (issue 21): one tenant with BENCH_RECORDS records (1,000,000 by default) and about BENCH_EVENTS events
// (5 a record by default) on the standard trunk with two pipelines (hunters from the lead stage, farmers from the
// opportunity stage), a year of history owned by 50 salespeople under 5 managers, every step decided by the engine
// and stored as the api stores it (_scale-history.ts), inserted through the driver. The store runs in its own
// process on a data directory (journal on), as `npm start` runs it; the api in this one, called through GraphQL.
// Prints the seed's rate, the metric summaries' backfill (days/s, events/s), `funnel`, `pipeline` and `calibration`
// over 365 and 30 days (p50 and p99 of BENCH_CALLS calls, 20), the first page of `records` by stage and by
// `dueBefore`, the store's resident memory, and the restart on that data: the store alone (spawn to listening) and
// the api as `npm start` runs it (api/src/main.ts, which starts its own store) until it answers a records query.
// BENCH_MONGODB_URI=<uri> runs it against that MongoDB instead (database `funnel_bench_<pid>`, dropped at the end;
// no store memory, the restart is the api's alone). BENCH_DATA_DIR=<empty dir> keeps the data directory (else a
// temporary one, removed at the end). Run: npx tsx api/bench/scale.ts   (BENCH_RECORDS=50000 for a quick run)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnEmbeddedMongo, type SpawnedEmbeddedMongo } from '@funnel/embedded-mongo';
import type { CompiledWorkflow } from '@funnel/engine';
import { getTemplate } from '@funnel/schemas';
import mongoose from 'mongoose';
import { pipelineRollupId, advancePipelineRollup } from '../src/metrics/pipeline-rollup';
import { createTenant } from '../src/services/create-tenant';
import { createFunnelServer, type FunnelServer } from '../src/yoga';
import { inProcessGraphql as gql } from './_graphql';
import { random, recordHistory, type RecordHistory, type ScalePeople } from './_scale-history';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? RECORDS * 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 20);
const MANAGERS = 5;
const SALES_PER_MANAGER = 10;
const MARKETERS = 3;
/** Records per insertMany (their events go in batches of their own, about five times as many). */
const INSERT_BATCH = 2_000;
const DAY_MS = 86_400_000;
const REPORT_P50_MS = 100;
const REPORT_P99_MS = 300;
const RECORDS_PAGE_MS = 50;
const RESTART_S = 30;
/** How often the restart polls the api until it answers. */
const POLL_MS = 100;
const WORKFLOW = 'standard_trunk';

/** One row of the table `pnpm bench` reads (artifacts/bench/scale.json); `met` is '' for a figure without a target. */
interface BenchRow {
  benchmark: string;
  value: number;
  unit: string;
  target: string;
  met: boolean | '';
}

const external = process.env.BENCH_MONGODB_URI || undefined;
/** BENCH_STORE_HEAP_MB: the store's V8 heap limit (`--max-old-space-size`); unset, node's default (a quarter of the memory, at most 4 GB). */
const HEAP_ARGS = process.env.BENCH_STORE_HEAP_MB ? [`--max-old-space-size=${Number(process.env.BENCH_STORE_HEAP_MB)}`] : [];
const dataRoot = process.env.BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'funnel-scale-'));
const storeDir = join(dataRoot, 'embedded-mongo');
const socketPath = join(tmpdir(), `funnel-bench-scale-${process.pid}.sock`);
const rows: BenchRow[] = [];
const where = external ? 'MongoDB (BENCH_MONGODB_URI)' : 'the embedded store';
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The nearest-rank percentile of `values`. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p * sorted.length) / 100) - 1)] ?? Number.NaN;
}

/** The machine's load averages (1, 5, 15 min). */
function loads(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}

/** Prints the rows as the other benchmarks do and writes them to artifacts/bench/scale.json. */
function report(): void {
  console.log('| benchmark | value | unit | target | met |');
  console.log('| --- | ---: | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.benchmark} | ${r.value} | ${r.unit} | ${r.target} | ${r.met === '' ? '' : r.met ? 'yes' : 'NO'} |`);
  mkdirSync('artifacts/bench', { recursive: true });
  writeFileSync('artifacts/bench/scale.json', JSON.stringify(rows, null, 2));
}

/** `uri` with its database set to one of this run's own. */
function benchDatabase(uri: string): string {
  const url = new URL(uri);
  url.pathname = `/funnel_bench_${process.pid}`;
  return url.toString();
}

/** The store on the bench's data directory, over its Unix socket, as `npm start` runs it. */
function startStore(): Promise<SpawnedEmbeddedMongo> {
  return spawnEmbeddedMongo({ dataDir: storeDir, socketPath, nodeArgs: HEAP_ARGS, log: (line) => console.error(line) });
}

/** A process's resident memory in bytes (Linux /proc), NaN when unreadable. */
function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.replace(/\D+/g, '')) * 1024 : Number.NaN;
}

/** Bytes of the files in a folder (not recursive: the store keeps its journal and snapshots flat). */
function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The id a create answered, or the answer itself in the error. */
function idOf(answer: Record<string, any>): string {
  if (typeof answer.id !== 'string') throw new Error(`refused: ${JSON.stringify(answer)}`);
  return answer.id;
}

/** 5 managers with 10 salespeople each, and 3 marketers, made through GraphQL. */
async function createPeople(server: FunnelServer, adminKey: string): Promise<ScalePeople> {
  const create = async (name: string, roles: string, managerId?: string) =>
    idOf(
      (
        await gql(
          server,
          adminKey,
          `mutation($i: CreateUserInput!) { createUser(input: $i) { ... on User { id } ... on ValidationFailed { diagnostics { message } } } }`,
          { i: { name, roles: [roles], ...(managerId ? { managerId } : {}) } },
        )
      ).createUser,
    );
  const sales: string[] = [];
  for (let m = 0; m < MANAGERS; m++) {
    const manager = await create(`Manager ${m}`, 'manager');
    for (let s = 0; s < SALES_PER_MANAGER; s++) sales.push(await create(`Sales ${m}.${s}`, 'sales', manager));
  }
  const marketing: string[] = [];
  for (let k = 0; k < MARKETERS; k++) marketing.push(await create(`Marketing ${k}`, 'marketing'));
  return { sales, marketing };
}

/** The standard trunk with two pipelines, published as version 1 through GraphQL; compiled as the api holds it. */
async function publishWorkflow(server: FunnelServer, adminKey: string, tenantId: string): Promise<CompiledWorkflow> {
  await gql(server, adminKey, `mutation { createWorkflowFromTemplate(input: { template: "${WORKFLOW}", publish: false }) { __typename } }`);
  const definition = {
    ...getTemplate(WORKFLOW).definition,
    pipelines: [
      { key: 'hunters', name: { en: 'New business' }, entryStage: 'lead' },
      { key: 'farmers', name: { en: 'Existing customers' }, entryStage: 'opportunity', probabilities: { opportunity: 25, product_trial: 50 } },
    ],
  };
  const saved = await gql(server, adminKey, 'mutation($d: JSON!) { saveWorkflowDraft(input: { key: "standard_trunk", definition: $d }) { __typename } }', {
    d: definition,
  });
  if (saved.saveWorkflowDraft.__typename !== 'Workflow') throw new Error(`the draft was refused: ${JSON.stringify(saved)}`);
  const published = await gql(server, adminKey, 'mutation { publishWorkflow(input: { key: "standard_trunk" }) { __typename } }');
  if (published.publishWorkflow.__typename !== 'WorkflowVersion') throw new Error(`the publish was refused: ${JSON.stringify(published)}`);
  return server.services.workflows.latest({ tenantId, key: WORKFLOW });
}

/**
 * RECORDS records with about EVENTS events: each record's activities are chosen so the events so far keep pace with
 * EVENTS (the steps and timers give the rest). Batches are built while the previous one is being inserted.
 */
async function seed(input: { server: FunnelServer; tenantId: string; workflow: CompiledWorkflow; people: ScalePeople; now: number }): Promise<number> {
  const { Record, Event } = input.server.services.models;
  const next = random(2026);
  let events = 0;
  let activities = 0;
  const byType = new Map<string, number>();
  let inFlight: Promise<unknown> = Promise.resolve();
  const started = performance.now();
  for (let from = 0; from < RECORDS; from += INSERT_BATCH) {
    const batch: RecordHistory[] = [];
    for (let index = from; index < Math.min(RECORDS, from + INSERT_BATCH); index++) {
      // Activities are what is left to reach EVENTS once the steps' own events (their average so far) are counted.
      const stepEvents = index === 0 ? 4 : (events - activities) / index;
      const want = (EVENTS - events) / (RECORDS - index) - stepEvents;
      const count = Math.max(0, Math.floor(want * 2 * next() + 0.5));
      const history = recordHistory({
        workflow: input.workflow,
        tenantId: input.tenantId,
        people: input.people,
        index,
        activities: count,
        now: input.now,
        next,
      });
      for (const event of history.events) byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
      activities = byType.get('activity_logged') ?? 0;
      events += history.events.length;
      batch.push(history);
    }
    await stillServing(inFlight, from, events);
    inFlight = Promise.all([Record.collection.insertMany(batch.map((h) => h.record) as never[], { ordered: false }), insertEvents(Event.collection, batch)]);
    if ((from / INSERT_BATCH) % 5 === 0) {
      const s = (performance.now() - started) / 1000;
      console.error(`seeded ${from.toLocaleString('en')} records, ${events.toLocaleString('en')} events in ${s.toFixed(0)} s`);
    }
  }
  await stillServing(inFlight, RECORDS, events);
  console.error(`events a record, by type: ${[...byType].map(([type, n]) => `${type} ${(n / RECORDS).toFixed(2)}`).join(', ')}`);
  return events;
}

/** Waits for the inserts in flight; a failure (a store out of memory) says how far the seed came. */
async function stillServing(inFlight: Promise<unknown>, records: number, events: number): Promise<void> {
  try {
    await inFlight;
  } catch (error) {
    const heap = HEAP_ARGS[0] ?? "node's default heap limit";
    throw new Error(`the seed stopped with about ${records} records and ${events} events sent (${heap}): ${(error as Error).message}`);
  }
}

/** A batch's events, in insertMany calls of about 10,000. */
async function insertEvents(events: mongoose.mongo.Collection, batch: RecordHistory[]): Promise<void> {
  const all = batch.flatMap((h) => h.events);
  for (let i = 0; i < all.length; i += 10_000) await events.insertMany(all.slice(i, i + 10_000) as never[], { ordered: false });
}

/** p50 and p99 of CALLS timed calls of `call`, in ms. */
async function timed(call: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return { p50: Math.round(percentile(times, 50)), p99: Math.round(percentile(times, 99)) };
}

/** Two rows, p50 and p99, each judged against its target when it has one. */
function latencyRows(name: string, { p50, p99 }: { p50: number; p99: number }, targets: { p50?: number; p99?: number }): BenchRow[] {
  return [
    targets.p50 === undefined
      ? { benchmark: `${name}: p50`, value: p50, unit: 'ms', target: '', met: '' }
      : { benchmark: `${name}: p50`, value: p50, unit: 'ms', target: `< ${targets.p50}`, met: p50 < targets.p50 },
    targets.p99 === undefined
      ? { benchmark: `${name}: p99`, value: p99, unit: 'ms', target: '', met: '' }
      : { benchmark: `${name}: p99`, value: p99, unit: 'ms', target: `< ${targets.p99}`, met: p99 < targets.p99 },
  ];
}

/** The reports with what the designer's dashboard asks of each (designer/src/api/graphql-documents.ts DASHBOARD_QUERY). */
const REPORTS = {
  funnel: `query($p: PeriodInput!) { funnel(workflowKey: "standard_trunk", period: $p) { __typename ... on FunnelReport {
    stages { stage entered conversionToNext cumulativeConversion timeInStage { count median p90 } }
    winRate { won lost rate } cycleLength { count median p90 } } } }`,
  pipeline: `query($p: PeriodInput!) { pipeline(workflowKey: "standard_trunk", period: $p) { __typename ... on PipelineReport {
    total { count amount weightedAmount } byStage { stage count amount weightedAmount } byOwner { ownerId owner { name } count amount weightedAmount } } } }`,
  calibration: `query($p: PeriodInput!) { calibration(workflowKey: "standard_trunk", period: $p) { __typename ... on CalibrationReport {
    rows { stage configured observed closed won } } } }`,
};

/**
 * The three reports over the past 365 and 30 days up to now (both ends mid-day, as an app may ask: the partial first
 * day is read from the log), and `funnel` and `calibration` over the last 365 and 30 whole UTC days up to the end of
 * today, as the web app's dashboard asks them (its `pipeline` asks no period: the rollup's A/B below measures it).
 * Both judged against the targets.
 */
async function measureReports(server: FunnelServer, key: string, now: number): Promise<void> {
  const endOfToday = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
  const dashboard = { funnel: REPORTS.funnel, calibration: REPORTS.calibration };
  const periods = [
    { label: '365 days', from: now - 365 * DAY_MS, to: now, reports: REPORTS, judged: true },
    { label: '30 days', from: now - 30 * DAY_MS, to: now, reports: REPORTS, judged: true },
    { label: "365 whole UTC days to the end of today (the dashboard's)", from: endOfToday - 365 * DAY_MS, to: endOfToday, reports: dashboard, judged: true },
    { label: "30 whole UTC days to the end of today (the dashboard's)", from: endOfToday - 30 * DAY_MS, to: endOfToday, reports: dashboard, judged: true },
  ];
  for (const { label, from, to, reports, judged } of periods) {
    const p = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    for (const [name, query] of Object.entries(reports)) {
      const answer = (await gql(server, key, query, { p }))[name];
      if (!String(answer?.__typename).endsWith('Report')) throw new Error(`${name}: ${JSON.stringify(answer)}`);
      const latency = await timed(() => gql(server, key, query, { p }));
      rows.push(...latencyRows(`\`${name}\`, ${label}`, latency, judged ? { p50: REPORT_P50_MS, p99: REPORT_P99_MS } : {}));
    }
  }
}

const RECORDS_PAGE = 'query($f: RecordFilter!) { records(filter: $f, first: 20) { edges { node { id stage } } } }';

/** The first page of `records` by stage (opportunity, an open stage of about one record in seven) and by `dueBefore` (a week ahead). */
async function measureRecordPages(server: FunnelServer, key: string, now: number): Promise<void> {
  const byStage = { workflowKey: WORKFLOW, stage: 'opportunity' };
  const due = { dueBefore: new Date(now + 7 * DAY_MS).toISOString() };
  for (const [name, filter] of [
    ['`records` first page, stage opportunity', byStage],
    ['`records` first page, dueBefore a week ahead', due],
  ] as const) {
    const page = await gql(server, key, RECORDS_PAGE, { f: filter });
    if (page.records.edges.length === 0) throw new Error(`${name}: the page is empty`);
    rows.push(...latencyRows(name, await timed(() => gql(server, key, RECORDS_PAGE, { f: filter })), { p50: RECORDS_PAGE_MS }));
  }
}

/** The pipeline rollup's baseline (a scan of the workflow's records, then the log since), to the end: records per second. */
async function measurePipelineRollup(server: FunnelServer, tenantId: string): Promise<boolean> {
  const { models, config } = server.services;
  const started = performance.now();
  try {
    while (await advancePipelineRollup({ models, tenantId, workflowKey: WORKFLOW, settleMs: config.eventFeedSettleMs }));
  } catch (error) {
    // Said, and the rest measured: the reports then answer from the `$group`, as they do before a baseline is done.
    const seconds = (performance.now() - started) / 1000;
    console.error(`the pipeline rollup's baseline failed after ${seconds.toFixed(0)} s: ${(error as Error).message}`);
    rows.push({
      benchmark: `pipeline rollup baseline: FAILED after ${seconds.toFixed(0)} s (${(error as Error).message})`,
      value: 0,
      unit: '',
      target: '',
      met: false,
    });
    return false;
  }
  const seconds = (performance.now() - started) / 1000;
  rows.push(
    { benchmark: 'pipeline rollup baseline: records', value: Math.round(RECORDS / seconds), unit: 'records/s', target: '', met: '' },
    { benchmark: 'pipeline rollup baseline: time', value: Number(seconds.toFixed(1)), unit: 's', target: '', met: '' },
  );
  return true;
}

/** The dashboard's pipeline (REPORTS.pipeline), its period optional: the designer asks without one. */
const PIPELINE_AB = REPORTS.pipeline.replace('$p: PeriodInput!', '$p: PeriodInput');

/** Rounds of the pipeline's A/B: the rollup, then the `$group` it replaced, alternately (BENCH_PIPELINE_AB_ROUNDS; 0 skips it). */
const PIPELINE_AB_ROUNDS = Number(process.env.BENCH_PIPELINE_AB_ROUNDS ?? 3);

/**
 * The pipeline over all time, 365 and 30 days from the rollup and from the `$group` over the records (what it answered from
 * before the rollup, and still does while a workflow's baseline is not done: the rollup's cursor set aside), alternately
 * in PIPELINE_AB_ROUNDS rounds of BENCH_CALLS calls each; the median of the rounds' p50s and p99s.
 */
async function measurePipelineAB(server: FunnelServer, key: string, tenantId: string, now: number): Promise<void> {
  const { models } = server.services;
  const _id = pipelineRollupId({ tenantId, workflowKey: WORKFLOW });
  const rollup = await models.PipelineRollup.findOne({ tenantId, _id }).lean();
  if (!rollup?.cursor) throw new Error('the pipeline rollup is not built');
  for (const [label, days] of [
    ['all time (the dashboard)', null],
    ['365 days', 365],
    ['30 days', 30],
  ] as const) {
    const p = days === null ? null : { from: new Date(now - days * DAY_MS).toISOString(), to: new Date(now).toISOString() };
    const runs: Record<'rollup' | 'group', { p50: number; p99: number }[]> = { rollup: [], group: [] };
    for (let round = 0; round < PIPELINE_AB_ROUNDS; round++) {
      runs.rollup.push(await timed(() => gql(server, key, PIPELINE_AB, { p })));
      await models.PipelineRollup.updateOne({ tenantId, _id }, { $set: { cursor: null } });
      runs.group.push(await timed(() => gql(server, key, PIPELINE_AB, { p })));
      await models.PipelineRollup.updateOne({ tenantId, _id }, { $set: { cursor: rollup.cursor } });
    }
    for (const [path, name] of [
      ['rollup', 'from the rollup'],
      ['group', 'from the $group (before)'],
    ] as const) {
      const median = (of: 'p50' | 'p99') =>
        percentile(
          runs[path].map((run) => run[of]),
          50,
        );
      rows.push(...latencyRows(`\`pipeline\`, ${label}, ${name}, median of ${PIPELINE_AB_ROUNDS} rounds`, { p50: median('p50'), p99: median('p99') }, {}));
    }
  }
}

/** The metric summaries' backfill of the tenant, to the end: days and events per second. */
async function measureBackfill(server: FunnelServer, tenantId: string, events: number): Promise<void> {
  const started = performance.now();
  while (await server.services.metricSummaries.buildDue(tenantId));
  const seconds = (performance.now() - started) / 1000;
  const job = await server.services.models.Job.findOne({ tenantId, kind: 'metrics' }).lean();
  const days = Number(job?.processed ?? 0);
  rows.push(
    { benchmark: 'metric summaries backfill: days', value: Number((days / seconds).toFixed(1)), unit: 'days/s', target: '', met: '' },
    { benchmark: 'metric summaries backfill: events', value: Math.round(events / seconds), unit: 'events/s', target: '', met: '' },
    { benchmark: 'metric summaries backfill: time', value: Number(seconds.toFixed(1)), unit: 's', target: '', met: '' },
  );
}

/**
 * The api as `npm start` runs it (api/src/main.ts, with its own store on the same data directory, or MONGODB_URI),
 * from spawn until a records query answers: seconds, and the child to stop.
 */
async function restartApi(input: { key: string; uri: string | undefined }): Promise<{ seconds: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    // NODE_OPTIONS reaches the store main.ts spawns too: how an operator raises the store's heap.
    env: {
      ...process.env,
      PORT: String(port),
      FUNNEL_DATA_DIR: dataRoot,
      ...(input.uri ? { MONGODB_URI: input.uri } : {}),
      ...(HEAP_ARGS.length > 0 ? { NODE_OPTIONS: [process.env.NODE_OPTIONS, ...HEAP_ARGS].filter(Boolean).join(' ') } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the api exited with ${child.exitCode} before it answered`);
    const answered = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${input.key}` },
      body: JSON.stringify({ query: RECORDS_PAGE, variables: { f: { workflowKey: WORKFLOW, stage: 'opportunity' } } }),
    })
      .then(async (response) => ((await response.json()) as { data?: { records?: { edges: unknown[] } } }).data?.records?.edges.length ?? 0)
      .catch(() => 0);
    if (answered > 0) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

console.error(`scale bench on ${where}: ${RECORDS.toLocaleString('en')} records, about ${EVENTS.toLocaleString('en')} events; load ${loads()}`);
const store = external ? null : await startStore();
/** The empty store's resident memory, taken off the per-million figure. */
const emptyRss = store ? rssOf(store.pid) : 0;
const uri = external ? benchDatabase(external) : (store?.socketUri ?? store?.uri ?? '');
const server = await createFunnelServer({
  uri,
  config: { metricsBuildIntervalMs: 0, sweepIntervalMs: 0, deliveryPollMs: 0, log: (line) => console.error(line) },
});
const { tenant, adminKey } = await createTenant({ models: server.services.models, name: 'Scale bench' });
const people = await createPeople(server, adminKey);
const workflow = await publishWorkflow(server, adminKey, tenant._id);
const now = Date.now();

const seeding = performance.now();
const events = await seed({ server, tenantId: tenant._id, workflow, people, now });
const seedSeconds = (performance.now() - seeding) / 1000;
console.error(`seeded ${RECORDS.toLocaleString('en')} records and ${events.toLocaleString('en')} events in ${seedSeconds.toFixed(0)} s`);
rows.push(
  {
    benchmark: `seed through the driver: ${RECORDS.toLocaleString('en')} records, ${events.toLocaleString('en')} events`,
    value: Math.round(seedSeconds),
    unit: 's',
    target: '',
    met: '',
  },
  { benchmark: 'seed: records built by the engine and inserted', value: Math.round(RECORDS / seedSeconds), unit: 'records/s', target: '', met: '' },
);

const rollupBuilt = await measurePipelineRollup(server, tenant._id);
await measureBackfill(server, tenant._id, events);
await measureReports(server, adminKey, Date.now());
if (rollupBuilt && PIPELINE_AB_ROUNDS > 0) await measurePipelineAB(server, adminKey, tenant._id, Date.now());
await measureRecordPages(server, adminKey, Date.now());
if (store) rows.push({ benchmark: 'store resident memory after the seed and the reports', value: mb(rssOf(store.pid)), unit: 'MB', target: '', met: '' });
await server.close();
await store?.close();

if (store) {
  rows.push({ benchmark: 'data directory on disk', value: mb(folderBytes(storeDir)), unit: 'MB', target: '', met: '' });
  const started = performance.now();
  const again = await startStore();
  const storeSeconds = (performance.now() - started) / 1000;
  const rss = rssOf(again.pid);
  rows.push(
    { benchmark: 'restart: the store alone, spawn to listening', value: Number(storeSeconds.toFixed(1)), unit: 's', target: '', met: '' },
    { benchmark: 'store resident memory after a restart', value: mb(rss), unit: 'MB', target: '', met: '' },
    {
      benchmark: `store resident memory per million records with their events, above the empty store's ${mb(emptyRss)} MB (after a restart)`,
      value: mb((rss - emptyRss) / (RECORDS / 1_000_000)),
      unit: 'MB',
      target: '',
      met: '',
    },
  );
  await again.close();
}
const restart = await restartApi({ key: adminKey, uri: external ? uri : undefined });
rows.push({
  benchmark: `restart: the api and ${external ? 'its connection' : 'its store'} (npm start) until a records query answers`,
  value: Number(restart.seconds.toFixed(1)),
  unit: 's',
  target: `< ${RESTART_S}`,
  met: restart.seconds < RESTART_S,
});
await restart.stop();

console.log(`\nRan on ${where}, ${RECORDS.toLocaleString('en')} records and ${events.toLocaleString('en')} events; load ${loads()}\n`);
report();
if (external) {
  const connection = await mongoose.createConnection(uri).asPromise();
  await connection.dropDatabase();
  await connection.close();
}
if (!process.env.BENCH_DATA_DIR) rmSync(dataRoot, { recursive: true, force: true });
process.exit(0);
