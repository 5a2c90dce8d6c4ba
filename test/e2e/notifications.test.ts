import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_RESULT, START, startHarness, type Harness, type TenantKeys } from './harness';
import { startSmtpCapture, type SmtpCapture } from './smtp-capture';
import { openSubscription } from './subscription-stream';

let h: Harness;
let t: TenantKeys;
let smtp: SmtpCapture;
/** A salesperson who reads in Simplified Chinese, in Shanghai, and chose email for warnings and decisions. */
let lin: { id: string; key: string };

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const INBOX = `query($unread: Boolean) { unreadNotificationCount notifications(first: 20, unreadOnly: $unread) {
  edges { cursor node { id type recordId workflowKey eventId params at readAt record { id stage } } } } }`;
const MARK = 'mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) { marked unreadCount } }';

beforeAll(async () => {
  smtp = await startSmtpCapture();
  h = await startHarness({ smtpUrl: smtp.smtpUrl, deliveryPollMs: 20, publicUrl: 'https://crm.example' });
  t = await h.tenant('Notify Inc');
  const made = await h.gql(t.admin, 'mutation($i: CreateUserInput!) { createUser(input: $i) { ... on User { id } } }', {
    i: { name: '李娜', email: 'lin@notify.example', roles: ['sales'], managerId: t.managerId },
  });
  const id = made.data?.createUser.id as string;
  const key = await h.gql(t.admin, 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ... on CreateApiKeyPayload { token } } }', {
    i: { userId: id, name: 'lin' },
  });
  lin = { id, key: key.data?.createApiKey.token as string };
  const prefs = await h.gql(lin.key, 'mutation($i: UpdateMyPreferencesInput!) { updateMyPreferences(input: $i) { __typename } }', {
    i: {
      locale: 'zh_Hans',
      timeZone: 'Asia/Shanghai',
      notifications: [
        { type: 'timer_warning', channel: 'email' },
        { type: 'extension_decided', channel: 'email' },
      ],
    },
  });
  expect(JSON.stringify(prefs)).not.toContain('errors');
});
afterAll(async () => {
  await h?.close();
  await smtp?.close();
});

