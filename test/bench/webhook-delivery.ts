// Issue 18's webhook benchmark: (a) deliveries per second to a local receiver answering 204 at once, from a backlog
// of 10,000 logged events; (b) event-to-delivery lag p50/p99 while transitions log a steady 1,000 webhook events a
// second (target p99 under 2 s); (c) the mutation rate of api/bench/transitions.ts's load (its load client, 10
// clients) with two endpoints configured against none, alternating runs (targets: no more than 10 % lower, and not
// below 1,800 mutations/s). Four processes, as `npm start` and a receiver elsewhere would be: the store
// (spawnEmbeddedMongo, in memory, over its Unix socket), the api (this one, over HTTP, on the system clock, with the
// default config), the receiver (test/e2e/webhook-receiver.ts) and the load.
// Run: npx tsx test/bench/webhook-delivery.ts   BENCH_ONLY=throughput,lag,mutations runs some parts; BENCH_BACKLOG_RECORDS
// (2,000: five events each), BENCH_LAG_WINDOW_MS and BENCH_OPS change sizes; the api's numeric FUNNEL_ settings apply as
// for `npm start` (e.g. FUNNEL_WEBHOOK_CONCURRENCY, its requests at once per endpoint); BENCH_STORE_PROFILE_DIR=<dir>
// writes the store's CPU profile (node --cpu-prof --import
// tsx for the api's); BENCH_DEBUG=1 prints the deliveries' statuses while it waits.
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createFunnelServer, createHttpServer } from '@funnel/api';
import { getTemplate } from '@funnel/schemas';
import type { LoadPlan, LoadResult } from '../../api/bench/_load-client-protocol';
import { limitsFromEnv } from '../../api/src/config';
import { type BenchRow as Row, percentile, report } from './_bench-report';
import { benchStore, cpuUsOf, helper, runHelper } from './_helper-process';
import type { DriverPlan, DriverRecord, DriverResult } from './_transition-driver';
import type { Arrival, ReceiverReply, ReceiverRequest } from './_webhook-receiver-process';

const ROOT = 'bench-root-key';
/** (a) Records imported (one record.created each) and moved once round the cycle (four events each): 10,000 events. */
const BACKLOG_RECORDS = Number(process.env.BENCH_BACKLOG_RECORDS ?? 2000);
/** (b) The steady rate, the unmeasured start, the measured window and the target. */
const LAG_EVENTS_PER_SECOND = 1000;
const LAG_WARMUP_MS = 2000;
const LAG_WINDOW_MS = Number(process.env.BENCH_LAG_WINDOW_MS ?? 10_000);
const MAX_LAG_P99_MS = 2000;
/** (b) Requests the paced load may have open at once; more due means the api fell behind (the driver says by how much). */
const LAG_MAX_IN_FLIGHT = 200;
/** (c) As api/bench/transitions.ts: 10 clients, 3,000 measured mutations after the load client's warm-up. */
const CLIENTS = 10;
const OPS = Number(process.env.BENCH_OPS ?? 3000);
const RUNS_EACH = 3;
const MAX_RATE_DROP = 0.1;
const MIN_MUTATIONS_PER_SECOND = 1800;
/** The webhook types the load's transitions and imports make; every endpoint here asks for all of them. */
const EVENT_TYPES = ['record.created', 'record.transitioned', 'record.assigned'];
/** (a) How long the backlog may take to arrive; then the rate is of what arrived. */
const BACKLOG_DEADLINE_MS = 300_000;
/** (b) How long after the paced load the rest of its events may take to arrive; what has not counts with its lag so far. */
const LAG_DRAIN_MS = 60_000;
/** How long the store may take to hold every delivery of what was committed (the drain and fan-out). */
const FAN_OUT_DEADLINE_MS = 60_000;
/** The sender is idle once the receiver got nothing for this long (after its endpoints were deleted). */
const QUIET_MS = 500;
const POLL_MS = 20;
const DEBUG_EVERY_MS = 5000;

const PARTS = ['throughput', 'lag', 'mutations'] as const;
const only = new Set((process.env.BENCH_ONLY ?? PARTS.join(',')).split(','));
for (const part of only) if (!PARTS.includes(part as never)) throw new Error(`BENCH_ONLY: unknown part "${part}" (known: ${PARTS.join(', ')})`);

/** Nearest-rank percentile. */
const median = (values: number[]) => percentile(values, 50);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const load1 = () => loadavg()[0]?.toFixed(2) ?? '?';

