import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunnelServer, openModels, type FunnelServer } from '@funnel/api';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { ROOT_KEY, startHarness, type Harness, type TenantKeys } from './harness';

const LOOKAHEAD = '^(?=.*\\d)(a+)+$';
const NESTED = '^(a+)+$';
/** Long enough to stall a backtracking engine for longer than any test runs, under every length cap. */
const EVIL_VALUE = `${'a'.repeat(9000)}!`;

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) {
  __typename ... on Record { id fields } ... on ValidationFailed { diagnostics { code pointer message } } } }`;

function withPattern(name: string, pattern: string): WorkflowDefinition {
  const definition = structuredClone(getTemplate('standard_trunk').definition) as WorkflowDefinition;
  definition.fields.properties[name] = { type: 'string', pattern };
  return definition;
}

describe('tenant field patterns', () => {
  let h: Harness;
  let t: TenantKeys;
  const logs: string[] = [];

  beforeAll(async () => {
    h = await startHarness({ log: (line) => logs.push(line) });
    t = await h.tenant('Patterns');
  });
  afterAll(() => h.close());

  it('refuses a lookahead pattern when a draft is validated, saved or published, at its pointer', async () => {
    const definition = withPattern('code', LOOKAHEAD);
    const validated = await h.gql(t.admin, 'query($d: JSON!) { validateWorkflow(definition: $d) { ok diagnostics { code pointer } } }', { d: definition });
    expect(validated.data?.validateWorkflow).toEqual({
      ok: false,
      diagnostics: [{ code: 'compile.pattern_unsupported', pointer: '/fields/properties/code/pattern' }],
    });
    const saved = await h.gql(
      t.admin,
      'mutation($i: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $i) { ... on Workflow { draftDiagnostics { code pointer } } } }',
      {
        i: { key: 'standard_trunk', definition },
      },
    );
    expect(saved.data?.saveWorkflowDraft.draftDiagnostics).toContainEqual({ code: 'compile.pattern_unsupported', pointer: '/fields/properties/code/pattern' });
    const published = await h.gql(
      t.admin,
      'mutation { publishWorkflow(input: { key: "standard_trunk" }) { __typename ... on ValidationFailed { diagnostics { code pointer } } } }',
    );
    expect(published.data?.publishWorkflow).toEqual({
      __typename: 'ValidationFailed',
      diagnostics: [{ code: 'compile.pattern_unsupported', pointer: '/fields/properties/code/pattern' }],
    });
  });

  it('publishes ^(a+)+$ and checks a 9,000-character value against it on RE2, refusing it at its pointer', async () => {
    await h.publish({ admin: t.admin, key: 'standard_trunk', definition: withPattern('code', NESTED) });
    const refused = await h.gql(t.sales, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Acme', code: EVIL_VALUE } } });
    expect(refused.data?.createRecord).toEqual({
      __typename: 'ValidationFailed',
      diagnostics: [{ code: 'schema.pattern', pointer: '/fields/code', message: 'must match the pattern ^(a+)+$' }],
    });
    const accepted = await h.gql(t.sales, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Acme', code: 'aaaa' } } });
    expect(accepted.data?.createRecord).toMatchObject({ __typename: 'Record', fields: { code: 'aaaa' } });
  });

  describe('a version published before patterns were checked', () => {
    let second: FunnelServer;
    const secondLogs: string[] = [];

    beforeAll(async () => {
      // Written straight to the store, as the api published it before this check existed.
      const { models, close } = await openModels(h.mongo.uri);
      const workflow = await models.Workflow.findOne({ tenantId: t.tenantId, key: 'standard_trunk' }).lean();
      const version = (workflow?.latestVersion ?? 0) + 1;
      await models.WorkflowVersion.create({
        _id: `legacy-${version}`,
        tenantId: t.tenantId,
        workflowKey: 'standard_trunk',
        version,
        definition: withPattern('legacy', LOOKAHEAD),
        publishedAt: new Date(),
        publishedBy: 'before-re2',
      });
      await models.Workflow.updateOne({ tenantId: t.tenantId, key: 'standard_trunk' }, { $set: { latestVersion: version } });
      await close();
      second = await createFunnelServer({
        uri: h.mongo.uri,
        clock: h.clock,
        config: { testClock: true, sweepIntervalMs: 0, rootKey: ROOT_KEY, log: (line) => secondLogs.push(line) },
      });
    });
    afterAll(() => second.close());

    it('is listed at start-up with its tenant, workflow, version and pointer', () => {
      const listed = secondLogs.filter((line) => line.includes('cannot run in linear time'));
      expect(listed).toHaveLength(1);
      expect(listed[0]).toContain(`tenant ${t.tenantId}, workflow standard_trunk version`);
      expect(listed[0]).toContain('/fields/properties/legacy/pattern');
    });

    it('refuses a write to that field with a typed refusal that tells the admin to publish, and never runs the pattern', async () => {
      const body = JSON.stringify({ query: CREATE, variables: { i: { workflowKey: 'standard_trunk', fields: { name: 'Acme', legacy: EVIL_VALUE } } } });
      const response = await second.yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${t.sales}` },
        body,
      });
      const result = (await response.json()) as {
        data: { createRecord: { __typename: string; diagnostics: { code: string; pointer: string; message: string }[] } };
      };
      expect(result.data.createRecord.__typename).toBe('ValidationFailed');
      expect(result.data.createRecord.diagnostics).toHaveLength(1);
      expect(result.data.createRecord.diagnostics[0]).toMatchObject({ code: 'field.pattern_unsupported', pointer: '/fields/legacy' });
      expect(result.data.createRecord.diagnostics[0]?.message).toContain('an admin must publish a new version');
    });

    it('still takes records that leave that field unset', async () => {
      const created = await h.gql(t.sales, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Beta' } } });
      expect(created.data?.createRecord.__typename).toBe('Record');
    });
  });
});
