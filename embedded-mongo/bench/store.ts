// Benchmark of the embedded store over the wire, run as its own process like in production:
// `npx tsx embedded-mongo/bench/store.ts` (add `--quick` for a short run while developing).
// Prints a Markdown table and writes artifacts/bench/store.json (see docs/conventions-for-contributors.md).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, type AnyClientBulkWriteModel, type Collection, type Document } from 'mongodb';
import { findRepositoryRoot } from '../src/find-repository-root.js';
import { cpuMs, rssMb } from './_process-stats.js';
import { decodeRequest, encodeMsgReply, MESSAGE_HEADER_BYTES } from '../src/wire-message.js';

const QUICK = process.argv.includes('--quick');
const CONCURRENCY = [1, 10, 50];
/** Each throughput figure is the median of this many runs. */
const RUNS = QUICK ? 1 : 3;
const RUN_MS = QUICK ? 500 : 1_500;
const WARMUP_MS = QUICK ? 200 : 500;
const STARTUP_RUNS = QUICK ? 1 : 3;
const DOCS = QUICK ? 20_000 : 100_000;
const DOC_BYTES = 2 * 1024;
const RANGE_WIDTH = 50;
const LOAD_BATCH = 1_000;
/** The outbox drain: records with pending outbox entries, cleared by one `updateMany` per batch of records. */
const DRAIN = { records: QUICK ? 10_000 : 50_000, batch: 200, entriesPerRecord: 3, recordsPerTenant: 2_000 };
const TARGETS = { updatesAt10: 5_000, startupMs: 3_000, rssMb: 500 };

const ROOT = findRepositoryRoot(fileURLToPath(new URL('.', import.meta.url))) as string;
const MAIN = join(ROOT, 'embedded-mongo', 'src', 'main.ts');

type Row = { benchmark: string; value: number; unit: string; target: string; met: boolean | undefined };
const rows: Row[] = [];
const record = (row: Row) => {
  rows.push(row);
  console.error(`  ${row.benchmark}: ${row.value} ${row.unit}`);
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Starts the store CLI as a child process; resolves with its uri once it listens, and how long that took. */
/** Starts the store CLI as a child process; resolves once it listens, with how long that took and how long its recovery took. */
async function startStore(dataDir: string): Promise<{ child: ChildProcess; uri: string; startupMs: number; recoveryMs: number; recoveryCpuMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--data-dir', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let recoveryMs = Number.NaN;
  let recoveryCpuMs = Number.NaN;
  child.stderr?.on('data', (chunk: Buffer) => {
    const match = /recovered \d+ documents in (\d+) ms \((\d+) ms of CPU\)/.exec(chunk.toString());
    if (!match) process.stderr.write(chunk);
    else [recoveryMs, recoveryCpuMs] = [Number(match[1]), Number(match[2])];
  });
  const uri = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('mongodb://'));
      if (line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`store exited with ${code}`)));
  });
  const startupMs = performance.now() - started;
  // The recovery line is written just before the uri line; give stderr a moment to arrive.
  for (let wait = 0; Number.isNaN(recoveryMs) && wait < 20; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
  return { child, uri, startupMs, recoveryMs, recoveryCpuMs };
}

async function stopStore(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function makeDoc(i: number): Document {
  const base = {
    _id: i,
    tenantId: `t${i % 20}`,
    stage: 'lead',
    version: 0,
    score: i,
    owner: `owner-${i % 50}`,
    createdAt: new Date(1_700_000_000_000 + i * 1000),
  };
  // Pad with text so the BSON document is about DOC_BYTES.
  return { ...base, notes: `${i} `.padEnd(DOC_BYTES - 200, 'lorem ipsum dolor sit amet ') };
}

/** Runs `clients` loops of `op` for RUN_MS; returns operations per second and the operation count. */
async function throughput(
  clients: number,
  op: (client: number, iteration: number) => Promise<void>,
  durationMs = RUN_MS,
): Promise<{ rate: number; ops: number }> {
  let done = 0;
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let iteration = 0; performance.now() < deadline; iteration++) {
        await op(client, iteration);
        done += 1;
      }
    }),
  );
  return { rate: Math.round(done / ((performance.now() - started) / 1000)), ops: done };
}

