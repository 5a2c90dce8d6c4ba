import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_RESULT, startHarness, type Harness, type TenantKeys } from './harness';

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Migration review');
});
afterAll(() => h?.close());

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const PLAN = `query($i: PlanMigrationInput!) { planMigration(input: $i) { __typename
  ... on MigrationPlan { ok unmapped stages { from to by count } diagnostics { severity code pointer message } } } }`;
const MIGRATE = `mutation($i: MigrateRecordsInput!) { migrateRecords(input: $i) { __typename
  ... on Job { id status total processed created skipped errors { row pointer message } }
  ... on ValidationFailed { diagnostics { pointer message } } } }`;
const RECORD = (id: string) => `{ record(id: "${id}") { ... on Record { workflowVersion stage version fields nextDueAt timers { key dueAt } } } }`;

/** Version 2 of workflow `key`: the draft's JSON with `edit` applied. */
async function workflowWithVersion2(key: string, edit: (draft: any) => any): Promise<void> {
  const wf = await h.gql(t.admin, `{ workflow(key: "${key}") { ... on Workflow { draft } } }`);
  const saved = await h.gql(
    t.admin,
    'mutation($k: String!, $d: JSON!) { saveWorkflowDraft(input: { key: $k, definition: $d }) { ... on Workflow { draftDiagnostics { severity message pointer } } } }',
    {
      k: key,
      d: edit(structuredClone(wf.data?.workflow.draft)),
    },
  );
  expect(saved.data?.saveWorkflowDraft.draftDiagnostics.filter((d: any) => d.severity === 'error')).toEqual([]);
  const published = await h.gql(t.admin, `mutation { publishWorkflow(input: { key: "${key}" }) { ... on WorkflowVersion { version } } }`);
  expect(published.data?.publishWorkflow.version).toBe(2);
}

/** A new workflow `key` from the standard trunk, and `n` records on its version 1, in the lead stage. */
async function leads(key: string, n: number): Promise<string[]> {
  const made = await h.gql(t.admin, `mutation { createWorkflowFromTemplate(input: { template: "standard_trunk", key: "${key}" }) { __typename } }`);
  expect(made.data?.createWorkflowFromTemplate.__typename).toBe('Workflow');
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const made = await h.gql(t.marketing, CREATE, {
      i: { workflowKey: key, fields: { name: `${key} ${i}`, phone: `+1 555 02${String(i).padStart(2, '0')}`, email: `${key}.${i}@migration.example` } },
    });
    ids.push(made.data?.createRecord.id);
  }
  return ids;
}

/** The draft with stage `from` called `to` wherever a stage is named (a phase of the same name stays). */
const renamed = (from: string, to: string) => (draft: any) =>
  JSON.parse(JSON.stringify(draft), (key, value) => (value === from && key !== 'phase' ? to : value));

