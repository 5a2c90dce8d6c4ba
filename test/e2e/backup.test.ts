import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { openModels } from '@funnel/api';
import { runningStoreUri, startEmbeddedMongo } from '@funnel/embedded-mongo';
import { ROOT_KEY } from './harness';
import { gqlAt } from './http-client';
import { tenantWithManager } from './manager-tenant';
import { freePorts, TestProcesses } from './processes';

// `funnel backup` during a burst of creates and transitions through the GraphQL api, on the embedded store the api
// started itself; `funnel restore` into an empty data directory; then the restored data is a state some moment of the
// burst had: every record's events are in the log or still in its outbox, one for each of its versions and none
// beyond them, and as many records and transitions as were acknowledged before the backup began at least and as
// were sent before it ended at most. An api started on the restored directory serves it and its outbox repair scan
// copies what the backup caught between a record's write and the copy of its events into the log.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { API_PORT, RESTORED_PORT } = await freePorts(['API_PORT', 'RESTORED_PORT']);
const WORKERS = 6;
/** How long the burst runs before the backup starts, and on after it has ended. */
const BURST_LEAD_MS = 1500;
const BURST_TAIL_MS = 700;
/**
 * Events wait this long to be copied into the log, so a backup always catches some only in their records' outboxes: a
 * drain starts after this wait and then copies whatever came meanwhile at once, so at 300 ms a loaded host kept the
 * drainer copying without pause and a backup once caught none.
 */
const DRAIN_GATHER_MS = 1500;
const processes = new TestProcesses();
const dirs: string[] = [];

afterAll(() => {
  processes.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'funnel-backup-'));
  dirs.push(dir);
  return dir;
}

