import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunnelServer, type FunnelServer } from '@funnel/api';
import { DAY_MS, RECORD_RESULT, ROOT_KEY, START, startHarness, storeModels, type GraphQLResult, type Harness, type TenantKeys } from './harness';

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Leftovers review');
});
afterAll(() => h?.close());

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const MIGRATE = `mutation($i: MigrateRecordsInput!) { migrateRecords(input: $i) { __typename
  ... on Job { id status total processed created skipped errors { row pointer message } }
  ... on ValidationFailed { diagnostics { pointer message } } } }`;
const RECORD = (id: string) =>
  `{ record(id: "${id}") { ... on Record { workflowVersion stage stageEnteredAt version fields nextDueAt timers { key dueAt } } } }`;

/** A new workflow `key` from the standard trunk with `n` leads on version 1, and its version 2 (the same draft). */
async function leadsWithVersion2(key: string, n: number): Promise<string[]> {
  const made = await h.gql(t.admin, `mutation { createWorkflowFromTemplate(input: { template: "standard_trunk", key: "${key}" }) { __typename } }`);
  expect(made.data?.createWorkflowFromTemplate.__typename).toBe('Workflow');
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const record = await h.gql(t.marketing, CREATE, { i: { workflowKey: key, fields: { name: `${key} ${i}`, email: `${key}.${i}@leftovers.example` } } });
    ids.push(record.data?.createRecord.id);
  }
  const published = await h.gql(t.admin, `mutation { publishWorkflow(input: { key: "${key}" }) { ... on WorkflowVersion { version } } }`);
  expect(published.data?.publishWorkflow.version).toBe(2);
  return ids;
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('a migrated record that moves to another stage', () => {
  it('enters the new stage at the migration, so a timer of that stage does not fire at once', async () => {
    const [inLead, inMql] = await leadsWithVersion2('left_stage_entry', 2);
    const qualified = await h.gql(t.marketing, TRANSITION, { i: { id: inMql, transition: 'qualify', expectedVersion: 1 } });
    expect(qualified.data?.transitionRecord.stage).toBe('mql');
    await h.gql(t.admin, 'mutation { advanceClock(by: "P10D") { __typename } }');
    const migratedAt = START + 10 * DAY_MS;
    const run = await h.gql(t.admin, MIGRATE, {
      i: { workflowKey: 'left_stage_entry', fromVersion: 1, toVersion: 2, stageMap: [{ from: 'lead', to: 'sql' }] },
    });
    expect(run.data?.migrateRecords).toMatchObject({ status: 'done', created: 2 });
    expect((await h.gql(t.admin, RECORD(inLead!))).data?.record).toMatchObject({
      workflowVersion: 2,
      stage: 'sql',
      stageEnteredAt: iso(migratedAt),
      timers: [{ key: 'one_week_rule', dueAt: iso(migratedAt + 7 * DAY_MS) }],
    });
    expect((await h.gql(t.admin, RECORD(inMql!))).data?.record).toMatchObject({ workflowVersion: 2, stage: 'mql', stageEnteredAt: iso(START) });
    const fired = await h.gql(t.admin, 'mutation { runDueTimers { fired } }');
    expect(fired.data?.runDueTimers.fired).toBe(0);
    expect((await h.gql(t.admin, RECORD(inLead!))).data?.record.stage).toBe('sql');
  });
});

describe('a transition carrying a field set to null', () => {
  const recordFields = async (id: string) => (await h.gql(t.admin, RECORD(id))).data?.record;

  it('clears the field, as updateRecord does', async () => {
    const made = await h.gql(t.marketing, CREATE, {
      i: { workflowKey: 'standard_trunk', fields: { name: 'Clear on qualify', email: 'clear@leftovers.example', phone: '+1 555 0301' } },
    });
    const id = made.data?.createRecord.id;
    const res = await h.gql(t.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1, fields: { phone: null } } });
    expect(res.data?.transitionRecord).toMatchObject({
      __typename: 'Record',
      stage: 'mql',
      fields: { name: 'Clear on qualify', email: 'clear@leftovers.example' },
    });
    expect(res.data?.transitionRecord.fields).not.toHaveProperty('phone');
    expect((await recordFields(id)).fields).toEqual({ name: 'Clear on qualify', email: 'clear@leftovers.example' });
  });

  it('leaves the guards seeing the field absent', async () => {
    const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Phone only', phone: '+1 555 0302' } } });
    const id = made.data?.createRecord.id;
    const res = await h.gql(t.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1, fields: { phone: null } } });
    expect(res.data?.transitionRecord.__typename).toBe('GuardRejected');
    expect(res.data?.transitionRecord.blockers.map((b: any) => b.type)).toEqual(['guard']);
    expect(await recordFields(id)).toMatchObject({ stage: 'lead', version: 1, fields: { name: 'Phone only', phone: '+1 555 0302' } });
  });

  it('refuses to clear a required field, at its pointer, changing nothing', async () => {
    const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Keep my name', email: 'name@leftovers.example' } } });
    const id = made.data?.createRecord.id;
    const res = await h.gql(t.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1, fields: { name: null } } });
    expect(res.data?.transitionRecord.__typename).toBe('GuardRejected');
    expect(res.data?.transitionRecord.blockers).toEqual([
      { type: 'invalid_field', message: expect.stringContaining('"name" is required'), detail: expect.objectContaining({ pointer: '/fields/name' }) },
    ]);
    expect(await recordFields(id)).toMatchObject({ stage: 'lead', version: 1, fields: { name: 'Keep my name' } });
  });
});

