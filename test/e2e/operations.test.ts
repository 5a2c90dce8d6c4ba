import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunnelServer } from '@funnel/api';
import { DAY_MS, RECORD_RESULT, START, startHarness, type Harness, type TenantKeys } from './harness';
import { openSubscription } from './subscription-stream';

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Ops');
});
afterAll(() => h?.close());

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const IMPORT = `mutation($i: ImportRecordsInput!) { importRecords(input: $i) { __typename
  ... on Job { id status total processed created skipped errors { row pointer message } duplicates { row recordId by } }
  ... on ValidationFailed { diagnostics { pointer message } } } }`;

describe('CSV import', () => {
  it('creates the good rows, reports bad rows with row and pointer, and skips duplicates by email, phone or company', async () => {
    const existing = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Already Here', email: 'old@acme.example' } } });
    const csv = [
      'name,email,phone,companyName,seats',
      'Ann,ann@a.example,+1 555 0101,Alpha Ltd,3',
      'Bob,not-an-email,+1 555 0102,Beta Ltd,2',
      'Cy,OLD@acme.example,+1 555 0103,Gamma Ltd,1',
      'Di,di@d.example,+1 (555) 0101,Delta Ltd,1',
      'Ed,ed@e.example,+1 555 0105,alpha  ltd,1',
      'Fay,fay@f.example,+1 555 0106,Zeta Ltd,many',
      'Gus,gus@g.example,+1 555 0107,Eta Ltd,4',
    ].join('\n');
    const res = await h.gql(t.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv } });
    const job = res.data?.importRecords;
    expect(job).toMatchObject({ __typename: 'Job', status: 'done', total: 7, processed: 7, created: 2, skipped: 5 });
    expect(job.errors.map((e: any) => [e.row, e.pointer])).toEqual([
      [3, '/fields/email'],
      [7, '/fields/seats'],
    ]);
    expect(job.duplicates.map((d: any) => [d.row, d.by])).toEqual([
      [4, 'email'],
      [5, 'phone'],
      [6, 'company'],
    ]);
    expect(job.duplicates[0].recordId).toBe(existing.data?.createRecord.id);
    const progress = await h.gql(t.marketing, `{ job(id: "${job.id}") { ... on Job { status processed created } } }`);
    expect(progress.data?.job).toEqual({ status: 'done', processed: 7, created: 2 });
  });

  it('refuses a CSV with an unknown column, creating nothing', async () => {
    const before = await h.gql(t.admin, '{ records(first: 100) { edges { node { id } } } }');
    const res = await h.gql(t.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv: 'name,shoeSize\nAnn,42' } });
    expect(res.data?.importRecords.__typename).toBe('ValidationFailed');
    expect(res.data?.importRecords.diagnostics[0].pointer).toBe('/csv/columns/shoeSize');
    const after = await h.gql(t.admin, '{ records(first: 100) { edges { node { id } } } }');
    expect(after.data?.records.edges.length).toBe(before.data?.records.edges.length);
  });
});

