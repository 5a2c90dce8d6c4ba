// The store under a long bulk load, as the scale benchmark and a firm's first import load it: BENCH_DOCS event-like
// documents (2,000,000 by default) in insertMany batches of 10,000 into a collection with three secondary indexes,
// through the driver, to a store spawned as `npm start` spawns it (spawnEmbeddedMongo, on a data directory). Prints
// the load's rate, the batches' p50, p99 and slowest times (a batch is answered in one turn of the store's event
// loop, so its time is how long every other client waited), and the store's CPU per document and resident memory.
// BENCH_STORE_NODE_ARGS="--max-semi-space-size=16" runs it with other V8 flags for the store (an A/B of the young
// generation's size, docs/decisions.md 42). Run: npx tsx embedded-mongo/bench/bulk-load.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Document } from 'mongodb';
import { spawnEmbeddedMongo } from '../src/index.js';
import { cpuMs, rssMb } from './_process-stats.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 2_000_000);
const BATCH = 10_000;
const NODE_ARGS = (process.env.BENCH_STORE_NODE_ARGS ?? '').split(' ').filter(Boolean);
const DAY_MS = 86_400_000;

type Row = { benchmark: string; value: number; unit: string; target: string; met: boolean | undefined };

/** The `i`-th event: a tenant's activity on one of 200,000 records over a year. */
function eventDoc(i: number): Document {
  return {
    tenantId: `t${i % 3}`,
    recordId: `r${i % 200_000}`,
    workflowKey: 'standard_trunk',
    type: i % 5 === 0 ? 'transitioned' : 'activity_logged',
    at: 1_767_225_600_000 + (i % 365) * DAY_MS + (i % 86_400) * 1000,
    actor: `u${i % 50}`,
    payload: { kind: 'call', note: `called about the offer ${i}` },
    loggedAt: new Date(),
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

const dataDir = mkdtempSync(join(tmpdir(), 'embedded-mongo-bulk-'));
const store = await spawnEmbeddedMongo({ dataDir, nodeArgs: NODE_ARGS, log: (line) => console.error(line) });
const client = await MongoClient.connect(store.uri);
try {
  const events = client.db('bench').collection('events');
  await events.createIndexes([{ key: { tenantId: 1, recordId: 1, at: 1 } }, { key: { tenantId: 1, at: 1 } }, { key: { tenantId: 1, type: 1, at: 1 } }]);
  const cpuBefore = cpuMs(store.pid);
  const started = performance.now();
  const times: number[] = [];
  for (let from = 0; from < DOCS; from += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, DOCS - from) }, (_, k) => eventDoc(from + k));
    const sent = performance.now();
    await events.insertMany(batch, { ordered: false });
    times.push(performance.now() - sent);
    if ((from / BATCH) % 50 === 0) console.error(`loaded ${from.toLocaleString('en')} documents`);
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...times].sort((a, b) => a - b);
  const flags = NODE_ARGS.length > 0 ? ` (store flags ${NODE_ARGS.join(' ')})` : '';
  const rows: Row[] = [
    {
      benchmark: `bulk load of ${DOCS.toLocaleString('en')} documents in batches of ${BATCH.toLocaleString('en')}${flags}`,
      value: Math.round(DOCS / seconds),
      unit: 'docs/s',
      target: '',
      met: undefined,
    },
    { benchmark: 'bulk load: batch p50', value: Math.round(percentile(sorted, 50)), unit: 'ms', target: '', met: undefined },
    { benchmark: 'bulk load: batch p99', value: Math.round(percentile(sorted, 99)), unit: 'ms', target: '', met: undefined },
    {
      benchmark: 'bulk load: slowest batch (every other client waits this long)',
      value: Math.round(sorted.at(-1) ?? 0),
      unit: 'ms',
      target: '',
      met: undefined,
    },
    {
      benchmark: 'bulk load: store CPU per document',
      value: Math.round(((cpuMs(store.pid) - cpuBefore) * 1000) / DOCS),
      unit: 'µs',
      target: '',
      met: undefined,
    },
    { benchmark: 'bulk load: store resident memory after', value: rssMb(store.pid), unit: 'MB', target: '', met: undefined },
  ];
  console.log('| benchmark | value | unit |\n| --- | ---: | --- |');
  for (const row of rows) console.log(`| ${row.benchmark} | ${row.value.toLocaleString('en')} | ${row.unit} |`);
  const outDir = join('artifacts', 'bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'bulk-load.json'), `${JSON.stringify(rows, null, 2)}\n`);
} finally {
  await client.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
