import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, storeModels, type Harness, type TenantKeys } from './harness';

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Jobs');
});
afterAll(() => h?.close());

const IMPORT = 'mutation($i: ImportRecordsInput!) { importRecords(input: $i) { __typename ... on Job { id } } }';
const MIGRATE = 'mutation($i: MigrateRecordsInput!) { migrateRecords(input: $i) { __typename ... on Job { id } } }';
/** The fields every stored job has, whatever its kind (the schema gives every job an empty `stageMap`). */
const JOB_FIELDS = [
  '_id',
  'tenantId',
  'kind',
  'status',
  'workflowKey',
  'total',
  'processed',
  'created',
  'skipped',
  'errors',
  'errorsLeftOut',
  'duplicates',
  'duplicatesLeftOut',
  'stageMap',
  'createdAt',
  'updatedAt',
];

async function storedJob(id: string) {
  const { models, close } = await storeModels(h.mongo.uri);
  try {
    return await models.Job.findOne({ tenantId: t.tenantId, _id: id }).lean();
  } finally {
    await close();
  }
}

describe('job documents', () => {
  it('stores an import job with its counters and timestamps, and no migration plan', async () => {
    const res = await h.gql(t.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv: 'name,email\nAnn,ann@jobs.example\nBob,bob@jobs.example' } });
    expect(res.data?.importRecords.__typename).toBe('Job');
    const job = await storedJob(res.data?.importRecords.id);
    expect(Object.keys(job ?? {}).sort()).toEqual([...JOB_FIELDS].sort());
    expect(job).toMatchObject({
      tenantId: t.tenantId,
      kind: 'import',
      status: 'done',
      workflowKey: 'standard_trunk',
      total: 2,
      processed: 2,
      created: 2,
      skipped: 0,
      errors: [],
      errorsLeftOut: 0,
      duplicates: [],
      duplicatesLeftOut: 0,
      stageMap: [],
    });
    expect(job?.createdAt).toBeInstanceOf(Date);
    expect(job?.updatedAt.getTime()).toBeGreaterThanOrEqual(job?.createdAt.getTime() ?? Infinity);
  });

  it('stores a migration job with the plan it resumes from', async () => {
    const wf = await h.gql(t.admin, '{ workflow(key: "standard_trunk") { ... on Workflow { draft } } }');
    await h.gql(t.admin, 'mutation($d: JSON!) { saveWorkflowDraft(input: { key: "standard_trunk", definition: $d }) { __typename } }', {
      d: wf.data?.workflow.draft,
    });
    const published = await h.gql(t.admin, 'mutation { publishWorkflow(input: { key: "standard_trunk" }) { ... on WorkflowVersion { version } } }');
    expect(published.data?.publishWorkflow.version).toBe(2);
    const stageMap = [{ from: 'lead', to: 'lead' }];
    const res = await h.gql(t.admin, MIGRATE, { i: { workflowKey: 'standard_trunk', fromVersion: 1, toVersion: 2, stageMap, limit: 1 } });
    expect(res.data?.migrateRecords.__typename).toBe('Job');
    const job = await storedJob(res.data?.migrateRecords.id);
    expect(Object.keys(job ?? {}).sort()).toEqual([...JOB_FIELDS, 'fromVersion', 'toVersion', 'cursor'].sort());
    expect(job).toMatchObject({
      tenantId: t.tenantId,
      kind: 'migration',
      status: 'running',
      workflowKey: 'standard_trunk',
      fromVersion: 1,
      toVersion: 2,
      stageMap,
      total: 2,
      processed: 1,
      created: 1,
      skipped: 0,
    });
    expect(job?.createdAt).toBeInstanceOf(Date);
  });
});