describe('list cursors', () => {
  const RECORDS = (args: string) =>
    `{ records(${args}, filter: { workflowKey: "left_cursors" }) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
  const ids: string[] = [];

  beforeAll(async () => {
    await h.gql(t.admin, 'mutation { createWorkflowFromTemplate(input: { template: "standard_trunk", key: "left_cursors" }) { __typename } }');
    for (let i = 0; i < 4; i++) {
      const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'left_cursors', fields: { name: `Cursor ${i}` } } });
      ids.push(made.data?.createRecord.id);
    }
  });

  it('are opaque: no cursor is a bare id, and paging forwards and backwards still works', async () => {
    const first = (await h.gql(t.sales, RECORDS('first: 2'))).data?.records;
    expect(first.edges.map((e: any) => e.node.id)).toEqual(ids.slice(0, 2));
    for (const edge of first.edges) {
      expect(edge.cursor).not.toContain(edge.node.id);
      expect(edge.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    const next = (await h.gql(t.sales, RECORDS(`first: 10, after: "${first.pageInfo.endCursor}"`))).data?.records;
    expect(next.edges.map((e: any) => e.node.id)).toEqual(ids.slice(2));
    const back = (await h.gql(t.sales, RECORDS(`last: 1, before: "${next.pageInfo.startCursor}"`))).data?.records;
    expect(back.edges.map((e: any) => e.node.id)).toEqual([ids[1]]);
    const history = await h.gql(t.sales, `{ record(id: "${ids[0]}") { ... on Record { history(first: 1) { pageInfo { endCursor } } } } }`);
    const cursor = history.data?.record.history.pageInfo.endCursor;
    const after = await h.gql(t.sales, `{ record(id: "${ids[0]}") { ... on Record { history(first: 5, after: "${cursor}") { edges { node { type } } } } } }`);
    expect(after.errors).toBeUndefined();
    for (const list of ['users(first: 1)', 'workflows(first: 1)', 'extensionRequests(first: 1)']) {
      const page = await h.gql(t.admin, `{ ${list} { pageInfo { endCursor } } }`);
      expect(page.errors, list).toBeUndefined();
    }
  });

  it('refuse a garbage cursor, a bare id and another list’s cursor at /after or /before, instead of taking them as a position', async () => {
    const users = (await h.gql(t.admin, '{ users(first: 1) { pageInfo { endCursor } } }')).data?.users.pageInfo.endCursor;
    expect(users).toEqual(expect.any(String));
    for (const [args, pointer] of [
      ['first: 2, after: "zzz"', '/after'],
      [`first: 2, after: "${ids[1]}"`, '/after'],
      [`last: 2, before: "${users}"`, '/before'],
      ['first: 2, after: "!!not base64!!"', '/after'],
    ] as const) {
      const res = await h.gql(t.sales, RECORDS(args));
      expect(res.data?.records ?? null, args).toBeNull();
      expect(res.errors?.[0]?.extensions?.code, args).toBe('VALIDATION_FAILED');
      expect(res.errors?.[0]?.message, args).toContain(pointer);
      expect(res.errors?.[0]?.extensions?.diagnostics, args).toEqual([
        { severity: 'error', code: 'cursor', pointer, message: expect.stringContaining('cursor') },
      ]);
    }
  });
});

describe('a background import whose process is gone', () => {
  const IMPORT = 'mutation($i: ImportRecordsInput!) { importRecords(input: $i) { __typename ... on Job { id status } } }';
  const JOB = (id: string) => `{ job(id: "${id}") { ... on Job { status processed total created errors { row pointer message } updatedAt } } }`;
  const csv = (prefix: string, n: number) => ['name,email', ...Array.from({ length: n }, (_, i) => `${prefix} ${i},${prefix}.${i}@gone.example`)].join('\n');
  const STALE_MS = 800;
  /**
   * The import below: rows done before it answers, the insert (after those) that stalls, and its rows. Few: the
   * stall is what the test is about, and each row is a few store round trips (150 rows took seconds).
   */
  const INLINE_ROWS = 10;
  const STALLED_INSERT = 20;
  const LIVE_ROWS = 40;

  /** gql against another api server (another process) on the same store. */
  const gqlOn = async (server: FunnelServer, key: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult<any>> => {
    const body = JSON.stringify({ query, variables });
    const response = await server.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${key}` },
      body,
    });
    return (await response.json()) as GraphQLResult<any>;
  };

  it('is shown failed, saying since when, once it has had no heartbeat for the stale period', async () => {
    const { models, close } = await storeModels(h.mongo.uri);
    const updatedAt = new Date(Date.now() - 3 * 60 * 1000);
    try {
      await models.Job.create({
        _id: 'job-of-a-dead-process',
        tenantId: t.tenantId,
        kind: 'import',
        status: 'running',
        workflowKey: 'standard_trunk',
        total: 3000,
        processed: 1200,
        created: 1200,
        skipped: 0,
        errors: [],
        errorsLeftOut: 0,
        duplicates: [],
        duplicatesLeftOut: 0,
        createdAt: new Date(updatedAt.getTime() - 60_000),
        updatedAt,
      });
    } finally {
      await close();
    }
    const job = (await h.gql(t.marketing, JOB('job-of-a-dead-process'))).data?.job;
    expect(job).toMatchObject({ status: 'failed', processed: 1200, total: 3000 });
    expect(job.errors).toEqual([{ row: 0, pointer: '', message: expect.stringContaining(`interrupted: no progress since ${updatedAt.toISOString()}`) }]);
  });

  it('is not shown failed while another live process imports it, however long a row takes', async () => {
    const config = { testClock: true, sweepIntervalMs: 0, rootKey: ROOT_KEY, log: () => undefined, importInlineRows: INLINE_ROWS, jobStaleAfterMs: STALE_MS };
    const a = await startHarness(config);
    let b: FunnelServer | undefined;
    let release = () => {};
    try {
      const ta = await a.tenant('Two processes import');
      b = await createFunnelServer({ uri: a.mongo.uri, clock: a.clock, config });
      // Process b's import stalls at a record it imports after answering, until released: for twice the stale
      // period, so without its heartbeat the job would be shown failed well before.
      let reached = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      const atGate = new Promise<void>((resolve) => (reached = resolve));
      const insert = b.services.records.insert.bind(b.services.records);
      let inserts = 0;
      b.services.records.insert = async (...args) => {
        if (++inserts === STALLED_INSERT) {
          reached();
          await gate;
        }
        return insert(...args);
      };
      const started = await gqlOn(b, ta.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv: csv('live', LIVE_ROWS) } });
      expect(started.data?.importRecords.status).toBe('running');
      const id = started.data?.importRecords.id;
      await atGate;
      await new Promise((resolve) => setTimeout(resolve, 2 * STALE_MS));
      expect((await a.gql(ta.marketing, JOB(id))).data?.job).toMatchObject({ status: 'running', errors: [] });
      release();
      await b.services.background.idle();
      expect((await a.gql(ta.marketing, JOB(id))).data?.job).toMatchObject({ status: 'done', processed: LIVE_ROWS, created: LIVE_ROWS });
    } finally {
      release();
      await b?.close();
      await a.close();
    }
  });
});

