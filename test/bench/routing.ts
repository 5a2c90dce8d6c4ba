// Issue 19's routing benchmark: assignment decisions per second under 10 concurrent creators (target ≥ 1,000/s) —
// `createRecord` without an owner, each routed by the definition's round-robin rule over a team of 10 with a capacity
// cap, two of whom are full (each decision whose turn falls on them is refused by their capacity write and goes on to
// the next). Afterwards: no record assigned twice, nobody above the cap, and every person's capacity places naming
// exactly their open records. Three processes, as `npm start` runs them: the store (spawnEmbeddedMongo, in memory,
// over its Unix socket), the api (this one, over HTTP, default config) and the load (api/bench/_load-client.ts: 10
// clients on keep-alive sockets, 150 warm-up creates each before measuring). It prints the store commands the api
// sent per decision while measuring, by command and collection.
// Run: npx tsx test/bench/routing.ts   BENCH_OPS changes the measured creates; BENCH_STORE_PROFILE_DIR=<dir> writes the
// store's CPU profile (node --cpu-prof --import tsx test/bench/routing.ts for the api's).
import type { AddressInfo } from 'node:net';
import { createFunnelServer, createHttpServer } from '@funnel/api';
import { getTemplate } from '@funnel/schemas';
import { countCommands } from '../../api/bench/_command-count';
import type { LoadPlan, LoadResult } from '../../api/bench/_load-client-protocol';
import { gqlAt } from '../e2e/http-client';
import { type BenchRow as Row, loads, percentile, report } from './_bench-report';
import { benchStore, cpuUsOf, runHelper } from './_helper-process';

const ROOT = 'bench-root-key';
const CLIENTS = 10;
/** Creates measured after the load client's warm-up (150 a client, routed alike). */
const OPS = Number(process.env.BENCH_OPS ?? 3000);
const WARMUP = 150 * CLIENTS;
const TARGET_PER_SECOND = 1000;
/** The team, the cap of open records per person, and who is full from the start (by place in id order: turns skip them). */
const TEAM = 10;
const CAPACITY = 1000;
const FULL = [2, 6];
/** Creates at once while the full people are filled (named owners, not measured). */
const FILL_CONCURRENCY = 20;
const WORKFLOW = 'routed';

/** Nearest-rank percentile. */
/** Throws with `message` unless `ok`: the load must really have been what the figure says it was. */
function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

const mongo = await benchStore('routing');
const uri = new URL(mongo.socketUri ?? mongo.uri);
// The driver reports each command the api sends: the count of store commands per decision.
uri.searchParams.set('monitorCommands', 'true');
const api = await createFunnelServer({ uri: uri.toString(), config: { rootKey: ROOT, sweepIntervalMs: 0, log: (line) => console.error(line) } });
const http = createHttpServer(api);
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
const { models } = api.services;
const commands = countCommands(models.Record.db);

const post = gqlAt(url);
/** One request; throws with the answer when it carries errors. */
async function gql(key: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const out = await post(key, query, variables);
  check(!out.errors && !!out.data, `${query.slice(0, 60)}…: ${JSON.stringify(out)}`);
  return out.data as Record<string, any>;
}

// A tenant, the manager who creates, the team, and the standard trunk routing round the team with the cap.
const created = await gql(ROOT, 'mutation { createTenant(input: { name: "Routing" }) { ... on CreateTenantPayload { adminKey tenant { id } } } }');
const admin = created.createTenant.adminKey as string;
const tenantId = created.createTenant.tenant.id as string;
const userId = async (name: string, roles: string[]) =>
  (await gql(admin, 'mutation($i: CreateUserInput!) { createUser(input: $i) { ... on User { id } } }', { i: { name, roles } })).createUser.id as string;
const managerId = await userId('Mia Manager', ['manager']);
const manager = (
  await gql(admin, 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ... on CreateApiKeyPayload { token } } }', {
    i: { userId: managerId, name: 'creator' },
  })
).createApiKey.token as string;
const team: string[] = [];
for (let i = 0; i < TEAM; i++) team.push(await userId(`Rep ${i}`, ['sales']));
team.sort();
const definition = {
  ...getTemplate('standard_trunk').definition,
  key: WORKFLOW,
  assignment: {
    rules: [{ key: 'team', name: { en: 'The team, in turn' }, target: { team: { users: team }, strategy: 'round_robin' } }],
    capacity: { max: CAPACITY },
  },
};
await gql(admin, 'mutation($i: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $i) { __typename } }', { i: { key: WORKFLOW, definition } });
const published = await gql(admin, 'mutation($k: String!) { publishWorkflow(input: { key: $k }) { __typename } }', { k: WORKFLOW });
check(published.publishWorkflow.__typename === 'WorkflowVersion', `publish: ${JSON.stringify(published)}`);

// The full people, filled to the cap by records the manager names them owner of.
const CREATE = 'mutation($i: CreateRecordInput!) { createRecord(input: $i) { __typename ... on Record { ownerId } } }';
const full = FULL.map((i) => team[i] as string);
const fills = full.flatMap((owner) => Array.from({ length: CAPACITY }, () => owner));
await Promise.all(
  Array.from({ length: FILL_CONCURRENCY }, async () => {
    for (let owner = fills.pop(); owner; owner = fills.pop()) {
      const res = await gql(manager, CREATE, { i: { workflowKey: WORKFLOW, owner, fields: { name: 'Filler' } } });
      check(res.createRecord.ownerId === owner, `filling ${owner}: ${JSON.stringify(res)}`);
    }
  }),
);

