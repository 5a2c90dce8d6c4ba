// A CSV import at real size: BENCH_ROWS rows (50,000 by default) into the standard trunk, whose round robin routes
// every new lead to one of 5 salespeople, duplicates checked by email, phone and company. One row in 20 repeats an
// earlier row's email (a duplicate, skipped) and one in 50 has a bad email (an error, skipped). The store runs in its
// own process, as `npm start` runs it, reached through a Unix domain socket as `npm start` reaches it (BENCH_STORE_TCP=1:
// over TCP); the api in this one, called through GraphQL. Prints rows/s from the request to the job's `done`, checks
// the job's counts and the records stored, and prints the CPU the api and the store spent per row and the store
// commands the import sent (by command and collection, per 1,000 rows); FUNNEL_* settings apply as to `npm start`. BENCH_STORE_PROFILE_DIR=<dir> writes the store's CPU profile there (profile the api with
// `node --cpu-prof --import tsx api/bench/import.ts`). Run: npx tsx api/bench/import.ts
import { spawnEmbeddedMongo } from '@funnel/embedded-mongo';
import mongoose from 'mongoose';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { limitsFromEnv } from '../src/config';
import { createTenant } from '../src/services/create-tenant';
import { createFunnelServer } from '../src/yoga';
import { countCommands } from './_command-count';
import { inProcessGraphql } from './_graphql';

const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const TARGET_ROWS_PER_S = 5_000;
const DUPLICATE_EVERY = 20;
const BAD_EVERY = 50;
const SALES = 5;
/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

const storeProfile = process.env.BENCH_STORE_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_STORE_PROFILE_DIR}`] : [];
const socket = process.env.BENCH_STORE_TCP === '1' ? {} : { socketPath: join(tmpdir(), `funnel-bench-import-${process.pid}.sock`) };
const store = await spawnEmbeddedMongo({ inMemory: true, ...socket, nodeArgs: storeProfile });
const connection = await mongoose.createConnection(store.socketUri ?? store.uri, { monitorCommands: true }).asPromise();
const commands = countCommands(connection);
const server = await createFunnelServer({
  connection,
  // FUNNEL_* settings of the environment apply as they do to `npm start` (e.g. FUNNEL_IMPORT_CHUNK_ROWS).
  config: {
    ...limitsFromEnv(process.env),
    metricsBuildIntervalMs: 0,
    sweepIntervalMs: 0,
    deliveryPollMs: 0,
    maxRequestBytes: 64 * 1024 * 1024,
    log: () => undefined,
  },
});

/** CPU time (user + system) the store process has used so far, in ms, from /proc (Linux); NaN elsewhere. */
function storeCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/${store.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) this process (the api) has used so far, in ms. */
function apiCpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

const gql = (key: string, query: string, variables: Record<string, unknown> = {}) => inProcessGraphql(server, key, query, variables);

/** The file: name, email, phone and company name per row, with the duplicates and bad rows mixed in. */
function csv(): { text: string; duplicates: number; bad: number } {
  const lines = ['name,email,phone,companyName'];
  let duplicates = 0;
  let bad = 0;
  for (let i = 0; i < ROWS; i++) {
    if (i > 0 && i % DUPLICATE_EVERY === 0) {
      duplicates += 1;
      lines.push(`Again ${i},lead${i - 1}@bench.example,,`);
    } else if (i % BAD_EVERY === 1) {
      bad += 1;
      lines.push(`Bad ${i},not an email ${i},,`);
    } else lines.push(`Lead ${i},lead${i}@bench.example,+1 555 ${String(1_000_000 + i)},Company ${i}`);
  }
  return { text: lines.join('\n'), duplicates, bad };
}

const { tenant, adminKey } = await createTenant({ models: server.services.models, name: 'Import bench' });
await gql(adminKey, 'mutation { createWorkflowFromTemplate(input: { template: "standard_trunk" }) { __typename } }');
for (let i = 0; i < SALES; i++) await gql(adminKey, `mutation { createUser(input: { name: "Sales ${i}", roles: [sales] }) { __typename } }`);
const file = csv();
commands.start();
const cpuBefore = { api: apiCpuMs(), store: storeCpuMs() };
const started = performance.now();
const job = (
  await gql(
    adminKey,
    'mutation($i: ImportRecordsInput!) { importRecords(input: $i) { ... on Job { id status } ... on ValidationFailed { diagnostics { message } } } }',
    { i: { workflowKey: 'standard_trunk', csv: file.text, dedupeBy: ['email', 'phone', 'company'] } },
  )
).importRecords;
if (!job.id) throw new Error(`the import was refused: ${JSON.stringify(job)}`);
let done: Record<string, any> = {};
for (;;) {
  done = (await gql(adminKey, `{ job(id: "${job.id}") { ... on Job { status processed created skipped duplicatesLeftOut errorsLeftOut } } }`)).job;
  if (done.status !== 'running') break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const seconds = (performance.now() - started) / 1000;
commands.stop();
const cpu = { api: apiCpuMs() - cpuBefore.api, store: storeCpuMs() - cpuBefore.store };
const rate = Math.round(ROWS / seconds);
const stored = await server.services.models.Record.countDocuments({ tenantId: tenant._id });
const expected = ROWS - file.duplicates - file.bad;
console.log(`import of ${ROWS} rows: ${seconds.toFixed(1)} s, ${rate} rows/s; job ${JSON.stringify(done)}; ${stored} records stored (${expected} expected)`);
const perThousand = [...commands.byKind()].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key} ${((1000 * n) / ROWS).toFixed(1)}`);
const perRowUs = { api: Math.round((1000 * cpu.api) / ROWS), store: Math.round((1000 * cpu.store) / ROWS) };
const commandsPerThousand = Number(((1000 * commands.total()) / ROWS).toFixed(1));
console.log(`CPU per row: api ${perRowUs.api} µs, store ${perRowUs.store} µs`);
console.log(`store commands per 1,000 rows: ${perThousand.join(', ')}`);
if (done.status !== 'done' || done.created !== expected || stored !== expected) throw new Error('the import did not create what it should have');
const rows = [
  {
    benchmark: `CSV import, ${ROWS.toLocaleString('en')} rows (1 in ${DUPLICATE_EVERY} a duplicate, 1 in ${BAD_EVERY} bad), routed`,
    value: rate,
    unit: 'rows/s',
    target: `≥ ${TARGET_ROWS_PER_S.toLocaleString('en')}`,
    met: rate >= TARGET_ROWS_PER_S,
  },
  { benchmark: 'CSV import: api process CPU per row', value: perRowUs.api, unit: 'µs', target: '', met: '' },
  { benchmark: 'CSV import: store process CPU per row', value: perRowUs.store, unit: 'µs', target: '', met: '' },
  { benchmark: 'CSV import: store commands per 1,000 rows', value: commandsPerThousand, unit: 'commands', target: '', met: '' },
];
mkdirSync('artifacts/bench', { recursive: true });
writeFileSync('artifacts/bench/import.json', JSON.stringify(rows, null, 2));
await server.close();
await connection.close();
await store.close();
process.exit(0);