/** A lead taken to SQL by marketing and accepted by `salesKey`, who then owns it. */
async function sqlFor(salesKey: string, name: string): Promise<string> {
  const made = await h.gql(t.marketing, CREATE, {
    i: { workflowKey: 'standard_trunk', fields: { name, phone: '+86 10 5555 0000', email: `${name.length}x@acme.example` } },
  });
  const id = made.data?.createRecord.id as string;
  const q = await h.gql(t.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
  const a = await h.gql(salesKey, TRANSITION, { i: { id, transition: 'accept', expectedVersion: q.data?.transitionRecord.version } });
  expect(a.data?.transitionRecord.stage).toBe('sql');
  return id;
}

/** The inbox of `key` once `done` holds (notifications are stored a few milliseconds after the commit). */
async function inboxWhen(key: string, done: (nodes: any[]) => boolean, unread?: boolean): Promise<{ count: number; nodes: any[] }> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const got = await h.gql(key, INBOX, { unread: unread ?? false });
    const nodes = (got.data?.notifications.edges ?? []).map((e: any) => e.node);
    if (done(nodes) || Date.now() > deadline) return { count: got.data?.unreadNotificationCount, nodes };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a warning the day before a recycle', () => {
  it("lands in the owner's inbox, and by email in the owner's language and time zone", async () => {
    await h.gql(t.admin, 'mutation($at: DateTime!) { setClock(at: $at) { now } }', { at: new Date(START).toISOString() });
    const id = await sqlFor(lin.key, '华为云采购');
    await h.gql(t.admin, 'mutation { advanceClock(by: "P6DT1H") { ... on ClockPayload { now } } }');
    await h.gql(t.admin, 'mutation { runDueTimers { fired } }');

    const inbox = await inboxWhen(lin.key, (nodes) => nodes.some((n) => n.type === 'timer_warning'));
    const warning = inbox.nodes.find((n) => n.type === 'timer_warning');
    expect(warning).toMatchObject({ recordId: id, workflowKey: 'standard_trunk', readAt: null, record: { id, stage: 'sql' } });
    expect(warning.params).toMatchObject({ timer: 'one_week_rule', stage: 'sql' });
    // The deadline is seven days after acceptance, on the tenant's clock.
    expect(warning.params.dueAt).toBe(START + 7 * 24 * 3600_000);
    expect(inbox.count).toBe(1);

    const mail = await smtp.waitFor({ to: 'lin@notify.example', match: /华为云采购/, timeoutMs: 5000 });
    expect(mail.lang).toBe('zh-Hans');
    expect(mail.subject).toContain('公海');
    // 7 days after START (2026-01-05T09:00Z … see harness) in Shanghai is eight hours later than UTC.
    expect(mail.text).toContain('UTC+8');
    expect(mail.text).toContain(`https://crm.example/#/records/${id}?workspace=`);

    const marked = await h.gql(lin.key, MARK, { i: { upTo: warning.id } });
    expect(marked.data?.markNotificationsRead).toEqual({ marked: 1, unreadCount: 0 });
    const again = await h.gql(lin.key, MARK, { i: { upTo: warning.id } });
    expect(again.data?.markNotificationsRead).toEqual({ marked: 0, unreadCount: 0 });
  });

  it('is stored once although the drain that stored it is repeated (a crash between the log and the outbox clear)', async () => {
    const before = await h.gql(lin.key, INBOX, {});
    await h.server.services.drainer.repair(t.tenantId);
    const { models, close } = await (await import('./harness')).storeModels(h.mongo.uri);
    try {
      const events = await models.Event.find({ tenantId: t.tenantId, type: 'timer_warned' }).lean();
      expect(events.length).toBeGreaterThan(0);
      // The drainer's hook again, as a repair after a crash runs it: nothing new reaches the inbox.
      await h.server.services.drainer.drainLeftovers(async (afterId) =>
        afterId
          ? []
          : events.map((e) => ({
              tenantId: e.tenantId,
              recordId: e.recordId,
              workflowKey: e.workflowKey,
              version: null,
              entries: [{ _id: e._id, event: e as any, notify: e.notify }],
            })),
      );
      const stored = await models.Notification.countDocuments({ tenantId: t.tenantId, userId: lin.id, type: 'timer_warning' });
      expect(stored).toBe(before.data?.notifications.edges.filter((e: any) => e.node.type === 'timer_warning').length);
    } finally {
      await close();
    }
  });
});

describe('extensions', () => {
  it('a request notifies the manager; the decision notifies the owner, live and by email', async () => {
    const id = await sqlFor(lin.key, '字节跳动续约');
    const live = await openSubscription({ server: h.server, key: lin.key, query: 'subscription { notificationAdded { type recordId params } }' });
    try {
      // Reading from the start, as a browser's EventSource does (the stream subscribes when it is first read).
      const reading = live.readUntil((got) => got.includes('extension_decided'), 10_000);
      const asked = await h.gql(lin.key, 'mutation($i: RequestExtensionInput!) { requestExtension(input: $i) { __typename } }', {
        i: { id, timer: 'one_week_rule' },
      });
      expect(asked.data?.requestExtension.__typename).toBe('Record');
      const manager = await inboxWhen(t.manager, (nodes) => nodes.some((n) => n.type === 'extension_requested' && n.recordId === id));
      const request = manager.nodes.find((n) => n.type === 'extension_requested' && n.recordId === id);
      expect(request.params).toMatchObject({ timer: 'one_week_rule', requester: lin.id });
      expect(typeof request.params.dueAt).toBe('number');
      // The requester is not told of their own request.
      expect((await inboxWhen(lin.key, () => true)).nodes.some((n) => n.type === 'extension_requested')).toBe(false);

      const decided = await h.gql(t.manager, 'mutation($i: DecideExtensionInput!) { decideExtension(input: $i) { __typename } }', {
        i: { id, timer: 'one_week_rule', approve: true },
      });
      expect(decided.data?.decideExtension.__typename).toBe('Record');
      const owner = await inboxWhen(lin.key, (nodes) => nodes.some((n) => n.type === 'extension_decided' && n.recordId === id));
      const decision = owner.nodes.find((n) => n.type === 'extension_decided' && n.recordId === id);
      expect(decision.params).toMatchObject({ timer: 'one_week_rule', approved: true, decider: t.managerId });
      const text = await reading;
      expect(text).toContain('extension_decided');
      expect(text).toContain(id);
      const mail = await smtp.waitFor({ to: 'lin@notify.example', match: /字节跳动续约/, timeoutMs: 5000 });
      expect(mail.subject).toContain('延期');
    } finally {
      live.close();
    }
  });

  it("a person's inbox is theirs alone: another's ids are not marked, another tenant sees none", async () => {
    const mine = await inboxWhen(lin.key, (nodes) => nodes.length > 0);
    const other = await h.tenant('Elsewhere Ltd');
    const foreign = await h.gql(other.manager, INBOX, {});
    expect(foreign.data?.notifications.edges).toEqual([]);
    const marked = await h.gql(t.manager, MARK, { i: { ids: mine.nodes.map((n) => n.id) } });
    expect(marked.data?.markNotificationsRead.marked).toBe(0);
  });
});