/** Throws with `message` unless `ok`: the load must really have been what the figure says it was. */
function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

/**
 * Waits until `done()` holds or `ms` pass; whether it held. BENCH_DEBUG=1 prints how the deliveries stand every 5 s.
 */
async function until(what: string, done: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (let next = Date.now() + DEBUG_EVERY_MS; !(await done()); await sleep(POLL_MS)) {
    if (Date.now() > deadline) return false;
    if (process.env.BENCH_DEBUG && Date.now() > next) {
      const statuses = await WebhookDelivery.collection.aggregate([{ $group: { _id: '$status', n: { $sum: 1 } } }]).toArray();
      console.error(`${what}: waiting; deliveries ${JSON.stringify(statuses)}`);
      next = Date.now() + DEBUG_EVERY_MS;
    }
  }
  return true;
}

/** The receiver's process, asked one thing at a time over IPC. */
async function startReceiver() {
  const child = helper('./_webhook-receiver-process.ts', [], true);
  const listening = await new Promise<{ allowedHost: string; url: string }>((resolve) => child.once('message', resolve as never));
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <T extends ReceiverRequest>(request: T): Promise<Extract<ReceiverReply, { type: T['type'] }>> => {
    const asked = queue.then(
      () =>
        new Promise<Extract<ReceiverReply, { type: T['type'] }>>((resolve) => {
          child.once('message', resolve as never);
          child.send(request);
        }),
    );
    queue = asked;
    return asked;
  };
  return {
    ...listening,
    pid: child.pid,
    count: async (path: string) => (await ask({ type: 'count', path })).count,
    take: async (path: string): Promise<Arrival[]> => (await ask({ type: 'take', path })).arrivals,
    close: () => child.disconnect(),
  };
}

// The store in its own process over its Unix socket, as `npm start` runs it; the receiver in its own.
const mongo = await benchStore('hooks');
const receiver = await startReceiver();
const api = await createFunnelServer({
  uri: mongo.socketUri ?? mongo.uri,
  config: {
    rootKey: ROOT,
    sweepIntervalMs: 0,
    webhookAllowedHosts: [receiver.allowedHost],
    // The defaults, unless FUNNEL_ variables say otherwise, as for `npm start`.
    ...limitsFromEnv(process.env),
    log: (line) => console.error(line),
  },
});
const http = createHttpServer(api);
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
const { WebhookDelivery } = api.services.models;

async function gql(key: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const out = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  check(!out.errors && !!out.data, `${query.slice(0, 60)}…: ${JSON.stringify(out)}`);
  return out.data as Record<string, any>;
}

const tenant = await gql(ROOT, 'mutation { createTenant(input: { name: "Hooks" }) { ... on CreateTenantPayload { adminKey } } }');
const admin = tenant.createTenant.adminKey as string;
// The standard trunk without its assignment rules: imported leads stay with the admin who imports them, whose
// transitions the load sends. Routed round the sales team, which this tenant does not have, they would all go to the
// pool (no_one_available), where the load's first transition is refused.
const trunk = { ...getTemplate('standard_trunk').definition, assignment: undefined };
await gql(admin, 'mutation($i: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $i) { __typename } }', { i: { key: 'standard_trunk', definition: trunk } });
await gql(admin, 'mutation { publishWorkflow(input: { key: "standard_trunk" }) { __typename } }');

/** A new endpoint on the receiver's `path`, asking for every type the load makes; its id. */
async function createEndpoint(path: string): Promise<string> {
  const made = await gql(
    admin,
    'mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { __typename ... on WebhookEndpointSecretPayload { endpoint { id } } } }',
    { i: { url: `${receiver.url}${path}`, events: EVENT_TYPES, description: path } },
  );
  check(made.createWebhookEndpoint.__typename === 'WebhookEndpointSecretPayload', `endpoint ${path}: ${JSON.stringify(made)}`);
  return made.createWebhookEndpoint.endpoint.id as string;
}

async function deleteEndpoint(id: string): Promise<void> {
  await gql(admin, 'mutation($i: DeleteWebhookEndpointInput!) { deleteWebhookEndpoint(input: $i) { __typename } }', { i: { id } });
}

