import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTemplate } from '@funnel/schemas';
import { startHarness, type Harness, type TenantKeys } from './harness';

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Notes');
});
afterAll(() => h?.close());

const SAVE = 'mutation($d: JSON!) { saveWorkflowDraft(input: { key: "noted", definition: $d }) { __typename } }';
const PUBLISH = `mutation($note: String) { publishWorkflow(input: { key: "noted", note: $note }) {
  __typename ... on WorkflowVersion { version note publishedBy { name } } ... on ValidationFailed { diagnostics { code pointer message } } } }`;
const VERSIONS = '{ workflow(key: "noted") { ... on Workflow { latestVersion versions { version note publishedBy { name } } } } }';
/** The `text` length limit (docs/api.md "Limits"): one more is refused. */
const TEXT_LIMIT = 2000;

describe('publishWorkflow with a note', () => {
  it('keeps the note with the version and answers it with who published', async () => {
    const definition = { ...getTemplate('minimal_trunk').definition, key: 'noted' };
    expect((await h.gql(t.admin, SAVE, { d: definition })).data?.saveWorkflowDraft.__typename).toBe('Workflow');
    const published = await h.gql(t.admin, PUBLISH, { note: '  Adds the demo stage for the trade fair  ' });
    expect(published.errors).toBeUndefined();
    expect(published.data?.publishWorkflow).toMatchObject({ __typename: 'WorkflowVersion', version: 1, note: 'Adds the demo stage for the trade fair' });
    expect(published.data?.publishWorkflow.publishedBy?.name).toEqual(expect.any(String));
    const withoutNote = await h.gql(t.admin, PUBLISH, {});
    expect(withoutNote.data?.publishWorkflow).toMatchObject({ version: 2, note: null });
    const read = await h.gql(t.admin, VERSIONS);
    expect(read.data?.workflow.versions.map((v: { note: string | null }) => v.note)).toEqual(['Adds the demo stage for the trade fair', null]);
  });

  it('refuses a note over the text limit at /note and publishes nothing', async () => {
    const before = (await h.gql(t.admin, VERSIONS)).data?.workflow.latestVersion as number;
    const refused = await h.gql(t.admin, PUBLISH, { note: 'n'.repeat(TEXT_LIMIT + 1) });
    expect(refused.data?.publishWorkflow).toMatchObject({
      __typename: 'ValidationFailed',
      diagnostics: [{ code: 'too_long', pointer: '/note', message: expect.stringMatching(/at most 2000/) }],
    });
    const after = (await h.gql(t.admin, VERSIONS)).data?.workflow;
    expect(after.latestVersion).toBe(before);
    expect(after.versions).toHaveLength(before);
  });
});
