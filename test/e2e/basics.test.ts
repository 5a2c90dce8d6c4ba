import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_RESULT, ROOT_KEY, startHarness, type Harness, type TenantKeys } from './harness';
import { getTemplate } from '@funnel/schemas';

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Acme');
});
afterAll(() => h?.close());

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;

describe('tenants, people and keys', () => {
  it('tells a key who it belongs to', async () => {
    const me = await h.gql(t.sales, '{ me { user { name managerId } roles tenant { name } } }');
    expect(me.data?.me).toEqual({ user: { name: 'Sam Sales', managerId: t.managerId }, roles: ['sales'], tenant: { name: 'Acme' } });
  });

  it('refuses a request without a valid key', async () => {
    const res = await h.gql('fk_000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '{ me { roles } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets only the root key create tenants', async () => {
    const res = await h.gql(t.admin, 'mutation { createTenant(input: { name: "X" }) { __typename } }');
    expect(res.data?.createTenant.__typename).toBe('Forbidden');
    const root = await h.gql(ROOT_KEY, 'mutation { createTenant(input: { name: "Y" }) { ... on CreateTenantPayload { adminKey } } }');
    expect(root.data?.createTenant.adminKey).toMatch(/^fk_[a-f0-9]{24}_/);
  });

  it('lets only admins create users and keys', async () => {
    const res = await h.gql(t.sales, 'mutation { createUser(input: { name: "Z", roles: [sales] }) { __typename } }');
    expect(res.data?.createUser.__typename).toBe('Forbidden');
    const users = await h.gql(t.admin, '{ users(first: 10) { edges { node { name roles } } } }');
    expect(users.data?.users.edges.map((e: any) => e.node.name)).toEqual(['Admin', 'Mia Manager', 'Sam Sales', 'Sue Sales', 'Max Marketing']);
  });
});

describe('workflows', () => {
  it('lists the templates', async () => {
    const res = await h.gql(t.admin, '{ templates { key } }');
    expect(res.data?.templates.map((x: any) => x.key)).toEqual(['minimal_trunk', 'standard_trunk', 'mql_srl_sql', 'six_stage', 'customer_lifecycle']);
  });

  it('saves an invalid draft with its diagnostics and refuses to publish it', async () => {
    const saved = await h.gql(
      t.admin,
      'mutation($d: JSON!) { saveWorkflowDraft(input: { key: "broken", definition: $d }) { ... on Workflow { key draftDiagnostics { pointer severity } latestVersion } } }',
      {
        d: {
          schemaVersion: 1,
          key: 'broken',
          name: { en: 'Broken' },
          fields: { type: 'object', properties: {} },
          initialStage: 'nowhere',
          stages: [],
          transitions: [],
        },
      },
    );
    expect(saved.data?.saveWorkflowDraft.latestVersion).toBe(0);
    expect(saved.data?.saveWorkflowDraft.draftDiagnostics.length).toBeGreaterThan(0);
    const published = await h.gql(
      t.admin,
      'mutation { publishWorkflow(input: { key: "broken" }) { __typename ... on ValidationFailed { diagnostics { pointer } } } }',
    );
    expect(published.data?.publishWorkflow.__typename).toBe('ValidationFailed');
    expect(published.data?.publishWorkflow.diagnostics[0].pointer).toMatch(/^\//);
  });

  it('validates a definition without saving it', async () => {
    const res = await h.gql(t.admin, '{ validateWorkflow(definition: { schemaVersion: 1 }) { ok diagnostics { pointer message } } }');
    expect(res.data?.validateWorkflow.ok).toBe(false);
    expect(res.data?.validateWorkflow.diagnostics.length).toBeGreaterThan(0);
  });

  it('creates a workflow from every template in one call, published as version 1', async () => {
    for (const template of ['minimal_trunk', 'mql_srl_sql', 'six_stage', 'customer_lifecycle']) {
      const res = await h.gql(
        t.admin,
        'mutation($t: String!) { createWorkflowFromTemplate(input: { template: $t }) { __typename ... on Workflow { key latestVersion published { version } } } }',
        { t: template },
      );
      expect(res.data?.createWorkflowFromTemplate).toEqual({ __typename: 'Workflow', key: template, latestVersion: 1, published: { version: 1 } });
    }
    const list = await h.gql(t.admin, '{ workflows(first: 50) { edges { node { key } } } }');
    expect(list.data?.workflows.edges.length).toBe(6);
    const one = await h.gql(t.admin, '{ workflow(key: "standard_trunk") { ... on Workflow { versions { version } } } }');
    expect(one.data?.workflow.versions).toEqual([{ version: 1 }]);
  });

  it("gives a workflow's name in every locale of its definition", async () => {
    const res = await h.gql(t.admin, '{ workflow(key: "minimal_trunk") { ... on Workflow { name localizedName { en zhHans zhHant } } } }');
    const name = getTemplate('minimal_trunk').definition.name;
    expect(res.data?.workflow).toEqual({ name: name.en, localizedName: { en: name.en, zhHans: name['zh-Hans'], zhHant: name['zh-Hant'] } });
    expect(name['zh-Hans']).not.toBe(name.en);
  });

  it('publishes an immutable new version; records keep the version they pin', async () => {
    const rec = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'minimal_trunk', fields: { name: 'Pinned', email: 'pinned@example.com' } } });
    expect(rec.data?.createRecord.__typename).toBe('Record');
    const wf = await h.gql(t.admin, '{ workflow(key: "minimal_trunk") { ... on Workflow { draft } } }');
    const draft = wf.data?.workflow.draft;
    await h.gql(t.admin, 'mutation($d: JSON!) { saveWorkflowDraft(input: { key: "minimal_trunk", definition: $d }) { __typename } }', {
      d: { ...draft, name: { en: 'Minimal v2' } },
    });
    const v2 = await h.gql(t.admin, 'mutation { publishWorkflow(input: { key: "minimal_trunk" }) { ... on WorkflowVersion { version } } }');
    expect(v2.data?.publishWorkflow.version).toBe(2);
    const again = await h.gql(t.admin, `{ record(id: "${rec.data?.createRecord.id}") { ... on Record { workflowVersion } } }`);
    expect(again.data?.record.workflowVersion).toBe(1);
  });
});

