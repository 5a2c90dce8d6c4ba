import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLResult, startHarness, storeModels, type Harness, type TenantKeys } from './harness';
import { type HttpApi, listen } from './http-client';

/** The audit log's repair loop runs this often here, so an entry a crashed process left behind shows soon. */
const REPAIR_INTERVAL_MS = 100;

const ENTRY = 'id at action targetType targetId actor { userId keyId user { id name } } before after';
const AUDIT_LOG = `query($first: Int, $after: String, $filter: AuditLogFilter) { auditLog(first: $first, after: $after, filter: $filter) {
  edges { cursor node { ${ENTRY} } } pageInfo { hasNextPage endCursor } } }`;
const INVITE = `mutation($i: InviteUserInput!) { inviteUser(input: $i) { __typename ... on InviteUserPayload { user { id } } } }`;
const CREATE_USER = 'mutation($i: CreateUserInput!) { createUser(input: $i) { __typename ... on User { id } } }';
const UPDATE_USER = 'mutation($i: UpdateUserInput!) { updateUser(input: $i) { __typename ... on User { id } } }';
const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { __typename ... on CreateApiKeyPayload { token apiKey { id } } } }`;
const ROTATE = 'mutation($i: RotateApiKeyInput!) { rotateApiKey(input: $i) { __typename } }';
const REVOKE = 'mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { __typename ... on RevokeApiKeyPayload { alreadyRevoked } } }';
const SAVE_DRAFT = 'mutation($i: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $i) { __typename } }';
const PUBLISH = 'mutation($k: String!) { publishWorkflow(input: { key: $k }) { __typename ... on WorkflowVersion { version } } }';
const MIGRATE = 'mutation($i: MigrateRecordsInput!) { migrateRecords(input: $i) { __typename ... on Job { id total } } }';
const WORKFLOW = '{ workflow(key: "standard_trunk") { ... on Workflow { id draft } } }';
const ME = '{ me { user { id } } }';
const KEYS = '{ apiKeys(first: 100) { edges { node { id name } } } }';

interface Entry {
  id: string;
  at: string;
  action: string;
  targetType: string;
  targetId: string;
  actor: { userId: string | null; keyId: string | null; user: { id: string; name: string } | null };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

let h: Harness;
let api: HttpApi;
let a: TenantKeys;
let b: TenantKeys;
/** Tenant A's first admin and the id of their key (the actor of every change below). */
const adminOfA = { userId: '', keyId: '' };

beforeAll(async () => {
  h = await startHarness({ outboxRepairIntervalMs: REPAIR_INTERVAL_MS });
  api = await listen(h.server);
  a = await h.tenant('Audit A');
  b = await h.tenant('Audit B');
  adminOfA.userId = (await api.gql(a.admin, ME)).data?.me.user.id;
  const keys = await api.gql(a.admin, KEYS);
  adminOfA.keyId = keys.data?.apiKeys.edges.find((e: any) => e.node.name === 'first admin key').node.id;
});
afterAll(async () => {
  await api?.close();
  await h?.close();
});

/** The whole audit log `key` may read with `filter`, newest first, page by page (10 a page). */
async function wholeLog(key: string, filter: Record<string, unknown> = {}): Promise<Entry[]> {
  const entries: Entry[] = [];
  let after: string | null = null;
  for (;;) {
    const page: GraphQLResult = await api.gql(key, AUDIT_LOG, { first: 10, after, filter });
    expect(page.errors, JSON.stringify(page.errors)).toBeUndefined();
    entries.push(...(page.data?.auditLog.edges ?? []).map((e: any) => e.node));
    if (!page.data?.auditLog.pageInfo.hasNextPage) return entries;
    after = page.data?.auditLog.pageInfo.endCursor;
  }
}

/** Calls a mutation as tenant A's admin and checks it answered `typename`. */
async function asAdmin(query: string, variables: Record<string, unknown>, typename: string): Promise<Record<string, any>> {
  const answer = await api.gql(a.admin, query, variables);
  const result = Object.values(answer.data ?? {})[0] as Record<string, any> | undefined;
  expect(result?.__typename, JSON.stringify(answer)).toBe(typename);
  return result as Record<string, any>;
}

describe('every administrative change is in the audit log, with who, when, what and before/after', () => {
  it('users: invite, add, update roles, manager and availability, deactivate', async () => {
    const invited = (await asAdmin(INVITE, { i: { email: 'Nia@AuditA.example', name: 'Nia', roles: ['sales'] } }, 'InviteUserPayload')).user.id as string;
    const app = (await asAdmin(CREATE_USER, { i: { name: 'Billing app', roles: ['integration'] } }, 'User')).id as string;
    await asAdmin(UPDATE_USER, { i: { id: invited, roles: ['sales', 'manager'] } }, 'User');
    await asAdmin(UPDATE_USER, { i: { id: invited, managerId: a.managerId } }, 'User');
    const away = { awayFrom: '2026-02-01T00:00:00.000Z', awayUntil: '2026-02-08T00:00:00.000Z' };
    await asAdmin(UPDATE_USER, { i: { id: invited, availability: away } }, 'User');
    await asAdmin(UPDATE_USER, { i: { id: invited, active: false } }, 'User');

    const actor = { userId: adminOfA.userId, keyId: adminOfA.keyId, user: { id: adminOfA.userId, name: 'Admin' } };
    const ofInvited = await wholeLog(a.admin, { targetId: invited });
    expect(ofInvited.map((e) => [e.action, e.targetType, e.targetId, e.actor, e.before, e.after])).toEqual([
      ['user_updated', 'user', invited, actor, { active: true }, { active: false }],
      ['user_updated', 'user', invited, actor, { availability: null }, { availability: away }],
      ['user_updated', 'user', invited, actor, { managerId: null }, { managerId: a.managerId }],
      ['user_updated', 'user', invited, actor, { roles: ['sales'] }, { roles: ['sales', 'manager'] }],
      [
        'user_invited',
        'user',
        invited,
        actor,
        null,
        { email: 'nia@audita.example', name: 'Nia', roles: ['sales'], managerId: null, locale: 'en', timeZone: 'UTC', status: 'invited' },
      ],
    ]);
    const [added] = await wholeLog(a.admin, { targetId: app });
    expect(added).toMatchObject({
      action: 'user_created',
      actor,
      before: null,
      after: { name: 'Billing app', email: null, roles: ['integration'], managerId: null },
    });
    // Times are the changes' own, newest first.
    const times = ofInvited.map((e) => Date.parse(e.at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('API keys: create, rotate, revoke (once), with the actor a key of a person or an integration', async () => {
    const key = (await asAdmin(CREATE_KEY, { i: { userId: a.salesId, name: 'audited key', scope: { access: 'read_only' } } }, 'CreateApiKeyPayload')).apiKey
      .id as string;
    await asAdmin(ROTATE, { i: { id: key } }, 'RotateApiKeyPayload');
    expect((await asAdmin(REVOKE, { i: { id: key } }, 'RevokeApiKeyPayload')).alreadyRevoked).toBe(false);
    expect((await asAdmin(REVOKE, { i: { id: key } }, 'RevokeApiKeyPayload')).alreadyRevoked).toBe(true);

    const [revoked, rotated, created, ...rest] = await wholeLog(a.admin, { targetId: key });
    expect(rest).toEqual([]);
    expect(created).toMatchObject({
      action: 'api_key_created',
      targetType: 'api_key',
      actor: { userId: adminOfA.userId, keyId: adminOfA.keyId },
      before: null,
      after: { name: 'audited key', userId: a.salesId, integration: null, scope: { access: 'read_only', operations: [] } },
    });
    expect(rotated).toMatchObject({ action: 'api_key_rotated', before: { rotatedAt: null }, after: { rotatedAt: expect.any(String) } });
    expect(revoked).toMatchObject({ action: 'api_key_revoked', before: { revokedAt: null }, after: { revokedAt: expect.any(String) } });
    expect(JSON.stringify([created, rotated, revoked])).not.toMatch(/fk_|hash|token/i);

    const bot = await asAdmin(CREATE_KEY, { i: { integration: { name: 'Provisioning bot', roles: ['admin'] }, name: 'bot key' } }, 'CreateApiKeyPayload');
    const byBot = await api.gql(bot.token, CREATE_KEY, { i: { userId: a.salesId, name: 'made by the bot' } });
    const made = byBot.data?.createApiKey.apiKey.id as string;
    const [entry] = await wholeLog(a.admin, { actorId: bot.apiKey.id });
    expect(entry).toMatchObject({ action: 'api_key_created', targetId: made, actor: { userId: null, keyId: bot.apiKey.id, user: null } });
    expect(await wholeLog(a.admin, { actorId: bot.apiKey.id })).toHaveLength(1);
  });

  it('workflows: a publish and the start of a migration', async () => {
    const workflow = (await api.gql(a.admin, WORKFLOW)).data?.workflow;
    await asAdmin(SAVE_DRAFT, { i: { key: 'standard_trunk', definition: workflow.draft } }, 'Workflow');
    expect((await asAdmin(PUBLISH, { k: 'standard_trunk' }, 'WorkflowVersion')).version).toBe(2);
    const job = await asAdmin(MIGRATE, { i: { workflowKey: 'standard_trunk', fromVersion: 1, toVersion: 2, stageMap: [] } }, 'Job');

    const [published] = await wholeLog(a.admin, { targetType: 'workflow', targetId: workflow.id });
    expect(published).toMatchObject({
      action: 'workflow_published',
      targetType: 'workflow',
      actor: { userId: adminOfA.userId },
      before: { key: 'standard_trunk', version: 1 },
      after: { key: 'standard_trunk', version: 2 },
    });
    const [started] = await wholeLog(a.admin, { targetType: 'migration' });
    expect(started).toMatchObject({
      action: 'migration_started',
      targetId: job.id,
      before: null,
      after: { workflowKey: 'standard_trunk', fromVersion: 1, toVersion: 2, stageMap: [], total: job.total },
    });
  });
});

describe('reading the log', () => {
  it('pages newest first and filters by actor, target and time', async () => {
    const all = await wholeLog(a.admin);
    expect(all.length).toBeGreaterThan(10);
    const times = all.map((e) => Date.parse(e.at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    const firstTwo = await api.gql(a.admin, AUDIT_LOG, { first: 2 });
    const nextTwo = await api.gql(a.admin, AUDIT_LOG, { first: 2, after: firstTwo.data?.auditLog.pageInfo.endCursor });
    const paged = [...(firstTwo.data?.auditLog.edges ?? []), ...(nextTwo.data?.auditLog.edges ?? [])];
    expect(paged.map((e: any) => e.node.id)).toEqual(all.slice(0, 4).map((e) => e.id));

    const keys = await wholeLog(a.admin, { targetType: 'api_key' });
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((e) => e.targetType === 'api_key')).toBe(true);
    const byAdmin = await wholeLog(a.admin, { actorId: adminOfA.userId });
    expect(byAdmin.every((e) => e.actor.userId === adminOfA.userId)).toBe(true);

    const middle = all[Math.floor(all.length / 2)] as Entry;
    const since = await wholeLog(a.admin, { since: middle.at });
    expect(since.map((e) => e.id)).toContain(middle.id);
    expect(since.every((e) => Date.parse(e.at) >= Date.parse(middle.at))).toBe(true);
    const until = await wholeLog(a.admin, { until: middle.at });
    expect(until.map((e) => e.id)).not.toContain(middle.id);
    expect(until.every((e) => Date.parse(e.at) < Date.parse(middle.at))).toBe(true);
    expect(since.length + until.length).toBe(all.length);
  });

  it("never shows one tenant's entries to another tenant's admin", async () => {
    const ofA = new Set((await wholeLog(a.admin)).map((e) => e.id));
    const ofB = await wholeLog(b.admin);
    expect(ofB.length).toBeGreaterThan(0);
    expect(ofB.filter((e) => ofA.has(e.id))).toEqual([]);
    expect(await wholeLog(b.admin, { actorId: adminOfA.userId })).toEqual([]);
    expect(await wholeLog(b.admin, { targetId: a.salesId })).toEqual([]);
  });

  it('refuses anyone but an admin', async () => {
    for (const key of [a.sales, a.manager]) {
      const refused = await api.gql(key, AUDIT_LOG, { first: 5 });
      expect(refused.errors?.[0]).toMatchObject({ message: 'This needs one of the roles: admin', extensions: { code: 'FORBIDDEN' } });
      expect(refused.data ?? null).toBeNull();
    }
    expect((await api.gql(null, AUDIT_LOG, { first: 5 })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('offers no way to change or remove an entry', async () => {
    const mutations = await api.gql(a.admin, '{ __schema { mutationType { fields { name } } } }');
    expect(mutations.data?.__schema.mutationType.fields.map((f: any) => f.name).filter((name: string) => /audit/i.test(name))).toEqual([]);
  });
});

describe('a change whose process stopped before its entry reached the log', () => {
  it('gets its entry from the repair loop of any process', async () => {
    const { models, close } = await storeModels(h.mongo.uri);
    try {
      // What an updateUser leaves on the user when its process dies between its write and the copy into the log.
      const id = '0000000000000000000000aa';
      const left = {
        _id: id,
        tenantId: a.tenantId,
        at: new Date('2026-01-05T09:00:00.000Z'),
        action: 'user_updated',
        actor: { userId: adminOfA.userId, keyId: null },
        targetType: 'user',
        targetId: a.sales2Id,
        before: { name: 'Sue Sales' },
        after: { name: 'Sue S.' },
      };
      await models.User.collection.updateOne({ tenantId: a.tenantId, _id: a.sales2Id } as never, { $push: { auditOutbox: left } } as never);
      const deadline = Date.now() + 50 * REPAIR_INTERVAL_MS;
      let found: Entry | undefined;
      while (!found && Date.now() < deadline) {
        found = (await wholeLog(a.admin, { targetId: a.sales2Id })).find((e) => e.id === id);
        if (!found) await new Promise((resolve) => setTimeout(resolve, REPAIR_INTERVAL_MS));
      }
      expect(found).toMatchObject({ action: 'user_updated', before: { name: 'Sue Sales' }, after: { name: 'Sue S.' } });
      const user = await models.User.collection.findOne({ tenantId: a.tenantId, _id: a.sales2Id } as never);
      expect(user).not.toHaveProperty('auditOutbox');
    } finally {
      await close();
    }
  });
});
