import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTemplate } from '@funnel/schemas';
import { startHarness, storeModels, type Harness, type TenantKeys } from './harness';

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  // Twenty saves at once is the race under test, not a tenant's fair share: let them all in at once.
  h = await startHarness({ tenantConcurrency: { validation: RACING_SAVES } });
  t = await h.tenant('Drafts');
});
afterAll(() => h?.close());

const SAVE =
  'mutation($k: String!, $d: JSON!) { saveWorkflowDraft(input: { key: $k, definition: $d }) { __typename ... on Workflow { id key name draft draftRevision latestVersion } } }';
/** Enough first saves at once that they overlap in the store. */
const RACING_SAVES = 20;

describe('saveWorkflowDraft', () => {
  it('creates the workflow on the first save and updates that same workflow afterwards', async () => {
    const first = await h.gql(t.admin, SAVE, { k: 'unnamed', d: { schemaVersion: 1, key: 'unnamed' } });
    expect(first.data?.saveWorkflowDraft).toMatchObject({ __typename: 'Workflow', key: 'unnamed', name: 'unnamed', draftRevision: 1, latestVersion: 0 });
    const { models, close } = await storeModels(h.mongo.uri);
    try {
      const created = await models.Workflow.findOne({ tenantId: t.tenantId, key: 'unnamed' }).lean();
      expect(created?._id).toBe(first.data?.saveWorkflowDraft.id);
      expect(created?.createdAt).toBeInstanceOf(Date);
      const second = await h.gql(t.admin, SAVE, { k: 'unnamed', d: { schemaVersion: 1, key: 'unnamed', name: { en: 'Named now' } } });
      expect(second.data?.saveWorkflowDraft).toMatchObject({ id: created?._id, name: 'Named now', draftRevision: 2, latestVersion: 0 });
      const updated = await models.Workflow.findOne({ tenantId: t.tenantId, key: 'unnamed' }).lean();
      expect(updated?.createdAt).toEqual(created?.createdAt);
      expect(await models.Workflow.countDocuments({ tenantId: t.tenantId, key: 'unnamed' })).toBe(1);
    } finally {
      await close();
    }
  });

  it('makes exactly one workflow when first saves of a new key race, and loses none of them', async () => {
    const definition = getTemplate('minimal_trunk').definition;
    const drafts = Array.from({ length: RACING_SAVES }, (_, i) => ({ ...definition, key: 'raced', name: { en: `Raced ${i}` } }));
    const results = await Promise.all(drafts.map((d) => h.gql(t.admin, SAVE, { k: 'raced', d })));
    const saved = results.map((r) => r.data?.saveWorkflowDraft);
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(saved.map((w) => w.__typename)).toEqual(drafts.map(() => 'Workflow'));
    // Every save was applied on its own, to one and the same document.
    expect(new Set(saved.map((w) => w.id)).size).toBe(1);
    expect(saved.map((w) => w.draftRevision).sort((a, b) => a - b)).toEqual(drafts.map((_, i) => i + 1));
    for (const [i, w] of saved.entries()) expect(w.name).toBe(`Raced ${i}`);
    const { models, close } = await storeModels(h.mongo.uri);
    try {
      expect(await models.Workflow.countDocuments({ tenantId: t.tenantId, key: 'raced' })).toBe(1);
      const stored = await models.Workflow.findOne({ tenantId: t.tenantId, key: 'raced' }).lean();
      expect(stored?.draftRevision).toBe(RACING_SAVES);
      const last = saved.find((w) => w.draftRevision === RACING_SAVES);
      expect(stored?.draft).toEqual(last.draft);
    } finally {
      await close();
    }
  });
});
