import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { RECORD_RESULT, startHarness, type Harness, type TenantKeys } from './harness';

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Import preview');
});
afterAll(() => h?.close());

const PREVIEW = `query($i: ImportRecordsInput!) { previewImport(input: $i) { __typename
  ... on ImportPreview { total created skipped errors { row pointer message } duplicates { row by recordId earlierRow } }
  ... on ValidationFailed { diagnostics { pointer message } } } }`;
const IMPORT = `mutation($i: ImportRecordsInput!) { importRecords(input: $i) { __typename
  ... on Job { status total created skipped errors { row pointer message } duplicates { row recordId by } } } }`;
const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;

const recordCount = async () => {
  const res = await h.gql(t.admin, '{ records(first: 200, filter: { workflowKey: "standard_trunk" }) { edges { node { id } } } }');
  return res.data?.records.edges.length as number;
};

describe('previewImport', () => {
  it('reports the errors and duplicates the import then reports, and writes nothing', async () => {
    const stored = await h.gql(t.admin, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Stored', email: 'stored@preview.example' } } });
    const storedId = stored.data?.createRecord.id;
    const csv = [
      'name,EMAIL,seats',
      'Ann,ann@preview.example,3',
      'Bad,not-an-email,2',
      'Again,ANN@preview.example,1',
      'Old,stored@preview.example,1',
      'Hex,hex@preview.example,0x10',
      'Extra,extra@preview.example,1,beyond',
      'Fine,fine@preview.example,',
    ].join('\n');
    const before = await recordCount();
    const preview = (await h.gql(t.marketing, PREVIEW, { i: { workflowKey: 'standard_trunk', csv } })).data?.previewImport;
    expect(preview.diagnostics).toBeUndefined();
    expect(preview).toMatchObject({ __typename: 'ImportPreview', total: 7, created: 2, skipped: 5 });
    expect(preview.duplicates).toEqual([
      { row: 4, by: 'email', recordId: null, earlierRow: 2 },
      { row: 5, by: 'email', recordId: storedId, earlierRow: null },
    ]);
    expect(await recordCount()).toBe(before);

    const job = (await h.gql(t.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv } })).data?.importRecords;
    expect(job).toMatchObject({ status: 'done', total: 7, created: preview.created, skipped: preview.skipped });
    expect(job.errors).toEqual(preview.errors);
    expect(job.errors.map((e: { row: number }) => e.row)).toEqual([3, 6, 7]);
    expect(job.duplicates.map((d: { row: number; by: string }) => [d.row, d.by])).toEqual(
      preview.duplicates.map((d: { row: number; by: string }) => [d.row, d.by]),
    );
    expect(await recordCount()).toBe(before + 2);
  });

  it('refuses, row by row as the run does, the rows its creator keeps once their capacity is full', async () => {
    // A capacity of 5 and a rule that routes nothing in the file: the importer keeps every row, and holds 3 already.
    const definition = structuredClone(getTemplate('standard_trunk').definition) as WorkflowDefinition;
    definition.key = 'import_capped';
    const rule = definition.assignment?.rules[0] as NonNullable<WorkflowDefinition['assignment']>['rules'][number];
    definition.assignment = { rules: [{ ...rule, when: { '==': [{ var: 'fields.name' }, 'Routed by rule'] } }], capacity: { max: 5 } };
    await h.publish({ admin: t.admin, key: 'import_capped', definition });
    for (let i = 1; i <= 3; i++) {
      const held = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'import_capped', fields: { name: `Held ${i}`, email: `held${i}@capped.example` } } });
      expect(held.data?.createRecord).toMatchObject({ ownerId: t.marketingId });
    }
    const csv = ['name,email', ...[1, 2, 3, 4, 5].map((i) => `Row ${i},row${i}@capped.example`)].join('\n');
    const preview = (await h.gql(t.marketing, PREVIEW, { i: { workflowKey: 'import_capped', csv } })).data?.previewImport;
    expect(preview).toMatchObject({ __typename: 'ImportPreview', total: 5, created: 2, skipped: 3, duplicates: [] });
    const full = { pointer: '', message: 'Limit "capacity" reached: 5 of 5' };
    expect(preview.errors).toEqual([4, 5, 6].map((row) => ({ row, ...full })));

    const job = (await h.gql(t.marketing, IMPORT, { i: { workflowKey: 'import_capped', csv } })).data?.importRecords;
    expect(job).toMatchObject({ status: 'done', total: 5, created: 2, skipped: 3 });
    expect(job.errors).toEqual(preview.errors);
    const names = await h.gql(t.admin, '{ records(first: 50, filter: { workflowKey: "import_capped" }) { edges { node { fields } } } }');
    const imported = names.data?.records.edges
      .map((e: { node: { fields: { name: string } } }) => e.node.fields.name)
      .filter((n: string) => n.startsWith('Row'));
    expect(imported.sort()).toEqual(['Row 1', 'Row 2']);
  });

  it('refuses a bad header whole, as the import does', async () => {
    const res = (await h.gql(t.marketing, PREVIEW, { i: { workflowKey: 'standard_trunk', csv: 'name,shoeSize\nAnn,42' } })).data?.previewImport;
    expect(res).toEqual({ __typename: 'ValidationFailed', diagnostics: [{ pointer: '/csv/columns/shoeSize', message: expect.stringMatching(/not a field/) }] });
  });

  it('is refused to a salesperson, as the import is', async () => {
    const res = await h.gql(t.sales, PREVIEW, { i: { workflowKey: 'standard_trunk', csv: 'name\nAnn' } });
    expect(res.data?.previewImport).toEqual({ __typename: 'Forbidden' });
  });
});
