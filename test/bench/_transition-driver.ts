// (The leading underscore keeps `pnpm bench` from running this helper as a benchmark.)
// The webhook benchmark's load in a process of its own: transitions over HTTP (fetch's keep-alive sockets) on many
// records, each record one transition at a time, either as fast as `concurrency` requests at once allow (a
// backlog) or paced to a number of webhook events a second (open loop: requests start on schedule, not when
// the previous one answered). Input: one JSON `DriverPlan` as argv[2]; output: one JSON `DriverResult` line.

/** The standard trunk's cycle from lead back to lead, and the webhook events each step logs (disqualify also releases the owner). */
const CYCLE = [
  { transition: 'qualify', events: 1 },
  { transition: 'disqualify', events: 2 },
  { transition: 'reactivate', events: 1 },
] as const;

/** One record and where it is in the cycle. */
export interface DriverRecord {
  id: string;
  version: number;
  /** Index into the cycle of its next transition. */
  step: number;
}

/** What to send: `steps` transitions on each record as fast as allowed, or transitions paced to `eventsPerSecond` for `durationMs`. */
export type DriverPlan = { url: string; key: string; records: DriverRecord[]; concurrency: number } & (
  | { type: 'backlog'; steps: number }
  | { type: 'paced'; eventsPerSecond: number; durationMs: number }
);

/** What was sent: the records where they are now, the webhook events the transitions logged, each request's latency. */
export interface DriverResult {
  records: DriverRecord[];
  mutations: number;
  events: number;
  /** When the first request went (Date.now()), and how long until the last answer, in ms. */
  startedAt: number;
  elapsedMs: number;
  latencies: number[];
  /** How far (ms) the paced schedule fell behind at worst: the api did not answer fast enough to keep the rate. */
  maxBehindMs: number;
}

const TRANSITION = 'mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { __typename ... on Record { version } } }';
/** How often the paced loop looks whether another request is due. */
const PACE_TICK_MS = 1;

/** One POST on fetch's pooled keep-alive connections; the body of a 200, or throws. */
async function post(url: string, key: string, body: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text}`);
  return text;
}

/** Sends a record's next transition, moves it on, and tallies; throws on any answer but the record. */
function stepper(plan: DriverPlan, result: DriverResult): (record: DriverRecord) => Promise<void> {
  return async (record) => {
    const step = CYCLE[record.step % CYCLE.length] ?? CYCLE[0];
    const body = JSON.stringify({ query: TRANSITION, variables: { i: { id: record.id, transition: step.transition, expectedVersion: record.version } } });
    const started = performance.now();
    const text = await post(plan.url, plan.key, body);
    result.latencies.push(performance.now() - started);
    const out = JSON.parse(text) as { data?: { transitionRecord?: { __typename: string; version: number } } };
    if (out.data?.transitionRecord?.__typename !== 'Record') throw new Error(`${step.transition} of ${record.id}: ${text}`);
    record.version = out.data.transitionRecord.version;
    record.step = (record.step + 1) % CYCLE.length;
    result.mutations += 1;
    result.events += step.events;
  };
}

/** Each record `steps` transitions, one at a time, `concurrency` records at once. */
async function backlog(plan: Extract<DriverPlan, { type: 'backlog' }>, send: (record: DriverRecord) => Promise<void>): Promise<void> {
  const queue = [...plan.records];
  const worker = async () => {
    for (let record = queue.shift(); record; record = queue.shift()) for (let i = 0; i < plan.steps; i++) await send(record);
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
}

/** Starts transitions on idle records whenever the events sent fall behind `eventsPerSecond` × the time passed. */
async function paced(plan: Extract<DriverPlan, { type: 'paced' }>, send: (record: DriverRecord) => Promise<void>, result: DriverResult): Promise<void> {
  const idle = [...plan.records];
  const running = new Set<Promise<void>>();
  let scheduled = 0;
  let failure: unknown = null;
  const started = performance.now();
  for (let now = started; now - started < plan.durationMs && !failure; now = performance.now()) {
    const due = ((now - started) * plan.eventsPerSecond) / 1000;
    while (scheduled < due && idle.length > 0 && running.size < plan.concurrency) {
      const record = idle.shift() as DriverRecord;
      scheduled += (CYCLE[record.step % CYCLE.length] ?? CYCLE[0]).events;
      const sending: Promise<void> = send(record)
        .catch((error: unknown) => {
          failure = error;
        })
        .finally(() => {
          running.delete(sending);
          idle.push(record);
        });
      running.add(sending);
    }
    // What was due and not started: the api (or the records in flight) held the rate back.
    if (scheduled < due) result.maxBehindMs = Math.max(result.maxBehindMs, ((due - scheduled) * 1000) / plan.eventsPerSecond);
    await new Promise((resolve) => setTimeout(resolve, PACE_TICK_MS));
  }
  await Promise.all(running);
  if (failure) throw failure;
}

const plan = JSON.parse(process.argv[2] as string) as DriverPlan;
const result: DriverResult = { records: plan.records, mutations: 0, events: 0, startedAt: Date.now(), elapsedMs: 0, latencies: [], maxBehindMs: 0 };
const send = stepper(plan, result);
const started = performance.now();
result.startedAt = Date.now();
if (plan.type === 'backlog') await backlog(plan, send);
else await paced(plan, send, result);
result.elapsedMs = performance.now() - started;
// Exit once the line is out: stdout to a pipe is asynchronous, and the keep-alive sockets would hold the process.
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