let benchDataDir = '';

/** Waits until no compaction is running (it writes a `.tmp` snapshot), so runs measure the steady state. */
async function compactionFinished(): Promise<void> {
  while (benchDataDir && readdirSync(benchDataDir).some((file) => file.endsWith('.tmp'))) await new Promise((resolve) => setTimeout(resolve, 50));
}

async function medianThroughput(clients: number, op: (client: number, iteration: number) => Promise<void>): Promise<number> {
  return (await measured(clients, op)).rate;
}

/** Median rate over RUNS runs, and (given the store's pid) the store's CPU time per operation in µs. */
async function measured(
  clients: number,
  op: (client: number, iteration: number) => Promise<void>,
  storePid?: number,
): Promise<{ rate: number; cpuPerOpUs: number }> {
  const rates: number[] = [];
  let cpu = 0;
  let ops = 0;
  // Unmeasured warm-up: fills the driver's connection pool and lets the JIT settle.
  await throughput(clients, op, WARMUP_MS);
  for (let run = 0; run < RUNS; run++) {
    await compactionFinished();
    const before = storePid === undefined ? 0 : cpuMs(storePid);
    const result = await throughput(clients, op);
    if (storePid !== undefined) cpu += cpuMs(storePid) - before;
    ops += result.ops;
    rates.push(result.rate);
  }
  return { rate: median(rates), cpuPerOpUs: Math.round((cpu * 1000) / Math.max(1, ops)) };
}

/** Updates per command on the api's request path, and per command of the sweeper. */
const API_BATCH = 10;
const SWEEP_BATCH = 250;
const BATCH_PATHS = ['client bulkWrite', 'update command'] as const;
type BatchPath = (typeof BATCH_PATHS)[number];
const BATCH_UPDATE = { $set: { stage: 'sql' }, $inc: { version: 1 } };

/** A raw OP_MSG connection (see connectWire). */
type Wire = Awaited<ReturnType<typeof connectWire>>;

/** The command a batch of version-checked updates is sent as, and how many of them its reply says matched. */
function batchCommand(path: BatchPath, filters: Document[]): { body: Document; matched: (reply: Document) => number } {
  switch (path) {
    case 'client bulkWrite':
      return {
        body: {
          bulkWrite: 1,
          errorsOnly: false,
          ordered: false,
          ops: filters.map((filter) => ({ update: 0, multi: false, filter, updateMods: BATCH_UPDATE })),
          nsInfo: [{ ns: 'bench.docs' }],
          $db: 'admin',
        },
        matched: (reply) => Number(reply.nMatched),
      };
    case 'update command':
      return {
        body: { update: 'docs', ordered: false, updates: filters.map((filter) => ({ q: filter, u: BATCH_UPDATE })), $db: 'bench' },
        matched: (reply) => Number(reply.n),
      };
    default: {
      const unknown: never = path;
      throw new Error(`unknown path ${String(unknown)}`);
    }
  }
}

/** Sends a batch through the driver: `MongoClient.bulkWrite`, or `Collection.bulkWrite` (one `update` command); returns how many matched. */
async function sendThroughDriver(input: { client: MongoClient; path: BatchPath; filters: Document[] }): Promise<number> {
  switch (input.path) {
    case 'client bulkWrite': {
      const models: AnyClientBulkWriteModel<Document>[] = input.filters.map((filter) => ({
        namespace: 'bench.docs',
        name: 'updateOne',
        filter,
        update: BATCH_UPDATE,
      }));
      const result = await input.client.bulkWrite(models, { ordered: false, verboseResults: true });
      return [...(result.updateResults?.values() ?? [])].filter((r) => r.matchedCount === 1).length;
    }
    case 'update command':
      return (
        await input.client
          .db('bench')
          .collection<Document>('docs')
          .bulkWrite(
            input.filters.map((filter) => ({ updateOne: { filter, update: BATCH_UPDATE } })),
            { ordered: false },
          )
      ).matchedCount;
    default: {
      const unknown: never = input.path;
      throw new Error(`unknown path ${String(unknown)}`);
    }
  }
}