describe('migration', () => {
  it('plans with counts and unmapped stages, then migrates resumably to the new version', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const made = await h.gql(t.marketing, CREATE, {
        i: { workflowKey: 'standard_trunk', fields: { name: `M${i}`, phone: '+1 555 0200', email: `m${i}@m.example` } },
      });
      const q = await h.gql(t.marketing, TRANSITION, { i: { id: made.data?.createRecord.id, transition: 'qualify', expectedVersion: 1 } });
      expect(q.data?.transitionRecord.stage).toBe('mql');
      ids.push(made.data?.createRecord.id);
    }
    const wf = await h.gql(t.admin, '{ workflow(key: "standard_trunk") { ... on Workflow { draft } } }');
    const v2 = JSON.parse(JSON.stringify(wf.data?.workflow.draft).replaceAll('"mql"', '"marketing_qualified"'));
    const saved = await h.gql(
      t.admin,
      'mutation($d: JSON!) { saveWorkflowDraft(input: { key: "standard_trunk", definition: $d }) { ... on Workflow { draftDiagnostics { severity message } } } }',
      { d: v2 },
    );
    expect(saved.data?.saveWorkflowDraft.draftDiagnostics.filter((d: any) => d.severity === 'error')).toEqual([]);
    await h.gql(t.admin, 'mutation { publishWorkflow(input: { key: "standard_trunk" }) { __typename } }');
    const PLAN = 'query($i: PlanMigrationInput!) { planMigration(input: $i) { ... on MigrationPlan { ok unmapped stages { from to by count } } } }';
    const unmapped = await h.gql(t.admin, PLAN, { i: { workflowKey: 'standard_trunk', fromVersion: 1, toVersion: 2, stageMap: [] } });
    expect(unmapped.data?.planMigration.ok).toBe(false);
    expect(unmapped.data?.planMigration.unmapped).toEqual(['mql']);
    const stageMap = [{ from: 'mql', to: 'marketing_qualified' }];
    const plan = await h.gql(t.admin, PLAN, { i: { workflowKey: 'standard_trunk', fromVersion: 1, toVersion: 2, stageMap } });
    expect(plan.data?.planMigration.ok).toBe(true);
    const mqlRow = plan.data?.planMigration.stages.find((s: any) => s.from === 'mql');
    expect(mqlRow).toMatchObject({ to: 'marketing_qualified', by: 'map' });
    expect(mqlRow.count).toBeGreaterThanOrEqual(3);
    const MIGRATE = 'mutation($i: MigrateRecordsInput!) { migrateRecords(input: $i) { __typename ... on Job { id status processed created total } } }';
    const first = await h.gql(t.admin, MIGRATE, { i: { workflowKey: 'standard_trunk', fromVersion: 1, toVersion: 2, stageMap, limit: 2 } });
    expect(first.data?.migrateRecords).toMatchObject({ status: 'running', processed: 2 });
    const rest = await h.gql(t.admin, MIGRATE, {
      i: { workflowKey: 'standard_trunk', fromVersion: 1, toVersion: 2, stageMap, jobId: first.data?.migrateRecords.id },
    });
    expect(rest.data?.migrateRecords.status).toBe('done');
    expect(rest.data?.migrateRecords.processed).toBe(rest.data?.migrateRecords.total);
    for (const id of ids) {
      const rec = await h.gql(t.admin, `{ record(id: "${id}") { ... on Record { workflowVersion stage } } }`);
      expect(rec.data?.record).toEqual({ workflowVersion: 2, stage: 'marketing_qualified' });
    }
    const left = await h.gql(t.admin, PLAN, { i: { workflowKey: 'standard_trunk', fromVersion: 1, toVersion: 2, stageMap } });
    expect(left.data?.planMigration.stages.reduce((n: number, s: any) => n + s.count, 0)).toBe(0);
  });
});

describe('metrics', () => {
  it('reports the pipeline by stage, category, owner and manager roll-up', async () => {
    const made = await h.gql(t.admin, 'mutation { createWorkflowFromTemplate(input: { template: "standard_trunk", key: "deals" }) { __typename } }');
    expect(made.data?.createWorkflowFromTemplate.__typename).toBe('Workflow');
    const fields = {
      name: 'Deal',
      phone: '+1 555 0300',
      email: 'd@d.example',
      product: 'pro',
      seats: 3,
      companyName: 'D',
      companyVerified: true,
      amount: 1000,
    };
    for (const [key, path] of [
      [t.sales, ['qualify', 'accept', 'create_opportunity']],
      [t.sales2, ['qualify', 'accept', 'create_opportunity', 'start_trial']],
    ] as const) {
      const rec = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'deals', fields } });
      let version = 1;
      for (const transition of path) {
        const res = await h.gql(transition === 'qualify' ? t.marketing : key, TRANSITION, {
          i: { id: rec.data?.createRecord.id, transition, expectedVersion: version },
        });
        expect(res.data?.transitionRecord.__typename, JSON.stringify(res)).toBe('Record');
        version = res.data?.transitionRecord.version;
      }
    }
    const res = await h.gql(
      t.manager,
      `{ pipeline(workflowKey: "deals") { ... on PipelineReport {
      total { count amount weightedAmount }
      byStage { stage count weightedAmount }
      byForecastCategory { forecastCategory count }
      byOwner { ownerId amount }
      byManager { managerId count amount weightedAmount } } } }`,
    );
    const p = res.data?.pipeline;
    expect(p.total).toEqual({ count: 2, amount: 2000, weightedAmount: 400 });
    expect(p.byStage.find((s: any) => s.stage === 'opportunity')).toEqual({ stage: 'opportunity', count: 1, weightedAmount: 100 });
    expect(p.byStage.find((s: any) => s.stage === 'product_trial')).toEqual({ stage: 'product_trial', count: 1, weightedAmount: 300 });
    expect(p.byForecastCategory.map((c: any) => c.forecastCategory)).toEqual(['pipeline', 'best_case', 'commit', 'closed']);
    expect(p.byOwner.map((o: any) => o.ownerId).sort()).toEqual([t.salesId, t.sales2Id].sort());
    expect(p.byManager.find((m: any) => m.managerId === t.managerId)).toEqual({ managerId: t.managerId, count: 2, amount: 2000, weightedAmount: 400 });
  });

  it('reports the funnel and calibration for a period', async () => {
    const period = { from: new Date(START - DAY_MS).toISOString(), to: new Date(START + 30 * DAY_MS).toISOString() };
    const funnel = await h.gql(
      t.admin,
      `query($p: PeriodInput!) { funnel(workflowKey: "deals", period: $p) { ... on FunnelReport {
      stages { stage entered conversionToNext cumulativeConversion timeInStage { count median p90 } }
      winRate { won lost rate } timeToFirstTouch { count untouched } cycleLength { count } } } }`,
      { p: period },
    );
    const f = funnel.data?.funnel;
    expect(f.stages.map((s: any) => s.stage)).toEqual(['lead', 'mql', 'sql', 'opportunity', 'product_trial', 'contract_negotiation', 'won']);
    expect(f.stages.map((s: any) => s.entered)).toEqual([2, 2, 2, 2, 1, 0, 0]);
    expect(f.stages[3].conversionToNext).toBe(0.5);
    expect(f.winRate).toEqual({ won: 0, lost: 0, rate: null });
    expect(f.timeToFirstTouch.untouched).toBe(2);
    const calibration = await h.gql(
      t.admin,
      '{ calibration(workflowKey: "deals") { ... on CalibrationReport { rows { stage configured passed closed observed } } } }',
    );
    const rows = calibration.data?.calibration.rows;
    expect(rows.find((r: any) => r.stage === 'opportunity')).toEqual({ stage: 'opportunity', configured: 10, passed: 2, closed: 0, observed: null });
    const bad = await h.gql(
      t.admin,
      'query($p: PeriodInput!) { funnel(workflowKey: "deals", period: $p) { __typename ... on ValidationFailed { diagnostics { pointer } } } }',
      {
        p: { from: period.to, to: period.from },
      },
    );
    expect(bad.data?.funnel.diagnostics[0].pointer).toBe('/period/to');
  });
});