/** `funnel <args>` as a user runs it (the CLI, its own process); rejects with its stderr when it fails. */
async function funnel(args: string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)('npx', ['tsx', 'api/src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  return stdout;
}

/** One acknowledged or sent write of the burst: `sent` and `answered` in ms since the epoch. */
type Write = { kind: 'create' | 'transition'; sent: number; answered?: number };

it('restores a backup taken during a burst of writes to a state some moment of the burst had', async () => {
  const live = freshDir();
  const env = { FUNNEL_DATA_DIR: live, FUNNEL_ROOT_KEY: ROOT_KEY, FUNNEL_SWEEP_INTERVAL_MS: '0', FUNNEL_METRICS_BUILD_INTERVAL_MS: '0' };
  // No MONGODB_URI: the api starts the embedded store on $FUNNEL_DATA_DIR/embedded-mongo, as `npm start` does.
  await processes.start(['api/src/main.ts'], { ...env, PORT: String(API_PORT), FUNNEL_DRAIN_GATHER_MS: String(DRAIN_GATHER_MS) }, /Funnel is running/);
  const gql = gqlAt(`http://127.0.0.1:${API_PORT}/graphql`);
  const { tenantId, manager } = await tenantWithManager(gql, 'Backup');

  // The burst: each worker creates a lead, qualifies it and accepts it, over and over, until told to stop.
  const writes: Write[] = [];
  let stop = false;
  const write = async (kind: Write['kind'], query: string, input: Record<string, unknown>) => {
    const entry: Write = { kind, sent: Date.now() };
    writes.push(entry);
    const answer = await gql(manager, query, { i: input }).catch(() => undefined);
    const result = answer?.data && Object.values(answer.data)[0];
    if (result?.__typename === 'Record') entry.answered = Date.now();
    return result?.id as string | undefined;
  };
  const worker = async (w: number) => {
    for (let n = 0; !stop; n++) {
      const id = await write('create', 'mutation($i: CreateRecordInput!) { createRecord(input: $i) { __typename ... on Record { id } } }', {
        workflowKey: 'standard_trunk',
        fields: { name: `Lead ${w}-${n}`, email: `lead-${w}-${n}@x.example` },
      });
      for (const [transition, expectedVersion] of [
        ['qualify', 1],
        ['accept', 2],
      ] as const) {
        if (!id || stop) break;
        await write('transition', 'mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { __typename ... on Record { id } } }', {
          id,
          transition,
          expectedVersion,
        });
      }
    }
  };
  const burst = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  await new Promise((resolve) => setTimeout(resolve, BURST_LEAD_MS));

  const archive = join(freshDir(), 'funnel.backup');
  const began = Date.now();
  const said = await funnel(['backup', archive], env);
  const ended = Date.now();
  await new Promise((resolve) => setTimeout(resolve, BURST_TAIL_MS));
  stop = true;
  await burst;
  expect(said).toMatch(/^backup of the store serving .* written to .*funnel\.backup: \d+ collections, \d+ documents, \d+ bytes/);
  const count = (kind: Write['kind'], when: (write: Write) => boolean) => writes.filter((w) => w.kind === kind && when(w)).length;
  // Writes went on while the backup ran: the store did not stop them.
  expect(
    count('create', (w) => w.sent > began && (w.answered ?? Infinity) < ended) + count('transition', (w) => w.sent > began && (w.answered ?? Infinity) < ended),
  ).toBeGreaterThan(0);

  const restoredDir = freshDir();
  expect(await funnel(['restore', archive, '--data-dir', join(restoredDir, 'embedded-mongo')], {})).toMatch(
    /^restored .* into .*: \d+ collections, \d+ documents/,
  );
  await expect(funnel(['restore', archive, '--data-dir', join(restoredDir, 'embedded-mongo')], {})).rejects.toThrow(
    /funnel restore: the data directory .* is not empty \(it holds .*snapshot-00000001\.bin.*\); a restore goes into an empty or new directory only/,
  );

  // The restored state, as the store holds it before any api touches it.
  const store = await startEmbeddedMongo({ dataDir: join(restoredDir, 'embedded-mongo') });
  const { models, close } = await openModels(store.uri);
  let onlyInOutboxes: string[];
  try {
    const records = await models.Record.find({ tenantId }, { version: 1, outbox: 1 }).lean();
    const logged = await models.Event.find({ tenantId }, { _id: 1, recordId: 1, version: 1 }).lean();
    const versionOf = new Map(records.map((r) => [r._id, r.version]));
    // Nothing half-written: no event of a record the backup does not hold, or of a version past the record's.
    expect(logged.filter((e) => (versionOf.get(e.recordId as string) ?? 0) < e.version)).toEqual([]);
    // Every record with its events: one (at least) for each of its versions, in the log or in its outbox.
    // (Event ids are `<record id>:<version>:<index>`, zero-padded.)
    const versionsHeld = new Map<string, Set<number>>();
    for (const id of [...logged.map((e) => e._id), ...records.flatMap((r) => r.outbox.map((e) => e._id))]) {
      const [recordId, version] = id.split(':');
      versionsHeld.set(recordId as string, (versionsHeld.get(recordId as string) ?? new Set()).add(Number(version)));
    }
    const missing = records.flatMap((r) =>
      Array.from({ length: r.version }, (_, v) => v + 1)
        .filter((v) => !versionsHeld.get(r._id)?.has(v))
        .map((v) => `${r._id} v${v}`),
    );
    expect(missing).toEqual([]);
    // The backup caught events between their record's write and their copy into the log.
    onlyInOutboxes = records.flatMap((r) => r.outbox.map((e) => e._id)).filter((id) => !logged.some((e) => e._id === id));
    expect(onlyInOutboxes.length).toBeGreaterThan(0);
    // A moment within the backup: at least what was acknowledged before it began, at most what was sent before it ended.
    const transitions = records.reduce((sum, r) => sum + r.version - 1, 0);
    expect(records.length).toBeGreaterThanOrEqual(count('create', (w) => (w.answered ?? Infinity) < began));
    expect(records.length).toBeLessThanOrEqual(count('create', (w) => w.sent < ended));
    expect(transitions).toBeGreaterThanOrEqual(count('transition', (w) => (w.answered ?? Infinity) < began));
    expect(transitions).toBeLessThanOrEqual(count('transition', (w) => w.sent < ended));
    expect(records.length).toBeLessThan(count('create', (w) => w.answered !== undefined));
  } finally {
    await close();
    await store.close();
  }

  // An api on the restored directory serves it; its repair scan (which runs with the sweeper) copies the outboxes'
  // events into the log.
  await processes.start(
    ['api/src/main.ts'],
    { ...env, FUNNEL_DATA_DIR: restoredDir, PORT: String(RESTORED_PORT), FUNNEL_SWEEP_INTERVAL_MS: '200', FUNNEL_OUTBOX_REPAIR_INTERVAL_MS: '200' },
    /Funnel is running/,
  );
  const sample = (onlyInOutboxes[0] as string).split(':')[0];
  const shown = await gqlAt(`http://127.0.0.1:${RESTORED_PORT}/graphql`)(
    manager,
    'query($id: ID!) { record(id: $id) { ... on Record { version history(first: 50) { edges { node { type } } } } } }',
    {
      id: sample,
    },
  );
  expect(shown.data?.record.history.edges.length).toBeGreaterThanOrEqual(shown.data?.record.version);
  const restored = await openModels(runningStoreUri(join(restoredDir, 'embedded-mongo')) as string);
  try {
    const copiedBy = Date.now() + 30_000;
    while ((await restored.models.Event.countDocuments({ tenantId, _id: { $in: onlyInOutboxes } })) < onlyInOutboxes.length && Date.now() < copiedBy) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await restored.models.Event.countDocuments({ tenantId, _id: { $in: onlyInOutboxes } })).toBe(onlyInOutboxes.length);
  } finally {
    await restored.close();
  }
}, 120_000);