/** `count` leads imported by CSV (1,000 a request, inline), in the cycle's first stage; every record of the tenant. */
async function importLeads(count: number): Promise<DriverRecord[]> {
  const IMPORT_ROWS = 1000;
  for (let from = 0; from < count; from += IMPORT_ROWS) {
    const rows = Array.from({ length: Math.min(IMPORT_ROWS, count - from) }, (_, i) => `Lead ${from + i},lead${from + i}@hooks.example,Company ${from + i}`);
    const job = await gql(admin, 'mutation($i: ImportRecordsInput!) { importRecords(input: $i) { __typename ... on Job { status processed } } }', {
      i: { workflowKey: 'standard_trunk', csv: ['name,email,companyName', ...rows].join('\n') },
    });
    check(job.importRecords.status === 'done' && job.importRecords.processed === rows.length, `import: ${JSON.stringify(job)}`);
  }
  const records = (await api.services.models.Record.collection
    .find({}, { projection: { version: 1 } })
    .sort({ _id: 1 })
    .toArray()) as unknown as {
    _id: string;
    version: number;
  }[];
  return records.map((r) => ({ id: r._id, version: r.version, step: 0 }));
}

/** The setting that bounds a sender's rate to one endpoint, as the rows say it. */
const concurrency = () => `${api.services.config.webhookConcurrency} requests at once`;

const pendingOf = (endpointIds: string[]) => WebhookDelivery.collection.countDocuments({ endpointId: { $in: endpointIds }, status: 'pending' } as never);

/** Deletes the endpoints (what waits for them is given up) and waits until the sender has nothing in flight to the receiver. */
async function dropEndpoints(ids: string[], paths: string[]): Promise<number> {
  for (const id of ids) await deleteEndpoint(id);
  let arrived = 0;
  for (let last = -1; arrived !== last; await sleep(QUIET_MS)) {
    last = arrived;
    for (const path of paths) arrived += (await receiver.take(path)).length;
  }
  return arrived;
}

/** The api's, the store's and the receiver's CPU so far, in µs. */
const cpuNow = () => {
  const api = process.cpuUsage();
  return { api: api.user + api.system, store: cpuUsOf(mongo.pid), receiver: cpuUsOf(receiver.pid) };
};

/** Commits the backlog while the sender is stopped: the records imported with their endpoint there, then one cycle each. */
async function commitBacklog(records: DriverRecord[], endpoint: string): Promise<number> {
  await api.services.deliveries.webhooks.stop();
  const imported = await importLeads(BACKLOG_RECORDS);
  const driven = await runHelper<DriverResult>('./_transition-driver.ts', {
    type: 'backlog',
    url,
    key: admin,
    records: imported,
    concurrency: CLIENTS,
    steps: 3,
  } satisfies DriverPlan);
  records.push(...driven.records);
  const expected = BACKLOG_RECORDS + driven.events;
  // Every event is in the log and fanned out before the clock starts.
  const stored = await until('the backlog stored as deliveries', async () => (await pendingOf([endpoint])) === expected, FAN_OUT_DEADLINE_MS);
  check(stored, `the backlog's ${expected} deliveries were not all stored`);
  return expected;
}

/** (a) A backlog of logged events, stored as deliveries while the sender is stopped, then sent: deliveries per second. */
async function measureThroughput(records: DriverRecord[]): Promise<Row[]> {
  const loadBefore = load1();
  const endpoint = await createEndpoint('/backlog');
  const expected = await commitBacklog(records, endpoint);
  const cpu = cpuNow();
  const started = Date.now();
  api.services.deliveries.webhooks.start();
  const all = await until('the backlog delivered', async () => (await receiver.count('/backlog')) >= expected, BACKLOG_DEADLINE_MS);
  const used = cpuNow();
  const arrivals = await receiver.take('/backlog');
  const lastArrival = Math.max(...arrivals.map((a) => a.arrivedAt));
  const rate = arrivals.length / ((lastArrival - started) / 1000);
  await dropEndpoints([endpoint], ['/backlog']);
  console.log(`throughput: ${arrivals.length} of ${expected} deliveries in ${lastArrival - started} ms; load ${loadBefore} → ${load1()}`);
  const perDelivery = (part: keyof typeof cpu) => Math.round((used[part] - cpu[part]) / arrivals.length);
  const whole = all ? '' : ` (${arrivals.length} of them arrived within ${BACKLOG_DEADLINE_MS / 1000} s)`;
  return [
    {
      benchmark: `webhook deliveries/s, a backlog of ${expected} events, one endpoint, ${concurrency()}${whole}`,
      value: Math.round(rate),
      unit: 'deliveries/s',
      target: '',
      met: '',
    },
    { benchmark: 'backlog: api process CPU per delivery', value: perDelivery('api'), unit: 'µs', target: '', met: '' },
    { benchmark: 'backlog: store process CPU per delivery', value: perDelivery('store'), unit: 'µs', target: '', met: '' },
    { benchmark: 'backlog: receiver process CPU per delivery', value: perDelivery('receiver'), unit: 'µs', target: '', met: '' },
  ];
}