/**
 * One command of `size` version-checked updates of documents this client owns, through the driver or
 * a raw wire connection; every update must match (the benchmark's clients never race).
 */
async function versionCheckedBatch(input: {
  via: MongoClient | Wire;
  versions: Map<number, number>;
  path: BatchPath;
  size: number;
  owner: number;
  clients: number;
  iteration: number;
}): Promise<void> {
  const owned = Math.floor(DOCS / input.clients);
  const ids = new Set(Array.from({ length: input.size }, (_, k) => (((input.iteration * input.size + k) * 7919 + 5) % owned) * input.clients + input.owner));
  const filters = [...ids].map((id) => ({ _id: id, version: input.versions.get(id) ?? 0 }));
  let matched: number;
  if (input.via instanceof MongoClient) matched = await sendThroughDriver({ client: input.via, path: input.path, filters });
  else {
    const command = batchCommand(input.path, filters);
    matched = command.matched(await input.via.command(command.body));
  }
  if (matched !== filters.length) throw new Error(`${filters.length - matched} version conflicts in ${input.path}: the benchmark's own clients never race`);
  for (const filter of filters) input.versions.set(filter._id, filter.version + 1);
}

/** How a drain batch clears the outboxes of its records: by the ids of their entries, or wholesale. */
const DRAIN_CLEARS = ['$pull by entry ids', '$set to []'] as const;
type DrainClear = (typeof DRAIN_CLEARS)[number];
type DrainRecord = { _id: number; tenantId: string; stage: string; version: number; outbox: Document[] };

const drainEntries = (record: number) =>
  Array.from({ length: DRAIN.entriesPerRecord }, (_, k) => ({ _id: `${record}:${k}`, event: { type: 'moved', to: 'sql', at: record + k } }));

/** Gives every drain record its full outbox again, as the api leaves it before a drain (not measured). */
async function refillOutboxes(outboxes: Collection<DrainRecord>): Promise<void> {
  for (let start = 0; start < DRAIN.records; start += DRAIN.batch) {
    const ids = Array.from({ length: Math.min(DRAIN.batch, DRAIN.records - start) }, (_, k) => start + k);
    await outboxes.bulkWrite(
      ids.map((id) => ({ updateOne: { filter: { _id: id }, update: { $set: { outbox: drainEntries(id) } } } })),
      { ordered: false },
    );
  }
}

/**
 * Store CPU per record of draining every record's outbox with one `updateMany` per batch of
 * DRAIN.batch records of one tenant, as the api's outbox drainer does: median of RUNS passes, each
 * over freshly filled outboxes, after one unmeasured pass.
 */
async function drainCpuPerRecordUs(input: { outboxes: Collection<DrainRecord>; clear: DrainClear; storePid: number }): Promise<number> {
  const perRecord: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    await refillOutboxes(input.outboxes);
    await compactionFinished();
    const before = cpuMs(input.storePid);
    for (let start = 0; start < DRAIN.records; start += DRAIN.batch) {
      const ids = Array.from({ length: Math.min(DRAIN.batch, DRAIN.records - start) }, (_, k) => start + k);
      const entryIds = ids.flatMap((id) => drainEntries(id).map((entry) => entry._id));
      const update = input.clear === '$pull by entry ids' ? { $pull: { outbox: { _id: { $in: entryIds } } } } : { $set: { outbox: [] } };
      const result = await input.outboxes.updateMany({ tenantId: `t${Math.floor(start / DRAIN.recordsPerTenant)}`, _id: { $in: ids } }, update as Document);
      if (result.modifiedCount !== ids.length) throw new Error(`${input.clear} modified ${result.modifiedCount} of ${ids.length} records`);
    }
    // The first pass warms the JIT and is not counted.
    if (run > 0) perRecord.push(((cpuMs(input.storePid) - before) * 1000) / DRAIN.records);
  }
  return Math.round(median(perRecord));
}