describe('two concurrent runs of one migration job', () => {
  const RUN = `mutation($i: MigrateRecordsInput!) { migrateRecords(input: $i) { __typename
    ... on Job { id status total processed created skipped errors { message } }
    ... on JobBusy { code message jobId lastProgressAt } } }`;

  it('refuses the second with JobBusy while the first runs, so the counters are the first run’s, whole', async () => {
    await leadsWithVersion2('left_two_runs', 4);
    const input = { workflowKey: 'left_two_runs', fromVersion: 1, toVersion: 2, stageMap: [] };
    const started = await h.gql(t.admin, RUN, { i: { ...input, limit: 1 } });
    expect(started.data?.migrateRecords).toMatchObject({ status: 'running', processed: 1, created: 1 });
    const jobId = started.data?.migrateRecords.id;
    const records = h.server.services.records;
    const update = records.update.bind(records);
    let release = () => {};
    let reached = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const atGate = new Promise<void>((resolve) => (reached = resolve));
    let blocked = false;
    // The first resumed run stops at its first record write until the second run has been answered.
    records.update = async (args) => {
      if (!blocked) {
        blocked = true;
        reached();
        await gate;
      }
      return update(args);
    };
    try {
      const first = h.gql(t.admin, RUN, { i: { ...input, jobId } });
      await atGate;
      const second = await h.gql(t.admin, RUN, { i: { ...input, jobId } });
      expect(second.data?.migrateRecords).toMatchObject({ __typename: 'JobBusy', code: 'JOB_BUSY', jobId, lastProgressAt: expect.any(String) });
      expect(second.data?.migrateRecords.message).toContain(jobId);
      release();
      expect((await first).data?.migrateRecords).toMatchObject({ status: 'done', total: 4, processed: 4, created: 4, skipped: 0, errors: [] });
    } finally {
      release();
      records.update = update;
    }
    const job = await h.gql(t.admin, `{ job(id: "${jobId}") { ... on Job { status processed created skipped } } }`);
    expect(job.data?.job).toEqual({ status: 'done', processed: 4, created: 4, skipped: 0 });
    // Once a run is over the job can be run again (here: nothing left to do).
    const again = await h.gql(t.admin, RUN, { i: { ...input, jobId } });
    expect(again.data?.migrateRecords).toMatchObject({ __typename: 'Job', status: 'done', processed: 4, created: 4 });
  });
});