describe('records', () => {
  it('creates, reads, lists with filters and pages with cursors', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: `Lead ${i}`, phone: `+1 555 010${i}` } } });
      expect(res.data?.createRecord.__typename).toBe('Record');
      ids.push(res.data?.createRecord.id);
    }
    const page1 = await h.gql(
      t.sales,
      '{ records(first: 2, filter: { workflowKey: "standard_trunk", stage: "lead" }) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(page1.data?.records.edges.map((e: any) => e.node.id)).toEqual(ids.slice(0, 2));
    const page2 = await h.gql(
      t.sales,
      `{ records(first: 10, after: "${page1.data?.records.pageInfo.endCursor}", filter: { workflowKey: "standard_trunk", stage: "lead" }) { edges { node { id } } pageInfo { hasNextPage } } }`,
    );
    expect(page2.data?.records.edges.map((e: any) => e.node.id)).toEqual(ids.slice(2));
    const byPhase = await h.gql(t.sales, '{ records(first: 100, filter: { phase: opportunity }) { edges { node { id } } } }');
    expect(byPhase.data?.records.edges).toEqual([]);
  });

  it('refuses invalid fields with JSON pointers and creates nothing', async () => {
    const res = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'X', email: 'not-an-email', seats: 'many' } } });
    expect(res.data?.createRecord.__typename).toBe('ValidationFailed');
    expect(res.data?.createRecord.diagnostics.map((d: any) => d.pointer).sort()).toEqual(['/fields/email', '/fields/seats']);
  });

  it('never turns a filter value into a database operator', async () => {
    const res = await h.gql(t.sales, '{ records(first: 5, filter: { stage: "{\\"$ne\\": null}" }) { edges { node { id } } } }');
    expect(res.data?.records.edges).toEqual([]);
    const typed = await h.gql(t.sales, '{ records(first: 5, filter: { stage: { $ne: null } }) { edges { node { id } } } }');
    expect(typed.errors?.length).toBeGreaterThan(0);
  });

  it('transitions with an expected version, lists every blocker, and applies a retried idempotent request once', async () => {
    const made = await h.gql(t.marketing, CREATE, {
      i: { workflowKey: 'standard_trunk', fields: { name: 'Ida', phone: '+1 555 0199', email: 'ida@x.example' } },
    });
    const id = made.data?.createRecord.id;
    const q = await h.gql(t.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1, idempotencyKey: 'q-1' } });
    expect(q.data?.transitionRecord).toMatchObject({ __typename: 'Record', stage: 'mql', version: 2 });
    const retry = await h.gql(t.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1, idempotencyKey: 'q-1' } });
    expect(retry.data?.transitionRecord).toMatchObject({ __typename: 'Record', stage: 'mql', version: 2 });
    const stale = await h.gql(t.sales, TRANSITION, { i: { id, transition: 'accept', expectedVersion: 1 } });
    expect(stale.data?.transitionRecord).toMatchObject({ __typename: 'VersionConflict', currentVersion: 2 });
    const accepted = await h.gql(t.sales, TRANSITION, { i: { id, transition: 'accept', expectedVersion: 2 } });
    expect(accepted.data?.transitionRecord).toMatchObject({ stage: 'sql', ownerId: t.salesId });
    const blocked = await h.gql(t.sales, TRANSITION, { i: { id, transition: 'create_opportunity', expectedVersion: 3 } });
    expect(blocked.data?.transitionRecord.__typename).toBe('GuardRejected');
    const types = blocked.data?.transitionRecord.blockers.map((b: any) => b.type);
    expect(types).toEqual(expect.arrayContaining(['missing_field', 'guard']));
    expect(types.filter((x: string) => x === 'missing_field').length).toBe(3);
    const options = await h.gql(
      t.sales,
      `{ record(id: "${id}") { ... on Record { availableTransitions { transition available blockers { type } } history(first: 50) { edges { node { type actorId from to at } } } } } }`,
    );
    const record = options.data?.record;
    expect(record.availableTransitions.find((o: any) => o.transition === 'create_opportunity').available).toBe(false);
    const history = record.history.edges.map((e: any) => e.node);
    expect(history[0].type).toBe('record_created');
    const moves = history.filter((e: any) => e.type === 'transitioned');
    expect(moves.map((e: any) => [e.from, e.to])).toEqual([
      ['lead', 'mql'],
      ['mql', 'sql'],
    ]);
    expect(moves[1]).toMatchObject({ actorId: t.salesId });
    const updated = await h.gql(t.sales, `mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { ${RECORD_RESULT} } }`, {
      i: { id, expectedVersion: 3, fields: { product: 'pro', seats: 5, companyName: 'Ida Co', companyVerified: true } },
    });
    expect(updated.data?.updateRecord).toMatchObject({ __typename: 'Record', version: 4 });
    const opp = await h.gql(t.sales, TRANSITION, { i: { id, transition: 'create_opportunity', expectedVersion: 4 } });
    expect(opp.data?.transitionRecord).toMatchObject({ stage: 'opportunity' });
  });

  it('refuses updates that break the field schema, changing nothing', async () => {
    const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Upd' } } });
    const res = await h.gql(t.sales, `mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { ${RECORD_RESULT} } }`, {
      i: { id: made.data?.createRecord.id, expectedVersion: 1, fields: { seats: 'x' } },
    });
    expect(res.data?.updateRecord.__typename).toBe('ValidationFailed');
    expect(res.data?.updateRecord.diagnostics[0].pointer).toBe('/fields/seats');
  });

  it('masks unexpected errors and limits depth and page size', async () => {
    const deep = await h.gql(
      t.sales,
      '{ me { user { name } tenant { name } } ' + 'records(first: 1) { edges { node { history(first: 1) { edges { node { detail } } } } } } }',
    );
    expect(deep.errors).toBeUndefined();
    const big = await h.gql(t.sales, '{ records(first: 1000) { edges { node { id } } } }');
    expect(big.data?.records.edges.length).toBeLessThanOrEqual(100);
  });
});
