import type { FunnelServer } from '@funnel/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { secondApi, startHarness, storeModels, type Harness, type TenantKeys } from './harness';
import { startSmtpCapture, type SmtpCapture } from './smtp-capture';

// Two api processes send the notification emails that are due while the mail server takes its time to answer each:
// every email goes out once. A process holds what it claimed for `mailLeaseMs`; one must not claim more than it
// sends within that, or the other process sends the rest again at the same time.

/** Emails due at once: many more than one process sends at a time (four). */
const EMAILS = 40;
/** How long the SMTP server takes to answer each message. */
const MAIL_HOLD_MS = 300;
/** How long a claimed email is its process's: over six answers' worth, far more than one send takes. */
const MAIL_LEASE_MS = 2000;
const POLL_MS = 20;
const CREATE = 'mutation($i: CreateRecordInput!) { createRecord(input: $i) { __typename ... on Record { id } } }';
const TRANSITION = 'mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { __typename ... on Record { version } } }';

let h: Harness;
let second: FunnelServer;
let t: TenantKeys;
let smtp: SmtpCapture;
/** A salesperson with an address who chose email for stage changes. */
let lin: { id: string; key: string };

beforeAll(async () => {
  smtp = await startSmtpCapture({ holdMs: MAIL_HOLD_MS });
  // Senders off: the test runs each process's rounds itself.
  const config = { smtpUrl: smtp.smtpUrl, deliveryPollMs: 0, mailLeaseMs: MAIL_LEASE_MS };
  h = await startHarness(config, {}, { storeProcess: true });
  second = await secondApi(h, { ...config, metricsBuildIntervalMs: 0 });
  t = await h.tenant('Slow Mail');
  const made = await h.gql(t.admin, 'mutation($i: CreateUserInput!) { createUser(input: $i) { ... on User { id } } }', {
    i: { name: 'Lin', email: 'lin@slow.example', roles: ['sales'], managerId: t.managerId },
  });
  const key = await h.gql(t.admin, 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ... on CreateApiKeyPayload { token } } }', {
    i: { userId: made.data?.createUser.id, name: 'lin' },
  });
  lin = { id: made.data?.createUser.id, key: key.data?.createApiKey.token };
  const prefs = await h.gql(lin.key, 'mutation($i: UpdateMyPreferencesInput!) { updateMyPreferences(input: $i) { __typename } }', {
    i: { notifications: [{ type: 'record_transition', channel: 'email' }] },
  });
  expect(prefs.data?.updateMyPreferences.__typename).toBe('Me');
});
afterAll(async () => {
  await second?.close();
  await h?.close();
  await smtp?.close();
});

/** A lead Lin accepts and the manager recycles: the standard trunk tells Lin, the previous owner; its id. */
async function recycled(name: string): Promise<string> {
  const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name, phone: '+1 555 0100' } } });
  const id = made.data?.createRecord.id as string;
  for (const [key, transition, version] of [
    [t.marketing, 'qualify', 1],
    [lin.key, 'accept', 2],
    [t.manager, 'recycle', 3],
  ] as const) {
    const moved = await h.gql(key, TRANSITION, { i: { id, transition, expectedVersion: version } });
    if (moved.data?.transitionRecord.__typename !== 'Record') throw new Error(`${transition} of ${name} answered ${JSON.stringify(moved)}`);
  }
  return id;
}

it('sends each email once while two processes send and the mail server is slow to answer', async () => {
  const ids = await Promise.all(Array.from({ length: EMAILS }, (_, i) => recycled(`Slow ${i}`)));
  await h.server.services.drainer.flush();
  const { models, close } = await storeModels(h.mongo.uri);
  try {
    const unsent = () => models.Notification.countDocuments({ tenantId: t.tenantId, userId: lin.id, 'email.status': 'pending' });
    expect(await unsent()).toBe(EMAILS);
    // The first process takes a round; the second looks for what is due as often as its poll would, until all are sent.
    const first = h.server.services.deliveries.emails.runDue();
    while ((await unsent()) > 0) {
      await second.services.deliveries.emails.runDue();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    await first;
    const toLin = smtp.messages.filter((m) => m.to.includes('lin@slow.example') && m.text.includes('/#/records/'));
    const mailsOf = ids.map((id) => ({ id, mails: toLin.filter((m) => m.text.includes(`/#/records/${id}?`)).length }));
    expect(mailsOf.filter(({ mails }) => mails !== 1)).toEqual([]);
  } finally {
    await close();
  }
});
