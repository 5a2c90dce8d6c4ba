import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate, startHarness, storeModels, type Harness, type TenantKeys } from './harness';

/** Short enough that a few heartbeats (one every eighth of it) pass within a test. */
const STALE_MS = 800;
/**
 * Lease times from the config, far below the defaults (an import waits 2.5 s for its turn, not a minute), so no test
 * waits more than three seconds for a lease. The turn's wait stays longer than the longest hold, as by default, so an
 * import waiting out a hung turn is let in before it gives up. The longest hold leaves the stalled rows below room
 * for what a row does before its insert (its duplicate check, routing) on a loaded machine: the hold counts from
 * the turn's start, the stall from the insert.
 */
const LEASES = { ownerLeaseMs: 250, ownerLeaseMaxHoldMs: 1_500, ownerLeaseMaxWaitMs: 500, importTurnMaxWaitMs: 2_500 };
/** The most a row's work before its insert may take out of the longest hold (see LEASES). */
const BEFORE_INSERT_MS = 500;

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  // One row a chunk: the turns below stall at a row's insert, and each row is its own check and insert.
  h = await startHarness({ jobStaleAfterMs: STALE_MS, ...LEASES, importChunkRows: 1 });
  t = await h.tenant('Job holders');
});
afterAll(() => h?.close());

const CREATE = 'mutation($i: CreateRecordInput!) { createRecord(input: $i) { __typename ... on Record { id } } }';
const MIGRATE = `mutation($i: MigrateRecordsInput!) { migrateRecords(input: $i) { __typename
  ... on Job { id status processed } ... on JobBusy { code jobId } } }`;

/** A new workflow `key` from the standard trunk with `n` leads on version 1, and its version 2. */
async function leadsWithVersion2(key: string, n: number): Promise<void> {
  await h.gql(t.admin, `mutation { createWorkflowFromTemplate(input: { template: "standard_trunk", key: "${key}" }) { __typename } }`);
  for (let i = 0; i < n; i++) await h.gql(t.marketing, CREATE, { i: { workflowKey: key, fields: { name: `${key} ${i}` } } });
  const published = await h.gql(t.admin, `mutation { publishWorkflow(input: { key: "${key}" }) { ... on WorkflowVersion { version } } }`);
  expect(published.data?.publishWorkflow.version).toBe(2);
}

/** Holds the server's record writes until `release` (and tells when the first is reached). */
function holdRecordWrites(): ReturnType<typeof gate> & { restore: () => void } {
  const records = h.server.services.records;
  const update = records.update.bind(records);
  const held = gate();
  records.update = async (args) => {
    await held.stop();
    return update(args);
  };
  return { ...held, restore: () => (records.update = update) };
}

describe('a migration run that lost its job', () => {
  it('stops beating the job’s heartbeat, so the run holding it now is the only one heard from', async () => {
    await leadsWithVersion2('lost_beat', 2);
    const held = holdRecordWrites();
    const { models, close } = await storeModels(h.mongo.uri);
    try {
      const run = h.gql(t.admin, MIGRATE, { i: { workflowKey: 'lost_beat', fromVersion: 1, toVersion: 2, stageMap: [] } });
      await held.reached;
      // The run stalls at its first record; meanwhile another run takes the job over (as after a silent stale period).
      const job = await models.Job.findOne({ tenantId: t.tenantId, kind: 'migration', workflowKey: 'lost_beat' }).lean();
      const takenAt = new Date(Date.now() - 1000);
      await models.Job.updateOne({ tenantId: t.tenantId, _id: job?._id }, { $set: { runner: 'the-run-that-took-over', updatedAt: takenAt } });
      await new Promise((resolve) => setTimeout(resolve, STALE_MS / 2));
      const beaten = await models.Job.findOne({ tenantId: t.tenantId, _id: job?._id }).lean();
      expect(beaten).toMatchObject({ runner: 'the-run-that-took-over', updatedAt: takenAt });
      held.release();
      expect((await run).data?.migrateRecords).toEqual({ __typename: 'JobBusy', code: 'JOB_BUSY', jobId: job?._id });
    } finally {
      held.release();
      held.restore();
      await close();
    }
  });
});

