// A records export at real size: BENCH_ROWS records (100,000 by default) of the standard trunk streamed as CSV over
// HTTP (GET /export/records.csv), read by a client as fast as it can. Prints the time, rows/s and the api process's
// memory while it streams (peak RSS and heap above what they were before), and checks the file has every record once.
// The store runs in its own process, as `npm start` runs it; the records are copied in through the driver from one
// the api created (the export reads them as any other). Run: npx tsx api/bench/export.ts
import { spawnEmbeddedMongo } from '@funnel/embedded-mongo';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createTenant } from '../src/services/create-tenant';
import { createHttpServer } from '../src/http-server';
import { createFunnelServer } from '../src/yoga';
import { graphql } from './_graphql';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const INSERT_BATCH = 5_000;
const SAMPLE_MS = 20;

const store = await spawnEmbeddedMongo({ inMemory: true });
const server = await createFunnelServer({
  uri: store.uri,
  config: { metricsBuildIntervalMs: 0, sweepIntervalMs: 0, deliveryPollMs: 0, log: () => undefined },
});
const http = createHttpServer(server);
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

const gql = (key: string, query: string, variables: Record<string, unknown> = {}) => graphql(fetch, `${base}/graphql`, key, query, variables);

// One record made by the api, copied ROWS times with its own id, name, email and company.
const { tenant, adminKey } = await createTenant({ models: server.services.models, name: 'Export bench' });
await gql(adminKey, 'mutation { createWorkflowFromTemplate(input: { template: "standard_trunk", publish: true }) { __typename } }');
const made = await gql(adminKey, 'mutation { createRecord(input: { workflowKey: "standard_trunk", fields: { name: "Model" } }) { ... on Record { id } } }');
const { Record } = server.services.models;
const model = await Record.collection.findOne({ _id: made.createRecord.id });
if (!model) throw new Error('the model record is not in the store');
await Record.collection.deleteOne({ _id: model._id });
console.error(`copying ${ROWS} records into the store…`);
for (let from = 0; from < ROWS; from += INSERT_BATCH) {
  const batch = Array.from({ length: Math.min(INSERT_BATCH, ROWS - from) }, (_, k) => {
    const i = from + k;
    return {
      ...model,
      _id: i.toString(16).padStart(24, '0'),
      fields: { name: `Lead ${i}`, email: `lead${i}@bench.example`, companyName: `Company ${i}`, amount: 1000 + (i % 100) * 250 },
      contact: {},
      search: [],
      outbox: [],
    };
  });
  await Record.collection.insertMany(batch as never[]);
}

// The export, read chunk by chunk, with the api's memory sampled meanwhile.
const before = process.memoryUsage();
let peak = { rss: before.rss, heapUsed: before.heapUsed };
const sampler = setInterval(() => {
  const now = process.memoryUsage();
  peak = { rss: Math.max(peak.rss, now.rss), heapUsed: Math.max(peak.heapUsed, now.heapUsed) };
}, SAMPLE_MS);
const started = performance.now();
const response = await fetch(`${base}/export/records.csv?workflowKey=standard_trunk`, { headers: { authorization: `Bearer ${adminKey}` } });
if (response.status !== 200) throw new Error(`the export was refused: ${response.status} ${await response.text()}`);
const decoder = new TextDecoder();
let lines = 0;
let bytes = 0;
let firstByteMs = 0;
const seen = new Set<string>();
let partial = '';
for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
  if (bytes === 0) firstByteMs = performance.now() - started;
  bytes += chunk.length;
  const text = partial + decoder.decode(chunk, { stream: true });
  const split = text.split('\n');
  partial = split.pop() ?? '';
  for (const line of split) {
    lines += 1;
    if (lines > 1) seen.add(line.slice(0, line.indexOf(',')));
  }
}
if (partial) {
  lines += 1;
  seen.add(partial.slice(0, partial.indexOf(',')));
}
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const rate = Math.round(ROWS / seconds);
const mb = (n: number) => Math.round(n / 1024 / 1024);
console.log(
  `export of ${ROWS} records: ${seconds.toFixed(1)} s, ${rate} rows/s, ${mb(bytes)} MB, first byte after ${Math.round(firstByteMs)} ms; api RSS ${mb(before.rss)} → peak ${mb(peak.rss)} MB, heap ${mb(before.heapUsed)} → peak ${mb(peak.heapUsed)} MB`,
);
if (lines !== ROWS + 1 || seen.size !== ROWS) throw new Error(`the file has ${lines} lines and ${seen.size} distinct ids for ${ROWS} records`);
const rows = [
  { benchmark: `CSV export, ${ROWS.toLocaleString('en')} records, streamed`, value: rate, unit: 'rows/s', target: '', met: '' },
  { benchmark: 'CSV export: time to the last byte', value: Number(seconds.toFixed(1)), unit: 's', target: '', met: '' },
  { benchmark: 'CSV export: api heap above its level before, at peak', value: mb(peak.heapUsed - before.heapUsed), unit: 'MB', target: '', met: '' },
  { benchmark: 'CSV export: api RSS above its level before, at peak', value: mb(peak.rss - before.rss), unit: 'MB', target: '', met: '' },
];
mkdirSync('artifacts/bench', { recursive: true });
writeFileSync('artifacts/bench/export.json', JSON.stringify(rows, null, 2));
console.log(`tenant ${tenant._id}`);
http.close();
await server.close();
await store.close();
process.exit(0);
