import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_RESULT, startHarness, type Harness, type TenantKeys } from '../harness';
import { expectHealthy, tenantDigest } from './hostile-harness';

/**
 * No path around a stage's rules (issue 15): a record is created into its entry stage only with the fields that
 * stage requires, and updateRecord cannot clear one the record's stage requires. Both are refused with every
 * missing field at its pointer, as a transition into the stage lists them, and write nothing.
 */
let h: Harness;
let t: TenantKeys;

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT.replace('diagnostics { pointer message }', 'diagnostics { code pointer message }')} } }`;
const UPDATE = `mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { ${RECORD_RESULT.replace('diagnostics { pointer message }', 'diagnostics { code pointer message }')} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;

/** The standard trunk where a lead needs an email and a phone, and a renewal enters at the opportunity, which needs product, seats and company. */
function gatedTrunk(): WorkflowDefinition {
  const definition = structuredClone(getTemplate('standard_trunk').definition) as WorkflowDefinition;
  definition.key = 'gated';
  definition.pipelines = [
    { key: 'new_business', name: { en: 'New business' }, entryStage: 'lead' },
    { key: 'renewals', name: { en: 'Renewals' }, entryStage: 'opportunity' },
  ];
  for (const stage of definition.stages) {
    if (stage.key === 'lead') stage.requiredFields = ['email', 'phone'];
    if (stage.key === 'opportunity') stage.requiredFields = ['product', 'seats', 'companyName'];
  }
  return definition;
}

const missing = (...fields: string[]) => fields.map((field) => ({ code: 'missing_field', pointer: `/fields/${field}`, message: `"${field}" is required` }));

/** Sends a mutation that must be refused, and checks that it wrote nothing and the server still answers. */
async function refusedWithoutWrites(send: () => Promise<any>): Promise<any> {
  const before = await tenantDigest(h, t.tenantId);
  const result = await send();
  await expectHealthy(h, t.admin);
  expect(await tenantDigest(h, t.tenantId)).toBe(before);
  return result;
}

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Stage rules');
  await h.tenant('Bystander');
  await h.publish({ admin: t.admin, key: 'gated', definition: gatedTrunk() });
});
afterAll(() => h?.close());

describe("creating a record into its entry stage checks the stage's required fields", () => {
  it("refuses a record created into a pipeline's entry stage with every field that stage requires and lacks", async () => {
    const res = await refusedWithoutWrites(() =>
      h.gql(t.sales, CREATE, { i: { workflowKey: 'gated', pipeline: 'renewals', fields: { name: 'Renewal', seats: 4 } } }),
    );
    expect(res.data?.createRecord).toEqual({ __typename: 'ValidationFailed', diagnostics: missing('product', 'companyName') });
  });

  it('refuses a record created into the initial stage without its required fields, listing the invalid ones too', async () => {
    const res = await refusedWithoutWrites(() => h.gql(t.sales, CREATE, { i: { workflowKey: 'gated', fields: { name: 'Lead', seats: 0 } } }));
    expect(res.data?.createRecord).toEqual({
      __typename: 'ValidationFailed',
      diagnostics: [{ code: 'schema.minimum', pointer: '/fields/seats', message: 'must be >= 1' }, ...missing('email', 'phone')],
    });
  });

  it('creates a record that has every field its entry stage requires', async () => {
    const res = await h.gql(t.sales, CREATE, {
      i: { workflowKey: 'gated', pipeline: 'renewals', fields: { name: 'Renewal', product: 'Funnel Pro', seats: 4, companyName: 'Acme' } },
    });
    expect(res.data?.createRecord).toMatchObject({ __typename: 'Record', stage: 'opportunity' });
  });
});

describe("updateRecord cannot clear a field the record's stage requires", () => {
  let id: string;
  beforeAll(async () => {
    const made = await h.gql(t.sales, CREATE, {
      i: { workflowKey: 'gated', fields: { name: 'Kept', email: 'kept@rules.example', phone: '+1 555 0300', companyName: 'Kept Co' } },
    });
    id = made.data?.createRecord.id;
    expect(id, JSON.stringify(made)).toBeTruthy();
  });

  it('refuses clearing required fields, listing each of them', async () => {
    const res = await refusedWithoutWrites(() => h.gql(t.sales, UPDATE, { i: { id, expectedVersion: 1, fields: { email: null, phone: null, score: 10 } } }));
    expect(res.data?.updateRecord).toEqual({ __typename: 'ValidationFailed', diagnostics: missing('email', 'phone') });
  });

  it('clears a field the stage does not require and changes a required one', async () => {
    const res = await h.gql(t.sales, UPDATE, { i: { id, expectedVersion: 1, fields: { companyName: null, phone: '+1 555 0301' } } });
    expect(res.data?.updateRecord).toMatchObject({
      __typename: 'Record',
      version: 2,
      fields: { name: 'Kept', email: 'kept@rules.example', phone: '+1 555 0301' },
    });
    expect(res.data?.updateRecord.fields).not.toHaveProperty('companyName');
  });

  it('holds the fields of the stage the record is in now, not of the one it was created in', async () => {
    const made = await h.gql(t.marketing, CREATE, {
      i: { workflowKey: 'gated', fields: { name: 'Mover', email: 'mover@rules.example', phone: '+1 555 0302', score: 80, source: 'web' } },
    });
    const moverId = made.data?.createRecord.id;
    const qualified = await h.gql(t.marketing, TRANSITION, { i: { id: moverId, transition: 'qualify', expectedVersion: 1 } });
    expect(qualified.data?.transitionRecord, JSON.stringify(qualified)).toMatchObject({ __typename: 'Record', stage: 'mql' });
    const cleared = await h.gql(t.marketing, UPDATE, { i: { id: moverId, expectedVersion: 2, fields: { phone: null } } });
    expect(cleared.data?.updateRecord).toMatchObject({ __typename: 'Record', stage: 'mql', version: 3 });
  });
});