describe('an import turn', () => {
  const IMPORT = 'mutation($i: ImportRecordsInput!) { importRecords(input: $i) { __typename ... on Job { status created skipped } } }';
  const IMPORT_ERRORS =
    'mutation($i: ImportRecordsInput!) { importRecords(input: $i) { __typename ... on Job { status created errors { row pointer message } } } }';
  const csv = (domain: string) => `name,email\n${Array.from({ length: 20 }, (_, i) => `Row ${i},row.${i}@${domain}`).join('\n')}`;
  const runImport = (domain: string) => h.gql(t.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv: csv(domain), dedupeBy: ['email'] } });
  const storedOf = async (domain: string) => {
    const { models, close } = await storeModels(h.mongo.uri);
    try {
      return await models.Record.countDocuments({ tenantId: t.tenantId, 'contact.email': new RegExp(`@${domain.replace(/\./g, '\\.')}$`) });
    } finally {
      await close();
    }
  };

  /** Holds the server's first record insert of an email at `domain` until its gate's `release`. */
  function holdFirstInsertOf(domain: string): ReturnType<typeof gate> & { restore: () => void } {
    const records = h.server.services.records;
    const insert = records.insert;
    const held = gate();
    let first = true;
    records.insert = async (args) => {
      if (first && args.contact.email?.endsWith(`@${domain}`)) {
        first = false;
        await held.stop();
      }
      return insert.call(records, args);
    };
    return { ...held, restore: () => (records.insert = insert) };
  }

  it('lets a second import in once a row that never finishes has held the turn for the longest hold, and the stalled turn then writes no further row', async () => {
    const hung = holdFirstInsertOf('hung.example');
    const next = holdFirstInsertOf('next.example');
    const jobs: Promise<unknown>[] = [];
    try {
      const first = runImport('hung.example');
      jobs.push(first);
      await hung.reached;
      const stalledAt = Date.now();
      const second = runImport('next.example');
      jobs.push(second);
      // The second import takes the turn once the first's lease lapses at the longest hold, not when its insert ends.
      const inTime = await Promise.race([
        next.reached.then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), LEASES.ownerLeaseMaxHoldMs + 3_000)),
      ]);
      expect(inTime).toBe(true);
      expect(Date.now() - stalledAt).toBeGreaterThanOrEqual(LEASES.ownerLeaseMaxHoldMs - BEFORE_INSERT_MS);
      // The hung insert lands now, while the second import holds the turn (for a lease, well within its longest
      // hold): the first's turn writes no row after it.
      hung.release();
      await new Promise((resolve) => setTimeout(resolve, LEASES.ownerLeaseMs));
      expect(await storedOf('hung.example')).toBe(1);
      next.release();
      expect((await second).data?.importRecords).toMatchObject({ status: 'done', created: 20 });
      expect(Date.now() - stalledAt).toBeLessThan(LEASES.ownerLeaseMaxHoldMs + 5_000);
      expect((await first).data?.importRecords).toMatchObject({ status: 'done', created: 20 });
    } finally {
      hung.release();
      next.release();
      next.restore();
      hung.restore();
      await Promise.allSettled(jobs);
    }
    expect(await storedOf('hung.example')).toBe(20);
    expect(await storedOf('next.example')).toBe(20);
  });

  it("fails an import that waited its longest for the tenant's import turn, saying so", async () => {
    const { models, close } = await storeModels(h.mongo.uri);
    try {
      // Another import holds the turn for longer than this one waits (as many turns in a row that hang would).
      await models.OwnerLease.updateOne({ tenantId: t.tenantId, key: 'import' }, { $set: { holder: 'another-import', until: Date.now() + 120_000 } });
      const job = (await h.gql(t.marketing, IMPORT_ERRORS, { i: { workflowKey: 'standard_trunk', csv: csv('waited.example'), dedupeBy: ['email'] } })).data
        ?.importRecords;
      expect(job).toMatchObject({ status: 'failed', created: 0, errors: [{ row: 2, pointer: '' }] });
      expect(job.errors[0].message).toMatch(new RegExp(`^waited ${Math.round(LEASES.importTurnMaxWaitMs / 1000)} s for the tenant's import turn`));
    } finally {
      await models.OwnerLease.updateOne({ tenantId: t.tenantId, key: 'import' }, { $set: { holder: null, until: 0 } });
      await close();
    }
  });

  it('keeps the import lease while a row stalls past the lease, so a second import of the file creates nothing twice', async () => {
    const held = holdFirstInsertOf('stalled.example');
    try {
      const jobs = [runImport('stalled.example'), runImport('stalled.example')];
      await held.reached;
      // Longer than a lease outlives its holder's last renewal (the whole lease, before renewals), and shorter than
      // the longest hold, after which the second import would take the turn.
      await new Promise((resolve) => setTimeout(resolve, (LEASES.ownerLeaseMs + LEASES.ownerLeaseMaxHoldMs) / 2));
      held.release();
      const done = (await Promise.all(jobs)).map((r) => r.data?.importRecords);
      expect(done.map((j) => j.status)).toEqual(['done', 'done']);
      expect(done[0].created + done[1].created).toBe(20);
    } finally {
      held.release();
      held.restore();
    }
    expect(await storedOf('stalled.example')).toBe(20);
  });

  it('does not create a row whose duplicate check outlived its lease, and checks it again in its next turn', async () => {
    // The first duplicate lookup of the import (one per dedupe key for a chunk of rows) stalls until released (a
    // store slow for this process alone).
    const Record = h.server.services.models.Record as any;
    const find = Record.find;
    const held = gate();
    let first = true;
    Record.find = function (this: unknown, ...args: unknown[]) {
      const query = find.apply(this, args);
      if (first && JSON.stringify(args[0]).includes('taken.example')) {
        first = false;
        const exec = query.exec.bind(query);
        query.exec = async () => {
          await held.stop();
          return exec();
        };
      }
      return query;
    };
    const { models, close } = await storeModels(h.mongo.uri);
    try {
      const job = runImport('taken.example');
      await held.reached;
      // Meanwhile the lease lapses and another import takes it; the turn learns it at its next renewal (every quarter
      // lease), or at the latest when its term, a lease after its last renewal, is over.
      await models.OwnerLease.updateOne(
        { tenantId: t.tenantId, key: 'import' },
        { $set: { holder: 'another-import', until: Date.now() + 6 * LEASES.ownerLeaseMs } },
      );
      await new Promise((resolve) => setTimeout(resolve, 3 * LEASES.ownerLeaseMs));
      held.release();
      await new Promise((resolve) => setTimeout(resolve, LEASES.ownerLeaseMs));
      // Found missing, but no longer surely alone: not created while the other holds the lease.
      expect(await storedOf('taken.example')).toBe(0);
      expect((await job).data?.importRecords).toMatchObject({ status: 'done', created: 20, skipped: 0 });
    } finally {
      held.release();
      Record.find = find;
      await close();
    }
    expect(await storedOf('taken.example')).toBe(20);
  });
});