// The measurement: routed creates (no owner), 10 at a time.
const loadBefore = loads();
const cpu = { api: 0, store: 0 };
const body = JSON.stringify({ query: CREATE, variables: { i: { workflowKey: WORKFLOW, fields: { name: 'Routed lead' } } } });
const plan: LoadPlan = { type: 'fixed', url, key: manager, clients: CLIENTS, ops: OPS, body };
const result = await runHelper<LoadResult>('../../api/bench/_load-client.ts', plan, () => {
  commands.start();
  const now = process.cpuUsage();
  cpu.api = now.user + now.system;
  cpu.store = cpuUsOf(mongo.pid);
});
const used = process.cpuUsage();
commands.stop();
const decisions = result.latencies.length;
const apiCpuUs = (used.user + used.system - cpu.api) / decisions;
const storeCpuUs = (cpuUsOf(mongo.pid) - cpu.store) / decisions;
const loadAfter = loads();
const perDecision = (n: number) => (n / decisions).toFixed(2);

// The checks: every routed record owned by a member with room, once; nobody above the cap; places = open records.
const routed = WARMUP + decisions;
const owners = (await models.Record.collection
  .aggregate([{ $match: { tenantId, workflowKey: WORKFLOW, outcome: { $exists: false } } }, { $group: { _id: '$owner', n: { $sum: 1 } } }])
  .toArray()) as unknown as { _id: string | null; n: number }[];
const held = new Map(owners.map((o) => [o._id, o.n]));
check(!held.has(null), `${held.get(null)} records in the pool: nobody should have been full`);
for (const member of team) {
  const n = held.get(member) ?? 0;
  check(n <= CAPACITY, `${member} holds ${n} open records, above the cap of ${CAPACITY}`);
  const places = await models.OwnerLoad.findOne({ tenantId, workflowKey: WORKFLOW, userId: member }).lean();
  check((places?.records.length ?? 0) === n, `${member}: ${places?.records.length} places for ${n} open records`);
}
for (const member of full) check(held.get(member) === CAPACITY, `full ${member} was given more or less: ${held.get(member)}`);
check([...held.values()].reduce((a, b) => a + b, 0) === full.length * CAPACITY + routed, `records: ${JSON.stringify(owners)} for ${routed} routed`);
const assigned = new Map<string, Set<string>>();
const note = (recordId: string, eventId: string) => assigned.set(recordId, (assigned.get(recordId) ?? new Set()).add(eventId));
for (const event of await models.Event.find({ tenantId, type: 'assigned' }, { recordId: 1 }).lean()) note(event.recordId, event._id);
for (const record of await models.Record.find({ tenantId, 'outbox.event.type': 'assigned' }, { outbox: 1 }).lean())
  for (const entry of record.outbox) if (entry.event.type === 'assigned') note(record._id, entry._id);
check(assigned.size === routed, `${assigned.size} records with an assigned event for ${routed} routed`);
const twice = [...assigned.values()].filter((events) => events.size > 1).length;
check(twice === 0, `${twice} records assigned more than once`);

console.log(
  `routing: ${Math.round(result.perSecond)} decisions/s; api ${Math.round(apiCpuUs)} µs, store ${Math.round(storeCpuUs)} µs CPU each; load ${loadBefore} → ${loadAfter}`,
);
console.log(
  `store commands per decision: ${perDecision(commands.total())} (${[...commands.byKind()]
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind} ${perDecision(n)}`)
    .join(', ')})`,
);
const rows: Row[] = [
  {
    benchmark: `assignment decisions (routed createRecord), ${CLIENTS} creators, team of ${TEAM} with capacity ${CAPACITY}, ${full.length} full`,
    value: Math.round(result.perSecond),
    unit: 'decisions/s',
    target: `≥ ${TARGET_PER_SECOND}`,
    met: result.perSecond >= TARGET_PER_SECOND,
  },
  { benchmark: 'routed createRecord p50', value: Number(percentile(result.latencies, 50).toFixed(1)), unit: 'ms', target: '', met: '' },
  { benchmark: 'routed createRecord p99', value: Number(percentile(result.latencies, 99).toFixed(1)), unit: 'ms', target: '', met: '' },
  { benchmark: 'api process CPU per decision', value: Math.round(apiCpuUs), unit: 'µs', target: '', met: '' },
  { benchmark: 'store process CPU per decision', value: Math.round(storeCpuUs), unit: 'µs', target: '', met: '' },
  { benchmark: 'store commands per decision', value: Number(perDecision(commands.total())), unit: 'commands', target: '', met: '' },
  { benchmark: `records assigned twice, open records above the cap (of ${routed} routed)`, value: 0, unit: 'records', target: '0', met: true },
];
report('routing', rows);
http.closeAllConnections();
http.close();
await api.close();
await mongo.close();
process.exit(0);