/**
 * Each measured event's lag: its arrival at the receiver less its `at`, the api's clock when it decided, just before the
 * commit (tenants are on the system clock here). Events that have not arrived are the last committed (each lane is
 * sent in commit order, and the oldest are due first): each counts in the window with the least lag it can have.
 */
function lagsOf(input: { arrivals: Arrival[]; events: number; from: number; to: number }): { lags: number[]; missing: number } {
  const lags = input.arrivals.filter((a) => a.at >= input.from && a.at < input.to).map((a) => a.arrivedAt - a.at);
  const missing = input.events - input.arrivals.length;
  const atLeast = Date.now() - input.to;
  for (let i = 0; i < missing; i++) lags.push(atLeast);
  return { lags, missing };
}

/** (b) Transitions paced to LAG_EVENTS_PER_SECOND webhook events a second, one endpoint: each event's commit-to-arrival lag. */
async function measureLag(records: DriverRecord[]): Promise<Row[]> {
  const loadBefore = load1();
  const endpoint = await createEndpoint('/lag');
  const driven = await runHelper<DriverResult>('./_transition-driver.ts', {
    type: 'paced',
    url,
    key: admin,
    records,
    concurrency: LAG_MAX_IN_FLIGHT,
    eventsPerSecond: LAG_EVENTS_PER_SECOND,
    durationMs: LAG_WARMUP_MS + LAG_WINDOW_MS,
  } satisfies DriverPlan);
  // What the endpoint is owed is what the log holds: the driver counts two events for every disqualify, and a record's
  // second one (reactivate left it without an owner) releases nobody, so logs no record.assigned.
  await api.services.drainer.flushDrains();
  const owed = await WebhookDelivery.collection.countDocuments({ endpointId: endpoint } as never);
  check(owed > 0 && owed <= driven.events, `${owed} deliveries stored for the ${driven.events} webhook events the driver counted`);
  const all = await until('the paced events delivered', async () => (await receiver.count('/lag')) >= owed, LAG_DRAIN_MS);
  const arrivals = await receiver.take('/lag');
  await dropEndpoints([endpoint], ['/lag']);
  const from = driven.startedAt + LAG_WARMUP_MS;
  const to = from + LAG_WINDOW_MS;
  const { lags, missing } = lagsOf({ arrivals, events: owed, from, to });
  const p99 = percentile(lags, 99);
  const late = all ? '' : ` (${missing} not arrived ${LAG_DRAIN_MS / 1000} s after the load: a lower bound)`;
  console.log(
    `lag: ${lags.length} events in the window, ${arrivals.length} of ${owed} arrived (the driver counted ${driven.events}), schedule behind at most ${Math.round(driven.maxBehindMs)} ms; load ${loadBefore} → ${load1()}`,
  );
  return [
    {
      benchmark: `event-to-delivery lag p99 at ${LAG_EVENTS_PER_SECOND} events/s, one endpoint, ${concurrency()}${late}`,
      value: Math.round(p99),
      unit: 'ms',
      target: `< ${MAX_LAG_P99_MS}`,
      met: p99 < MAX_LAG_P99_MS,
    },
    { benchmark: 'event-to-delivery lag p50', value: Math.round(median(lags)), unit: 'ms', target: '', met: '' },
    {
      benchmark: 'webhook events committed/s in the measured window',
      value: Math.round(lags.length / (LAG_WINDOW_MS / 1000)),
      unit: 'events/s',
      target: '',
      met: '',
    },
    { benchmark: 'paced transitions: p99 of their answers', value: Math.round(percentile(driven.latencies, 99)), unit: 'ms', target: '', met: '' },
  ];
}

/**
 * One run of api/bench/transitions.ts's load on `ids`; the api's CPU per mutation and how busy its event loop was
 * (whether the api or the store is the limit), after the client's warm-up.
 */