describe('import duplicates and headers', () => {
  const IMPORT = `mutation($i: ImportRecordsInput!) { importRecords(input: $i) { __typename
    ... on Job { status total created skipped errors { row pointer message } duplicates { row recordId by } }
    ... on ValidationFailed { diagnostics { code pointer message } } } }`;
  const importCsv = async (csv: string, dedupeBy?: string[]) =>
    (await h.gql(t.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv, ...(dedupeBy ? { dedupeBy } : {}) } })).data?.importRecords;
  const create = async (fields: Record<string, unknown>) =>
    (await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields } })).data?.createRecord.id as string;

  it('takes the international prefix 00 for + when matching phones', async () => {
    const plus = await create({ name: 'Plus Berlin', phone: '+49 30 1234' });
    const zeros = await create({ name: 'Zeros Munich', phone: '0049 89 5678' });
    const job = await importCsv('name,phone\nZeros Berlin,0049 30 1234\nPlus Munich,+49 89 5678', ['phone']);
    expect(job).toMatchObject({ status: 'done', created: 0, skipped: 2 });
    expect(job.duplicates).toEqual([
      { row: 2, recordId: plus, by: 'phone' },
      { row: 3, recordId: zeros, by: 'phone' },
    ]);
  });

  it('ignores punctuation in company names, a trailing legal form’s included', async () => {
    const acme = await create({ name: 'Acme buyer', companyName: 'Acme, Inc.' });
    const job = await importCsv('name,companyName\nAcme again,Acme Inc\nAcme later,ACME INC.\nOther,Acme Industries', ['company']);
    expect(job).toMatchObject({ status: 'done', created: 1, skipped: 2 });
    expect(job.duplicates).toEqual([
      { row: 2, recordId: acme, by: 'company' },
      { row: 3, recordId: acme, by: 'company' },
    ]);
  });

  it('rewrites keys stored by the earlier rules when a contact field changes to what is one key now', async () => {
    // 'Oldco, Ltd.' → 'OLDCO LTD' is one company by the current rules, but not the stored 'oldco, ltd.': the
    // change must write the current key, or no lookup (current or earlier rules) finds 'OLDCO LTD' again.
    const old = await create({ name: 'Renamed later', companyName: 'Newco, Ltd.' });
    const { models, close } = await storeModels(h.mongo.uri);
    try {
      // Stored by the earlier rules and not yet rewritten by a backfill (contact-key-backfill.test.ts).
      await models.Record.updateOne({ tenantId: t.tenantId, _id: old }, { $set: { contact: { company: 'newco, ltd.' } }, $unset: { contactRules: '' } });
    } finally {
      await close();
    }
    const updated = await h.gql(t.admin, 'mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { __typename } }', {
      i: { id: old, expectedVersion: 1, fields: { companyName: 'NEWCO LTD' } },
    });
    expect(updated.data?.updateRecord.__typename).toBe('Record');
    const job = await importCsv('name,companyName\nBy company,NEWCO LTD', ['company']);
    expect(job.duplicates).toEqual([{ row: 2, recordId: old, by: 'company' }]);
  });

  it('reads a header naming a field by its title, in any case, as that field', async () => {
    const job = await importCsv('CONTACT NAME,email,company name,联系人备注\nTitled,titled@headers.example,Titled Co', []);
    expect(job?.__typename).toBe('ValidationFailed');
    expect(job.diagnostics).toEqual([{ code: 'unknown_column', pointer: '/csv/columns/联系人备注', message: expect.stringContaining('is not a field') }]);
    const ok = await importCsv('CONTACT NAME,email,company name,电话\nTitled,titled@headers.example,Titled Co,+1 555 0400', []);
    expect(ok).toMatchObject({ status: 'done', created: 1, errors: [] });
    const res = await h.gql(t.admin, '{ records(first: 100, filter: { workflowKey: "standard_trunk" }) { edges { node { fields } } } }');
    const titled = res.data?.records.edges.map((e: any) => e.node.fields).find((f: any) => f.name === 'Titled');
    expect(titled).toEqual({ name: 'Titled', email: 'titled@headers.example', companyName: 'Titled Co', phone: '+1 555 0400' });
  });

  it('refuses a header naming one field twice, by key and by title', async () => {
    const job = await importCsv('name,email,EMAIL\nTwice,a@twice.example,b@twice.example');
    expect(job?.__typename).toBe('ValidationFailed');
    expect(job.diagnostics).toEqual([{ code: 'duplicate_column', pointer: '/csv/columns/EMAIL', message: expect.stringContaining('"email"') }]);
  });
});