/** A plain TCP echo of a 200-byte message, served by a separate process: the ceiling for any server. */
async function echoCeiling(clients: number): Promise<number> {
  const server = spawn(
    process.execPath,
    ['-e', "require('net').createServer((s)=>s.pipe(s)).listen(0,'127.0.0.1',function(){console.log(this.address().port)})"],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve) => server.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
  const message = Buffer.alloc(200, 1);
  const sockets = await Promise.all(
    Array.from(
      { length: clients },
      () =>
        new Promise<Socket>((resolve) => {
          const socket = new Socket();
          socket.setNoDelay(true);
          socket.connect(port, '127.0.0.1', () => resolve(socket));
        }),
    ),
  );
  const roundTrip = (socket: Socket) =>
    new Promise<void>((resolve) => {
      let received = 0;
      const onData = (chunk: Buffer) => {
        received += chunk.length;
        if (received >= message.length) {
          socket.off('data', onData);
          resolve();
        }
      };
      socket.on('data', onData);
      socket.write(message);
    });
  const value = await medianThroughput(clients, (client) => roundTrip(sockets[client] as Socket));
  for (const socket of sockets) socket.destroy();
  server.kill();
  return value;
}

/**
 * A minimal OP_MSG client (one command in flight per connection), so that the store's own capacity
 * shows next to the driver's figure: the driver spends about as much CPU per command as the store.
 */