describe('migration review', () => {
  it('plans as ready and runs when a stage left out of the new version holds no records', async () => {
    const ids = await leads('mig_empty', 2);
    await workflowWithVersion2('mig_empty', renamed('product_trial', 'trial'));
    const input = { workflowKey: 'mig_empty', fromVersion: 1, toVersion: 2, stageMap: [] };
    const plan = await h.gql(t.admin, PLAN, { i: input });
    expect(plan.data?.planMigration).toMatchObject({ ok: true, unmapped: ['product_trial'] });
    expect(plan.data?.planMigration.stages.find((s: any) => s.from === 'product_trial')).toEqual({ from: 'product_trial', to: null, by: 'unmapped', count: 0 });
    const run = await h.gql(t.admin, MIGRATE, { i: input });
    expect(run.data?.migrateRecords).toMatchObject({ __typename: 'Job', status: 'done', total: 2, processed: 2, created: 2 });
    for (const id of ids) expect((await h.gql(t.admin, RECORD(id))).data?.record).toMatchObject({ workflowVersion: 2, stage: 'lead' });
  });

  it('refuses to resume a job with another plan than the one it started, moving nothing', async () => {
    const ids = await leads('mig_resume', 3);
    await workflowWithVersion2('mig_resume', renamed('lead', 'new_lead'));
    const input = { workflowKey: 'mig_resume', fromVersion: 1, toVersion: 2, stageMap: [{ from: 'lead', to: 'new_lead' }] };
    const first = await h.gql(t.admin, MIGRATE, { i: { ...input, limit: 1 } });
    expect(first.data?.migrateRecords).toMatchObject({ status: 'running', processed: 1, total: 3 });
    const jobId = first.data?.migrateRecords.id;
    const other = await h.gql(t.admin, MIGRATE, { i: { ...input, stageMap: [{ from: 'lead', to: 'mql' }], jobId } });
    expect(other.data?.migrateRecords.__typename).toBe('ValidationFailed');
    expect(other.data?.migrateRecords.diagnostics[0].pointer).toBe('/stageMap');
    const stages = async () => Promise.all(ids.map(async (id) => (await h.gql(t.admin, RECORD(id))).data?.record.stage));
    expect((await stages()).sort()).toEqual(['lead', 'lead', 'new_lead']);
    const rest = await h.gql(t.admin, MIGRATE, { i: { ...input, jobId } });
    expect(rest.data?.migrateRecords).toMatchObject({ status: 'done', processed: 3, created: 3 });
    expect(await stages()).toEqual(['new_lead', 'new_lead', 'new_lead']);
  });

  it('migrates a record changed while the run was at it, from the state it was changed to', async () => {
    const [id] = await leads('mig_race', 1);
    await workflowWithVersion2('mig_race', renamed('lead', 'new_lead'));
    const records = h.server.services.records;
    const update = records.update.bind(records);
    let raced = false;
    // Another writer lands between the run's read of the record and its version-checked write.
    records.update = async (input) => {
      if (!raced && input.before.id === id) {
        raced = true;
        const changed = await h.gql(t.marketing, 'mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { __typename } }', {
          i: { id, expectedVersion: input.before.version, fields: { phone: '+1 555 0199' } },
        });
        expect(changed.data?.updateRecord.__typename).toBe('Record');
      }
      return update(input);
    };
    try {
      const run = await h.gql(t.admin, MIGRATE, { i: { workflowKey: 'mig_race', fromVersion: 1, toVersion: 2, stageMap: [{ from: 'lead', to: 'new_lead' }] } });
      expect(raced).toBe(true);
      expect(run.data?.migrateRecords).toMatchObject({ status: 'done', processed: 1, created: 1, skipped: 0, errors: [] });
    } finally {
      records.update = update;
    }
    expect((await h.gql(t.admin, RECORD(id!))).data?.record).toMatchObject({ workflowVersion: 2, stage: 'new_lead', fields: { phone: '+1 555 0199' } });
  });

  it('drops a timer the new stage lacks and arms one the new stage gains', async () => {
    const [inSql, inMql] = await leads('mig_timers', 2);
    let version = 1;
    for (const transition of ['qualify', 'accept']) {
      const res = await h.gql(transition === 'qualify' ? t.marketing : t.sales, TRANSITION, { i: { id: inSql, transition, expectedVersion: version } });
      version = res.data?.transitionRecord.version;
    }
    await h.gql(t.marketing, TRANSITION, { i: { id: inMql, transition: 'qualify', expectedVersion: 1 } });
    expect((await h.gql(t.admin, RECORD(inSql!))).data?.record.timers.map((x: any) => x.key)).toEqual(['one_week_rule']);
    await workflowWithVersion2('mig_timers', (draft) => {
      const sql = draft.stages.find((s: any) => s.key === 'sql');
      draft.stages.find((s: any) => s.key === 'mql').timers = sql.timers;
      delete sql.timers;
      draft.transitions.find((x: any) => x.key === 'recycle').from = ['sql', 'mql'];
      return draft;
    });
    const run = await h.gql(t.admin, MIGRATE, { i: { workflowKey: 'mig_timers', fromVersion: 1, toVersion: 2, stageMap: [] } });
    expect(run.data?.migrateRecords).toMatchObject({ status: 'done', created: 2 });
    expect((await h.gql(t.admin, RECORD(inSql!))).data?.record).toMatchObject({ stage: 'sql', timers: [], nextDueAt: null });
    const mql = (await h.gql(t.admin, RECORD(inMql!))).data?.record;
    expect(mql.timers.map((x: any) => x.key)).toEqual(['one_week_rule']);
    await h.gql(t.admin, 'mutation { advanceClock(by: "P8D") { __typename } }');
    await h.gql(t.admin, 'mutation { runDueTimers { fired } }');
    expect((await h.gql(t.admin, RECORD(inSql!))).data?.record.stage).toBe('sql');
    expect((await h.gql(t.admin, RECORD(inMql!))).data?.record.stage).toBe('pool');
  });

  it('recycles an SQL record 6 days in on day 7 when its stage was renamed, and gives it a week more when it was moved', async () => {
    /** `n` records of a new workflow `key`, each qualified and accepted into the SQL stage now. */
    const sqls = async (key: string, n: number) => {
      const ids = await leads(key, n);
      for (const id of ids) {
        const qualified = await h.gql(t.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
        const accepted = await h.gql(t.sales, TRANSITION, { i: { id, transition: 'accept', expectedVersion: qualified.data?.transitionRecord.version } });
        expect(accepted.data?.transitionRecord.stage).toBe('sql');
      }
      return ids;
    };
    const kept = await sqls('mig_renamed', 2);
    const [moved] = await sqls('mig_moved', 1);
    for (const key of ['mig_renamed', 'mig_moved']) await workflowWithVersion2(key, renamed('sql', 'sales_qualified'));
    await h.gql(t.admin, 'mutation { advanceClock(by: "P6D") { __typename } }');
    const input = { workflowKey: 'mig_renamed', fromVersion: 1, toVersion: 2, stageMap: [{ from: 'sql', to: 'sales_qualified', rename: true }] };
    const plan = (await h.gql(t.admin, PLAN, { i: input })).data?.planMigration;
    expect(plan.stages.find((s: any) => s.from === 'sql')).toEqual({ from: 'sql', to: 'sales_qualified', by: 'rename', count: 2 });
    // A resumed job carries its renames: resuming it without one is another plan.
    const first = await h.gql(t.admin, MIGRATE, { i: { ...input, limit: 1 } });
    expect(first.data?.migrateRecords).toMatchObject({ status: 'running', processed: 1 });
    const jobId = first.data?.migrateRecords.id;
    const unrenamed = await h.gql(t.admin, MIGRATE, { i: { ...input, stageMap: [{ from: 'sql', to: 'sales_qualified' }], jobId } });
    expect(unrenamed.data?.migrateRecords.__typename).toBe('ValidationFailed');
    expect(unrenamed.data?.migrateRecords.diagnostics[0].pointer).toBe('/stageMap');
    const rest = await h.gql(t.admin, MIGRATE, { i: { ...input, jobId } });
    expect(rest.data?.migrateRecords).toMatchObject({ status: 'done', processed: 2, created: 2 });
    const move = await h.gql(t.admin, MIGRATE, {
      i: { workflowKey: 'mig_moved', fromVersion: 1, toVersion: 2, stageMap: [{ from: 'sql', to: 'sales_qualified' }] },
    });
    expect(move.data?.migrateRecords).toMatchObject({ status: 'done', created: 1 });
    for (const id of [...kept, moved]) expect((await h.gql(t.admin, RECORD(id!))).data?.record).toMatchObject({ workflowVersion: 2, stage: 'sales_qualified' });
    await h.gql(t.admin, 'mutation { advanceClock(by: "P1D") { __typename } }');
    await h.gql(t.admin, 'mutation { runDueTimers { fired } }');
    for (const id of kept) expect((await h.gql(t.admin, RECORD(id))).data?.record.stage).toBe('pool');
    expect((await h.gql(t.admin, RECORD(moved!))).data?.record.stage).toBe('sales_qualified');
  });

  it('resumes a job stored before renames existed as one without renames', async () => {
    const ids = await leads('mig_old_job', 2);
    await workflowWithVersion2('mig_old_job', renamed('lead', 'new_lead'));
    const input = { workflowKey: 'mig_old_job', fromVersion: 1, toVersion: 2, stageMap: [{ from: 'lead', to: 'new_lead' }] };
    const first = await h.gql(t.admin, MIGRATE, { i: { ...input, limit: 1 } });
    const jobId = first.data?.migrateRecords.id;
    const jobs = h.server.services.models.Job.collection;
    // The job as a process before renames wrote it: entries without the flag.
    await jobs.updateOne({ _id: jobId } as never, { $set: { stageMap: [{ from: 'lead', to: 'new_lead' }] } });
    const renaming = await h.gql(t.admin, MIGRATE, { i: { ...input, stageMap: [{ from: 'lead', to: 'new_lead', rename: true }], jobId } });
    expect(renaming.data?.migrateRecords.__typename).toBe('ValidationFailed');
    expect(renaming.data?.migrateRecords.diagnostics[0].pointer).toBe('/stageMap');
    const rest = await h.gql(t.admin, MIGRATE, { i: { ...input, jobId } });
    expect(rest.data?.migrateRecords).toMatchObject({ status: 'done', processed: 2, created: 2 });
    for (const id of ids) expect((await h.gql(t.admin, RECORD(id))).data?.record.stage).toBe('new_lead');
  });

  it('refuses a rename of a stage mapped to its own key', async () => {
    await leads('mig_rename_self', 1);
    await workflowWithVersion2('mig_rename_self', (draft) => draft);
    const input = { workflowKey: 'mig_rename_self', fromVersion: 1, toVersion: 2, stageMap: [{ from: 'lead', to: 'lead', rename: true }] };
    const plan = (await h.gql(t.admin, PLAN, { i: input })).data?.planMigration;
    expect(plan.ok).toBe(false);
    expect(plan.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'migration.rename_same_key', pointer: '/stageMap/lead/rename' })]);
    expect((await h.gql(t.admin, MIGRATE, { i: input })).data?.migrateRecords.__typename).toBe('ValidationFailed');
  });

  it('leaves a record whose fields the new version refuses where it is, and says so in the plan and the job', async () => {
    const made = await leads('mig_fields', 2);
    const withScore = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'mig_fields', fields: { name: 'Scored', score: 40 } } });
    const scored = withScore.data?.createRecord.id;
    await workflowWithVersion2('mig_fields', (draft) => {
      delete draft.fields.properties.score;
      return draft;
    });
    const input = { workflowKey: 'mig_fields', fromVersion: 1, toVersion: 2, stageMap: [] };
    const plan = (await h.gql(t.admin, PLAN, { i: input })).data?.planMigration;
    expect(plan.ok).toBe(true);
    expect(plan.diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'migration.fields_refused',
        pointer: '/fields/score',
        message: expect.stringMatching(/^1 record: "score" is not a known property/),
      },
    ]);
    const run = await h.gql(t.admin, MIGRATE, { i: input });
    expect(run.data?.migrateRecords).toMatchObject({ status: 'done', total: 3, processed: 3, created: 2, skipped: 1 });
    expect(run.data?.migrateRecords.errors).toEqual([
      { row: expect.any(Number), pointer: `/records/${scored}/fields/score`, message: expect.stringMatching(/not a known property .*not migrated/) },
    ]);
    for (const id of made) expect((await h.gql(t.admin, RECORD(id))).data?.record.workflowVersion).toBe(2);
    // Left on version 1 it can still be changed; the field cleared, a new run takes it.
    const cleared = await h.gql(t.sales, 'mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { __typename ... on Record { version } } }', {
      i: { id: scored, expectedVersion: 1, fields: { score: null } },
    });
    expect(cleared.data?.updateRecord.__typename).toBe('Record');
    const again = await h.gql(t.admin, MIGRATE, { i: input });
    expect(again.data?.migrateRecords).toMatchObject({ status: 'done', created: 1, errors: [] });
    expect((await h.gql(t.admin, RECORD(scored))).data?.record).toMatchObject({ workflowVersion: 2, fields: { name: 'Scored' } });
  });

  it('refuses to migrate records to the version they are on, or to an older one', async () => {
    const [id] = await leads('mig_backwards', 1);
    await workflowWithVersion2('mig_backwards', (draft) => draft);
    for (const [fromVersion, toVersion] of [
      [1, 1],
      [2, 1],
    ]) {
      const input = { workflowKey: 'mig_backwards', fromVersion, toVersion, stageMap: [] };
      const plan = (await h.gql(t.admin, PLAN, { i: input })).data?.planMigration;
      expect(plan.ok).toBe(false);
      expect(plan.diagnostics[0]).toMatchObject({ code: 'migration.not_newer', pointer: '/toVersion' });
      const run = await h.gql(t.admin, MIGRATE, { i: input });
      expect(run.data?.migrateRecords.__typename).toBe('ValidationFailed');
      expect(run.data?.migrateRecords.diagnostics[0].pointer).toBe('/toVersion');
    }
    expect((await h.gql(t.admin, RECORD(id!))).data?.record).toMatchObject({ workflowVersion: 1, version: 1 });
  });

  it('refuses a stage map that maps one old stage twice, instead of keeping the last entry', async () => {
    const [id] = await leads('mig_twice', 1);
    await workflowWithVersion2('mig_twice', (draft) => draft);
    const input = {
      workflowKey: 'mig_twice',
      fromVersion: 1,
      toVersion: 2,
      stageMap: [
        { from: 'lead', to: 'lead' },
        { from: 'lead', to: 'mql' },
      ],
    };
    const plan = (await h.gql(t.admin, PLAN, { i: input })).data?.planMigration;
    expect(plan.ok).toBe(false);
    expect(plan.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'migration.mapped_twice',
        pointer: '/stageMap/lead',
        message: 'stage "lead" is mapped twice (to "lead" and "mql"); map it once',
      },
    ]);
    const run = await h.gql(t.admin, MIGRATE, { i: input });
    expect(run.data?.migrateRecords.__typename).toBe('ValidationFailed');
    expect((await h.gql(t.admin, RECORD(id!))).data?.record).toMatchObject({ workflowVersion: 1, stage: 'lead' });
  });
});