async function mutationRun(ids: string[]): Promise<MutationRun> {
  const found = (await api.services.models.Record.collection.find({ _id: { $in: ids } } as never, { projection: { version: 1 } }).toArray()) as unknown as {
    _id: string;
    version: number;
  }[];
  const versions = ids.map((id) => found.find((r) => r._id === id)?.version as number);
  let warmed = process.cpuUsage();
  let loop = performance.eventLoopUtilization();
  const plan: LoadPlan = { type: 'graphql-transition', url, key: admin, clients: CLIENTS, ops: OPS, ids, versions };
  const result = await runHelper<LoadResult>('../../api/bench/_load-client.ts', plan, () => {
    warmed = process.cpuUsage();
    loop = performance.eventLoopUtilization();
  });
  const cpu = process.cpuUsage(warmed);
  const loopPercent = 100 * performance.eventLoopUtilization(loop).utilization;
  return { perSecond: result.perSecond, apiCpuUs: (cpu.user + cpu.system) / result.latencies.length, loopPercent };
}

type MutationRun = { perSecond: number; apiCpuUs: number; loopPercent: number };

/**
 * (c) The mutation rate with two endpoints against none, alternating, RUNS_EACH runs each. The sender works while the
 * load runs; what it has not sent by the end is given up with the endpoints, so no run inherits another's deliveries.
 */
async function measureMutations(records: DriverRecord[]): Promise<Row[]> {
  const ids = records.filter((r) => r.step === 0);
  check(ids.length === CLIENTS, `${ids.length} of ${CLIENTS} records in the cycle's first stage`);
  const runs = { none: [] as MutationRun[], two: [] as MutationRun[] };
  for (let run = 0; run < 2 * RUNS_EACH; run++) {
    const two = run % 2 === 1;
    const loadBefore = load1();
    const endpoints = two ? [await createEndpoint('/a'), await createEndpoint('/b')] : [];
    const measured = await mutationRun(ids.map((r) => r.id));
    const pending = await pendingOf(endpoints);
    const arrived = await dropEndpoints(endpoints, ['/a', '/b']);
    (two ? runs.two : runs.none).push(measured);
    console.log(
      `mutations, ${two ? 'two endpoints' : 'no endpoint'}: ${Math.round(measured.perSecond)}/s, api CPU ${Math.round(measured.apiCpuUs)} µs each, ` +
        `its event loop ${Math.round(measured.loopPercent)} % busy; ` +
        `${arrived} webhooks arrived, ${pending} still due at the end; load ${loadBefore} → ${load1()}`,
    );
  }
  const rate = (of: MutationRun[]) => median(of.map((r) => r.perSecond));
  const list = (of: MutationRun[]) => of.map((r) => Math.round(r.perSecond)).join(', ');
  const ratio = rate(runs.two) / rate(runs.none);
  return [
    {
      benchmark: `transitionRecord, ${CLIENTS} clients, no webhook endpoint (${list(runs.none)})`,
      value: Math.round(rate(runs.none)),
      unit: 'mutations/s',
      target: '',
      met: '',
    },
    {
      benchmark: `transitionRecord, ${CLIENTS} clients, two endpoints (${list(runs.two)})`,
      value: Math.round(rate(runs.two)),
      unit: 'mutations/s',
      target: `≥ ${MIN_MUTATIONS_PER_SECOND}`,
      met: rate(runs.two) >= MIN_MUTATIONS_PER_SECOND,
    },
    { benchmark: 'two endpoints / none', value: Number(ratio.toFixed(2)), unit: '×', target: `≥ ${1 - MAX_RATE_DROP}`, met: ratio >= 1 - MAX_RATE_DROP },
    { benchmark: 'api process CPU per mutation, no endpoint', value: Math.round(median(runs.none.map((r) => r.apiCpuUs))), unit: 'µs', target: '', met: '' },
    { benchmark: 'api process CPU per mutation, two endpoints', value: Math.round(median(runs.two.map((r) => r.apiCpuUs))), unit: 'µs', target: '', met: '' },
  ];
}

console.log(
  `load average at the start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);
// (a) imports the records while its endpoint waits for them; without (a) they are imported with no endpoint.
const records: DriverRecord[] = only.has('throughput') ? [] : await importLeads(BACKLOG_RECORDS);
const rows: Row[] = only.has('throughput') ? await measureThroughput(records) : [];
// (c)'s load client starts each record in the cycle's first stage: its records stay out of (b)'s paced load.
if (only.has('lag')) rows.push(...(await measureLag(records.slice(CLIENTS))));
if (only.has('mutations')) rows.push(...(await measureMutations(records.slice(0, CLIENTS))));
console.log(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);
report('webhook-delivery', rows);
http.closeAllConnections();
http.close();
receiver.close();
await api.close();
await mongo.close();
process.exit(0);