async function connectWire(uri: string): Promise<{ command(body: Document): Promise<Document>; close(): void }> {
  const { hostname, port } = new URL(uri);
  const socket = new Socket();
  socket.setNoDelay(true);
  await new Promise<void>((resolve) => socket.connect(Number(port), hostname, resolve));
  let buffered: Buffer = Buffer.alloc(0);
  let waiting: ((reply: Document) => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    if (buffered.length < MESSAGE_HEADER_BYTES || buffered.length < buffered.readInt32LE(0)) return;
    const message = buffered.subarray(0, buffered.readInt32LE(0));
    buffered = buffered.subarray(message.length);
    const decoded = decodeRequest(message);
    if (decoded.kind === 'msg') waiting?.(decoded.command);
  });
  return {
    // An OP_MSG request has the same layout as the OP_MSG reply the server encodes.
    command: (body) =>
      new Promise((resolve) => {
        waiting = resolve;
        socket.write(encodeMsgReply(0, body));
      }),
    close: () => socket.destroy(),
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'embedded-mongo-bench-'));
  benchDataDir = dataDir;
  try {
    console.error(`loading ${DOCS} documents of ${DOC_BYTES} bytes…`);
    let store = await startStore(dataDir);
    let client = new MongoClient(store.uri);
    const docs = () => client.db('bench').collection<Document>('docs');
    await docs().createIndex({ score: 1 });
    await docs().createIndex({ tenantId: 1, stage: 1 });
    for (let start = 0; start < DOCS; start += LOAD_BATCH) {
      await docs().insertMany(Array.from({ length: Math.min(LOAD_BATCH, DOCS - start) }, (_, k) => makeDoc(start + k)));
    }
    await client.close();
    await stopStore(store.child);

    const startups: number[] = [];
    const recoveries: number[] = [];
    const recoveryCpus: number[] = [];
    for (let run = 0; run < STARTUP_RUNS; run++) {
      store = await startStore(dataDir);
      startups.push(store.startupMs);
      recoveries.push(store.recoveryMs);
      recoveryCpus.push(store.recoveryCpuMs);
      if (run < STARTUP_RUNS - 1) await stopStore(store.child);
    }
    const startupMs = Math.round(median(startups));
    record({
      benchmark: `start-up with ${DOCS} docs of 2 KB (process spawn to listening)`,
      value: startupMs,
      unit: 'ms',
      target: `< ${TARGETS.startupMs}`,
      met: startupMs < TARGETS.startupMs,
    });
    record({ benchmark: `of which loading the data directory`, value: Math.round(median(recoveries)), unit: 'ms', target: '', met: undefined });
    record({
      benchmark: `CPU time of loading the data directory (independent of machine load)`,
      value: Math.round(median(recoveryCpus)),
      unit: 'ms',
      target: '',
      met: undefined,
    });
    record({ benchmark: 'machine load average (1 min) after start-up runs', value: Number(loadavg()[0]?.toFixed(1)), unit: '', target: '', met: undefined });
    const rss = rssMb(store.child.pid as number);
    record({ benchmark: `resident memory with ${DOCS} docs of 2 KB`, value: rss, unit: 'MB', target: `< ${TARGETS.rssMb}`, met: rss < TARGETS.rssMb });

    const versions = new Map<number, number>();
    for (const clients of CONCURRENCY) {
      client = new MongoClient(store.uri, { maxPoolSize: clients });
      await client.connect();
      const echo = await echoCeiling(clients);
      record({ benchmark: `TCP echo ceiling, ${clients} clients`, value: echo, unit: 'ops/s', target: '', met: undefined });

      // Each client owns the documents whose _id ≡ client (mod clients); every document starts at
      // version 0 and only this benchmark writes them, so `versions` always knows the current one.
      const updates = await medianThroughput(clients, async (c, iteration) => {
        const owned = Math.floor(DOCS / clients);
        const id = ((iteration * 7919) % owned) * clients + c;
        const version = versions.get(id) ?? 0;
        const after = await docs().findOneAndUpdate(
          { _id: id, version } as Document,
          { $set: { stage: 'mql' }, $inc: { version: 1 } },
          { returnDocument: 'after', projection: { version: 1 } },
        );
        if (!after) throw new Error(`version conflict on ${id}: the benchmark's own clients never race`);
        versions.set(id, after.version as number);
      });
      const updateTarget = clients === 10 ? TARGETS.updatesAt10 : undefined;
      record({
        benchmark: `findOneAndUpdate by _id with version check, ${clients} clients`,
        value: updates,
        unit: 'ops/s',
        target: updateTarget ? `>= ${updateTarget}` : '',
        met: updateTarget ? updates >= updateTarget : undefined,
      });

      const wires = await Promise.all(Array.from({ length: clients }, () => connectWire(store.uri)));
      const { rate: wireUpdates, cpuPerOpUs } = await measured(
        clients,
        async (c, iteration) => {
          const owned = Math.floor(DOCS / clients);
          const id = ((iteration * 7919 + 3) % owned) * clients + c;
          const version = versions.get(id) ?? 0;
          const reply = await (wires[c] as Awaited<ReturnType<typeof connectWire>>).command({
            findAndModify: 'docs',
            query: { _id: id, version },
            update: { $set: { stage: 'sql' }, $inc: { version: 1 } },
            new: true,
            fields: { version: 1 },
            $db: 'bench',
          });
          if (!reply.value) throw new Error(`version conflict on ${id}: ${JSON.stringify(reply)}`);
          versions.set(id, Number(reply.value.version));
        },
        store.child.pid,
      );
      for (const wire of wires) wire.close();
      record({
        benchmark: `store CPU per version-checked update, ${clients} clients (independent of machine load)`,
        value: cpuPerOpUs,
        unit: 'µs',
        target: '',
        met: undefined,
      });
      record({
        benchmark: `findAndModify by _id with version check, raw wire client, ${clients} clients`,
        value: wireUpdates,
        unit: 'ops/s',
        target: updateTarget ? `>= ${updateTarget}` : '',
        met: updateTarget ? wireUpdates >= updateTarget : undefined,
      });

      // The api's hot write path: ~10 version-checked updates per command, as one client-level
      // bulkWrite (MongoDB 8.0) and, for comparison, as one `update` command. The rate goes through the
      // driver; the store's CPU per update is measured from raw wire clients, apart from the driver's.
      const batchWires = await Promise.all(Array.from({ length: clients }, () => connectWire(store.uri)));
      for (const path of BATCH_PATHS) {
        const batch = { versions, path, size: API_BATCH, clients };
        const driverRate = await medianThroughput(clients, (c, iteration) => versionCheckedBatch({ ...batch, via: client, owner: c, iteration }));
        record({
          benchmark: `${path}, ${API_BATCH} version-checked updates per command, driver, ${clients} clients`,
          value: driverRate * API_BATCH,
          unit: 'updates/s',
          target: '',
          met: undefined,
        });
        const { rate, cpuPerOpUs } = await measured(
          clients,
          (c, iteration) => versionCheckedBatch({ ...batch, via: batchWires[c] as Wire, owner: c, iteration }),
          store.child.pid,
        );
        record({
          benchmark: `${path}, ${API_BATCH} version-checked updates per command, raw wire client, ${clients} clients`,
          value: rate * API_BATCH,
          unit: 'updates/s',
          target: '',
          met: undefined,
        });
        record({
          benchmark: `store CPU per update in ${path} of ${API_BATCH}, ${clients} clients (independent of machine load)`,
          value: Math.round(cpuPerOpUs / API_BATCH),
          unit: 'µs',
          target: '',
          met: undefined,
        });
      }
      if (clients === 1) {
        const { rate, cpuPerOpUs } = await measured(
          1,
          (c, iteration) =>
            versionCheckedBatch({ via: batchWires[c] as Wire, versions, path: 'client bulkWrite', size: SWEEP_BATCH, owner: c, clients, iteration }),
          store.child.pid,
        );
        record({
          benchmark: `client bulkWrite, ${SWEEP_BATCH} version-checked updates per command (the sweeper's), raw wire client, 1 client`,
          value: rate * SWEEP_BATCH,
          unit: 'updates/s',
          target: '',
          met: undefined,
        });
        record({
          benchmark: `store CPU per update in client bulkWrite of ${SWEEP_BATCH}, 1 client (independent of machine load)`,
          value: Math.round(cpuPerOpUs / SWEEP_BATCH),
          unit: 'µs',
          target: '',
          met: undefined,
        });
      }
      for (const wire of batchWires) wire.close();

      const inserted = client.db('bench').collection<Document>(`inserts_${clients}`);
      const insertDoc = makeDoc(0);
      const inserts = await medianThroughput(clients, async (c, iteration) => {
        await inserted.insertOne({ ...insertDoc, _id: `${c}-${iteration}-${Math.random()}` } as Document);
      });
      record({ benchmark: `insertOne (2 KB), ${clients} clients`, value: inserts, unit: 'ops/s', target: '', met: undefined });

      const ranges = await medianThroughput(clients, async (c, iteration) => {
        const low = ((iteration * 104_729 + c * 15_485_863) % (DOCS - RANGE_WIDTH)) | 0;
        const found = await docs()
          .find({ score: { $gte: low, $lt: low + RANGE_WIDTH } }, { projection: { notes: 0 } })
          .toArray();
        if (found.length !== RANGE_WIDTH) throw new Error(`range query returned ${found.length} documents, expected ${RANGE_WIDTH}`);
      });
      record({
        benchmark: `indexed range query (${RANGE_WIDTH} of ${DOCS} docs), ${clients} clients`,
        value: ranges,
        unit: 'queries/s',
        target: '',
        met: undefined,
      });
      await client.close();
    }
    client = new MongoClient(store.uri);
    const outboxes = client.db('bench').collection<DrainRecord>('outboxes');
    for (let start = 0; start < DRAIN.records; start += LOAD_BATCH) {
      await outboxes.insertMany(
        Array.from({ length: Math.min(LOAD_BATCH, DRAIN.records - start) }, (_, k) => ({
          _id: start + k,
          tenantId: `t${Math.floor((start + k) / DRAIN.recordsPerTenant)}`,
          stage: 'lead',
          version: 0,
          outbox: [],
        })),
      );
    }
    for (const clear of DRAIN_CLEARS) {
      const value = await drainCpuPerRecordUs({ outboxes, clear, storePid: store.child.pid as number });
      record({
        benchmark: `store CPU per record of an outbox drain, updateMany of ${DRAIN.batch} records (${DRAIN.entriesPerRecord} entries each) by ${clear}, over ${DRAIN.records} records (independent of machine load)`,
        value,
        unit: 'µs',
        target: '',
        met: undefined,
      });
    }
    await client.close();
    await stopStore(store.child);
    record({ benchmark: 'machine load average (1 min) at the end', value: Number(loadavg()[0]?.toFixed(1)), unit: '', target: '', met: undefined });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  console.log('| benchmark | value | unit | target | met |');
  console.log('| --- | ---: | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.benchmark} | ${r.value} | ${r.unit} | ${r.target} | ${r.met === undefined ? '' : r.met ? 'yes' : 'NO'} |`);
  const outDir = join(ROOT, 'artifacts', 'bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'store.json'), `${JSON.stringify(rows, null, 2)}\n`);
}

await main();