describe('live updates and HTTP conventions', () => {
  it("streams a workflow's record events over server-sent events", async () => {
    const subscriber = await openSubscription({
      server: h.server,
      key: t.marketing,
      query: 'subscription { recordEvents(workflowKey: "deals") { type recordId to } }',
    });
    const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'deals', fields: { name: 'Live' } } });
    const text = await subscriber.readUntil((s) => s.includes('record_created'), 10_000);
    subscriber.close();
    expect(text).toContain(made.data?.createRecord.id);
    expect(text).toContain('record_created');
  });

  it('refuses a body over the size limit from Content-Length, before reading it', async () => {
    const response = await h.server.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024), authorization: `Bearer ${t.admin}` },
      body: '{"query":"{ me { roles } }"}',
    });
    expect(response.status).toBe(413);
  });

  it('refuses a malformed Content-Length', async () => {
    const response = await h.server.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '10, 10', authorization: `Bearer ${t.admin}` },
      body: '{"query":"{ me { roles } }"}',
    });
    expect(response.status).toBe(400);
  });

  it('has no test-clock operations on a server without the test clock', async () => {
    const plain = await createFunnelServer({ uri: h.mongo.uri, config: { sweepIntervalMs: 0, log: () => undefined } });
    try {
      const body = JSON.stringify({ query: 'mutation { runDueTimers { fired } }' });
      const response = await plain.yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(body.length), authorization: `Bearer ${t.admin}` },
        body,
      });
      const result = (await response.json()) as { errors?: { message: string }[] };
      expect(result.errors?.[0]?.message).toMatch(/Cannot query field "runDueTimers"/);
    } finally {
      await plain.close();
    }
  });

  it('serves GraphiQL on GET', async () => {
    const response = await h.server.yoga.fetch('http://test/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/graphiql/i);
  });

  it('masks unexpected errors with a request id', async () => {
    const logged: string[] = [];
    h.server.services.log = (line) => logged.push(line);
    const original = h.server.services.records.find.bind(h.server.services.records);
    h.server.services.records.find = async () => {
      throw new Error('disk on fire');
    };
    try {
      const res = await h.gql(t.admin, '{ record(id: "x") { __typename } }');
      expect(res.errors?.[0]?.message).toMatch(/^Unexpected error \(request id [0-9a-f-]+\)$/);
      expect(JSON.stringify(res)).not.toContain('disk on fire');
      const id = res.errors?.[0]?.extensions?.requestId as string;
      expect(logged.some((line) => line.includes(id) && line.includes('disk on fire'))).toBe(true);
    } finally {
      h.server.services.records.find = original;
    }
  });
});