describe('two imports of one tenant at once', () => {
  const IMPORT = 'mutation($i: ImportRecordsInput!) { importRecords(input: $i) { __typename ... on Job { status created skipped duplicates { row by } } } }';

  it('create each contact once: the second finds what the first created as duplicates', async () => {
    // One file sent twice at once (an app retrying a slow request): every row is checked and created in
    // turns, so the two cannot both find a contact missing and both create it.
    const rows = Array.from({ length: 150 }, (_, i) => `Twice ${i},twice.${i}@overlap.example`);
    const csv = `name,email\n${rows.join('\n')}`;
    const jobs = await Promise.all(
      [0, 1].map(async () => (await h.gql(t.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv, dedupeBy: ['email'] } })).data?.importRecords),
    );
    expect(jobs.map((job) => job?.status)).toEqual(['done', 'done']);
    expect(jobs[0].created + jobs[1].created).toBe(150);
    expect(jobs[0].skipped + jobs[1].skipped).toBe(150);
    const { models, close } = await storeModels(h.mongo.uri);
    try {
      const stored = await models.Record.countDocuments({ tenantId: t.tenantId, 'contact.email': /@overlap\.example$/ });
      expect(stored).toBe(150);
    } finally {
      await close();
    }
  });

  it('take turns: a short import started during a long one is done before the long one', async () => {
    // Turns of 50 ms (the default is half a second) and a long import of many of them, answered at once: the short
    // import waits for one turn, not for the rest of the long one. At the default turns the long import needed
    // 3,000 rows (10–50 s) to stay longer than a few turns.
    const TURN_MS = 50;
    const LONG_ROWS = 100;
    // Chunks of 5 rows, so a turn ends within its 50 ms rather than after a chunk of the whole file.
    const turns = await startHarness({ importTurnMs: TURN_MS, importInlineRows: 10, importChunkRows: 5 });
    try {
      const tt = await turns.tenant('Import turns');
      const JOB = (id: string) => `{ job(id: "${id}") { ... on Job { status processed total } } }`;
      const long = `name,email\n${Array.from({ length: LONG_ROWS }, (_, i) => `Long ${i},long.${i}@turns.example`).join('\n')}`;
      const started = (await turns.gql(tt.marketing, IMPORT.replace('status', 'id status'), { i: { workflowKey: 'standard_trunk', csv: long } })).data
        ?.importRecords;
      expect(started.status).toBe('running');
      const short = await turns.gql(tt.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv: 'name,email\nShort,short@turns.example' } });
      expect(short.data?.importRecords).toMatchObject({ status: 'done', created: 1 });
      const meanwhile = (await turns.gql(tt.marketing, JOB(started.id))).data?.job;
      expect(meanwhile.processed).toBeLessThan(LONG_ROWS);
      for (let polls = 0; (await turns.gql(tt.marketing, JOB(started.id))).data?.job.status === 'running'; polls++) {
        expect(polls).toBeLessThan(600);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await turns.gql(tt.marketing, JOB(started.id))).data?.job).toMatchObject({ status: 'done', processed: LONG_ROWS });
    } finally {
      await turns.close();
    }
  });
});
