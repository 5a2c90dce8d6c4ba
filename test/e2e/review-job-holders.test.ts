import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, storeModels, type Harness, type TenantKeys } from './harness';

/** Short enough that a few heartbeats (one every eighth of it) pass within a test. */
const STALE_MS = 800;

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  h = await startHarness({ jobStaleAfterMs: STALE_MS });
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

/** Holds the server's record writes at the first one until `release` (and tells when it is reached). */
function holdRecordWrites(): { reached: Promise<void>; release: () => void; restore: () => void } {
  const records = h.server.services.records;
  const update = records.update.bind(records);
  let release = () => {};
  let reach = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => (reach = resolve));
  records.update = async (args) => {
    reach();
    await gate;
    return update(args);
  };
  return { reached, release: () => release(), restore: () => (records.update = update) };
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