describe('emails that cannot be sent', () => {
  it('are tried again with backoff and shown to admins with the error', async () => {
    const closed = await startSmtpCapture();
    const smtpUrl = closed.smtpUrl;
    await closed.close();
    const broken = await startHarness({ smtpUrl, deliveryPollMs: 20, deliveryRetryBaseMs: 20 });
    try {
      const tb = await broken.tenant('Bounce Ltd');
      const made = await broken.gql(tb.admin, 'mutation($i: CreateUserInput!) { createUser(input: $i) { ... on User { id } } }', {
        i: { name: 'Ann', email: 'ann@bounce.example', roles: ['manager'] },
      });
      await broken.gql(tb.admin, 'mutation($i: UpdateUserInput!) { updateUser(input: $i) { __typename } }', {
        i: { id: tb.salesId, managerId: made.data?.createUser.id },
      });
      const key = await broken.gql(tb.admin, 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ... on CreateApiKeyPayload { token } } }', {
        i: { userId: made.data?.createUser.id, name: 'ann' },
      });
      const ann = key.data?.createApiKey.token as string;
      await broken.gql(ann, 'mutation($i: UpdateMyPreferencesInput!) { updateMyPreferences(input: $i) { __typename } }', {
        i: { notifications: [{ type: 'extension_requested', channel: 'email' }] },
      });
      const lead = await broken.gql(tb.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Bounce', phone: '+1 555 0199' } } });
      const id = lead.data?.createRecord.id as string;
      const q = await broken.gql(tb.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
      await broken.gql(tb.sales, TRANSITION, { i: { id, transition: 'accept', expectedVersion: q.data?.transitionRecord.version } });
      await broken.gql(tb.sales, 'mutation($i: RequestExtensionInput!) { requestExtension(input: $i) { __typename } }', { i: { id, timer: 'one_week_rule' } });
      const EMAILS = '{ notificationEmails(first: 10) { edges { node { userId status attempts error nextAttemptAt notification { type recordId } } } } }';
      const deadline = Date.now() + 5000;
      let email: any;
      for (;;) {
        const listed = await broken.gql(tb.admin, EMAILS);
        email = listed.data?.notificationEmails.edges[0]?.node;
        if ((email && email.attempts >= 2) || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(email).toMatchObject({ userId: made.data?.createUser.id, status: 'pending', notification: { type: 'extension_requested', recordId: id } });
      expect(email.attempts).toBeGreaterThanOrEqual(2);
      expect(email.error).toMatch(/ECONNREFUSED/);
      expect(email.nextAttemptAt).not.toBeNull();
      const bySales = await broken.gql(tb.sales, EMAILS);
      expect(JSON.stringify(bySales)).toMatch(/FORBIDDEN|Forbidden|not allowed/i);
    } finally {
      await broken.close();
    }
  });
});
