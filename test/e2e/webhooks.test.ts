import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_RESULT, startHarness, type Harness, type TenantKeys } from './harness';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver';

let h: Harness;
let t: TenantKeys;
let receiver: WebhookReceiver;

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const CREATE_ENDPOINT = `mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) {
  __typename ... on WebhookEndpointSecretPayload { secret endpoint { id url events enabled } }
  ... on ValidationFailed { diagnostics { pointer code message } } } }`;
const DELIVERIES = `query($e: ID!) { webhookDeliveries(endpointId: $e, first: 100) { ... on QueryWebhookDeliveriesConnection {
  edges { node { id eventId eventType recordId status attempts responseCode error nextAttemptAt } } } } }`;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  h = await startHarness({ webhookAllowedHosts: [receiver.allowedHost], deliveryPollMs: 20, deliveryRetryBaseMs: 30, webhookTimeoutMs: 2000 });
  t = await h.tenant('Hooks Inc');
});
afterAll(async () => {
  await h?.close();
  await receiver?.close();
});

async function endpoint(path: string, events: string[]): Promise<{ id: string; secret: string }> {
  const made = await h.gql(t.admin, CREATE_ENDPOINT, { i: { url: receiver.url(path), events, description: path } });
  expect(made.data?.createWebhookEndpoint.__typename, JSON.stringify(made)).toBe('WebhookEndpointSecretPayload');
  return { id: made.data?.createWebhookEndpoint.endpoint.id, secret: made.data?.createWebhookEndpoint.secret };
}

async function lead(name: string): Promise<{ id: string; version: number }> {
  const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name, phone: '+1 555 0100' } } });
  return { id: made.data?.createRecord.id, version: made.data?.createRecord.version };
}

async function qualify(record: { id: string; version: number }): Promise<number> {
  const moved = await h.gql(t.marketing, TRANSITION, { i: { id: record.id, transition: 'qualify', expectedVersion: record.version } });
  expect(moved.data?.transitionRecord.stage).toBe('mql');
  return moved.data?.transitionRecord.version;
}

const onPath = (path: string) => (got: ReceivedWebhook[]) => got.filter((r) => r.path === path);

describe('signed webhooks', () => {
  it('a record transition reaches the receiver, signed so that standardwebhooks verifies it', async () => {
    const { secret } = await endpoint('/signed', ['record.created', 'record.transitioned']);
    const record = await lead('Signed Co');
    await qualify(record);
    const got = onPath('/signed')(await receiver.waitFor((all) => onPath('/signed')(all).length >= 2));
    for (const request of got) {
      const verified = new Webhook(secret).verify(request.body, {
        'webhook-id': request.id,
        'webhook-timestamp': request.timestamp,
        'webhook-signature': request.signature,
      }) as ReceivedWebhook['json'];
      expect(verified.id).toBe(request.json.id);
    }
    expect(got.map((r) => r.json.type)).toEqual(['record.created', 'record.transitioned']);
    expect(got[1]?.json).toMatchObject({ version: 1, data: { recordId: record.id, from: 'lead', to: 'mql', cause: 'user', transition: 'qualify' } });
    // Another secret does not verify it.
    expect(() =>
      new Webhook(`whsec_${Buffer.from('x'.repeat(24)).toString('base64')}`).verify(got[1]?.body ?? '', {
        'webhook-id': got[1]?.id ?? '',
        'webhook-timestamp': got[1]?.timestamp ?? '',
        'webhook-signature': got[1]?.signature ?? '',
      }),
    ).toThrow();
  });

  it('a receiver failing three times gets the same webhook-id each time, while other records keep flowing, in order', async () => {
    const { id: endpointId } = await endpoint('/flaky', ['record.created', 'record.transitioned']);
    const stuck = await lead('Stuck Co');
    let failures = 0;
    receiver.answer((request) => {
      if (request.path === '/flaky' && request.json.data?.recordId === stuck.id && failures < 3) {
        failures += 1;
        return { status: 503 };
      }
      return { status: 204 };
    });
    await qualify(stuck);
    const others = await Promise.all([lead('Flowing A'), lead('Flowing B')]);
    await Promise.all(others.map(qualify));
    const got = onPath('/flaky')(await receiver.waitFor((all) => onPath('/flaky')(all).filter((r) => r.status === 204).length >= 6, 15_000));
    const ofStuck = got.filter((r) => r.json.data.recordId === stuck.id);
    // Three failures then a success for its creation, then its transition: one webhook-id per event, whatever the attempts.
    expect(ofStuck.map((r) => [r.json.type, r.status])).toEqual([
      ['record.created', 503],
      ['record.created', 503],
      ['record.created', 503],
      ['record.created', 204],
      ['record.transitioned', 204],
    ]);
    expect(new Set(ofStuck.slice(0, 4).map((r) => r.id)).size).toBe(1);
    // The other records' events did not wait for the failing one.
    const firstStuckSuccess = ofStuck[3]?.arrivedAt ?? 0;
    const flowing = got.filter((r) => r.json.data.recordId !== stuck.id);
    expect(flowing.length).toBe(4);
    expect(Math.min(...flowing.map((r) => r.arrivedAt))).toBeLessThan(firstStuckSuccess);
    for (const other of others) {
      expect(flowing.filter((r) => r.json.data.recordId === other.id).map((r) => r.json.type)).toEqual(['record.created', 'record.transitioned']);
    }
    const log = await h.gql(t.admin, DELIVERIES, { e: endpointId });
    const created = log.data?.webhookDeliveries.edges.map((e: any) => e.node).find((d: any) => d.recordId === stuck.id && d.eventType === 'record.created');
    expect(created).toMatchObject({ status: 'delivered', attempts: 4, responseCode: 204, error: null, nextAttemptAt: null });
    receiver.answer(() => ({ status: 204 }));
  });

  it('webhookEventTypes lists the types an endpoint may ask for, as docs/webhooks.md does; only admins read it', async () => {
    const types = (await h.gql(t.admin, '{ webhookEventTypes }')).data?.webhookEventTypes;
    expect(types).toEqual([
      'record.created',
      'record.updated',
      'record.transitioned',
      'record.recycled',
      'record.claimed',
      'record.released',
      'record.assigned',
      'activity.logged',
      'extension.requested',
      'extension.decided',
      'timer.warned',
      'follow_up.set',
      'follow_up.due',
      'approval.requested',
      'approval.decided',
      'record.probability_set',
    ]);
    expect((await h.gql(t.sales, '{ webhookEventTypes }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('redeliverWebhook sends a delivered event again with its webhook-id', async () => {
    const { id: endpointId } = await endpoint('/again', ['record.created']);
    const record = await lead('Again Co');
    const [first] = onPath('/again')(await receiver.waitFor((all) => onPath('/again')(all).length >= 1));
    const log = await h.gql(t.admin, DELIVERIES, { e: endpointId });
    const delivery = log.data?.webhookDeliveries.edges.map((e: any) => e.node).find((d: any) => d.recordId === record.id);
    expect(delivery.status).toBe('delivered');
    const again = await h.gql(
      t.admin,
      'mutation($i: RedeliverWebhookInput!) { redeliverWebhook(input: $i) { __typename ... on WebhookDelivery { id status } } }',
      {
        i: { id: delivery.id },
      },
    );
    expect(again.data?.redeliverWebhook).toMatchObject({ id: delivery.id, status: 'pending' });
    const both = onPath('/again')(await receiver.waitFor((all) => onPath('/again')(all).length >= 2));
    expect(both[1]?.id).toBe(first?.id);
    expect(both[1]?.body).toBe(first?.body);
  });
});

describe('outbound addresses', () => {
  it('refuses decimal, IPv4-mapped IPv6, loopback and private literals when an endpoint is saved', async () => {
    const port = receiver.port;
    for (const url of [
      `http://2130706433:${port}/`,
      `http://0x7f.1:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::1]:${port}/`,
      `http://127.0.0.1:${port}/`,
      'http://10.0.0.7/',
      'http://169.254.169.254/latest/meta-data/',
      'ftp://files.example/',
    ]) {
      const made = await h.gql(t.admin, CREATE_ENDPOINT, { i: { url, events: ['record.created'] } });
      expect(made.data?.createWebhookEndpoint.__typename, url).toBe('ValidationFailed');
      expect(made.data?.createWebhookEndpoint.diagnostics[0]).toMatchObject({ pointer: '/url', code: 'invalid_url' });
    }
    const unknown = await h.gql(t.admin, CREATE_ENDPOINT, { i: { url: receiver.url('/x'), events: ['record.exploded'] } });
    expect(unknown.data?.createWebhookEndpoint.diagnostics[0]).toMatchObject({ pointer: '/events/0', code: 'unknown_event_type' });
  });

  it('refuses a name that resolves to a private address, and a redirect to one, on the address connected to', async () => {
    // A second server nobody allowed: it must never be reached.
    let reached = 0;
    const target = createServer((_req, res) => {
      reached += 1;
      res.end('should not be reached');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const targetPort = (target.address() as AddressInfo).port;
    try {
      const byName = await endpoint('/unused', ['record.created']);
      await h.gql(t.admin, 'mutation($i: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $i) { __typename } }', {
        i: { id: byName.id, url: `http://localhost:${targetPort}/` },
      });
      const redirected = await endpoint('/redirect', ['record.created']);
      receiver.answer((request) =>
        request.path === '/redirect' ? { status: 307, headers: { location: `http://localhost:${targetPort}/stolen` } } : { status: 204 },
      );
      const record = await lead('Rebinding Co');
      const failedOf = async (endpointId: string) => {
        const deadline = Date.now() + 10_000;
        for (;;) {
          const log = await h.gql(t.admin, DELIVERIES, { e: endpointId });
          const d = log.data?.webhookDeliveries.edges.map((e: any) => e.node).find((n: any) => n.recordId === record.id);
          if ((d && d.attempts > 0) || Date.now() > deadline) return d;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      const refusedByName = await failedOf(byName.id);
      expect(refusedByName.error).toMatch(/refused: localhost resolves to 127\.0\.0\.1, a loopback address/);
      const refusedRedirect = await failedOf(redirected.id);
      expect(refusedRedirect.error).toMatch(/refused/);
      expect(refusedRedirect.status).toBe('pending');
      expect(reached).toBe(0);
    } finally {
      receiver.answer(() => ({ status: 204 }));
      await new Promise((resolve) => target.close(resolve));
    }
  });
});

describe('who may manage endpoints', () => {
  it('only admins, and every change is in the audit log without the secret', async () => {
    const bySales = await h.gql(t.sales, CREATE_ENDPOINT, { i: { url: receiver.url('/nope'), events: ['record.created'] } });
    expect(JSON.stringify(bySales)).toMatch(/FORBIDDEN|Forbidden/);
    const made = await endpoint('/audited', ['record.created']);
    const rotated = await h.gql(
      t.admin,
      'mutation($i: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $i) { ... on WebhookEndpointSecretPayload { secret } } }',
      {
        i: { id: made.id },
      },
    );
    expect(rotated.data?.rotateWebhookSecret.secret).toMatch(/^whsec_/);
    expect(rotated.data?.rotateWebhookSecret.secret).not.toBe(made.secret);
    const deleted = await h.gql(t.admin, 'mutation($i: DeleteWebhookEndpointInput!) { deleteWebhookEndpoint(input: $i) { __typename } }', {
      i: { id: made.id },
    });
    expect(deleted.data?.deleteWebhookEndpoint.__typename).toBe('WebhookEndpoint');
    const listed = await h.gql(t.admin, '{ webhookEndpoints { id } }');
    expect(listed.data?.webhookEndpoints.map((e: any) => e.id)).not.toContain(made.id);
    const audit = await h.gql(t.admin, '{ auditLog(first: 100, filter: { targetType: webhook_endpoint }) { edges { node { action targetId after } } } }');
    const actions = audit.data?.auditLog.edges
      .map((e: any) => e.node)
      .filter((n: any) => n.targetId === made.id)
      .map((n: any) => n.action);
    expect(actions?.sort()).toEqual(['webhook_endpoint_created', 'webhook_endpoint_deleted', 'webhook_secret_rotated']);
    expect(JSON.stringify(audit)).not.toContain(made.secret);
  });
});

describe('an endpoint failing for the whole retry window', () => {
  it('is disabled, its deliveries wait, the admins are told, and enabling it sends what waited', async () => {
    const short = await startHarness({
      webhookAllowedHosts: [receiver.allowedHost],
      deliveryPollMs: 20,
      deliveryRetryBaseMs: 20,
      deliveryRetryWindowMs: 400,
      webhookTimeoutMs: 2000,
    });
    try {
      const ts = await short.tenant('Down Ltd');
      const made = await short.gql(ts.admin, CREATE_ENDPOINT, { i: { url: receiver.url('/down'), events: ['record.created'] } });
      const endpointId = made.data?.createWebhookEndpoint.endpoint.id as string;
      receiver.answer((request) => (request.path === '/down' ? { status: 500 } : { status: 204 }));
      const first = await short.gql(ts.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Down One', phone: '+1 555 0111' } } });
      const ENDPOINTS = '{ webhookEndpoints { id enabled disabledReason failingSince } }';
      const deadline = Date.now() + 10_000;
      let endpointNow: any;
      for (;;) {
        endpointNow = (await short.gql(ts.admin, ENDPOINTS)).data?.webhookEndpoints.find((e: any) => e.id === endpointId);
        if (!endpointNow?.enabled || Date.now() > deadline) break;
        // Each new event keeps the endpoint failing until the window has passed since its first failure.
        await short.gql(ts.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: `Down ${Date.now()}`, phone: '+1 555 0112' } } });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(endpointNow).toMatchObject({ enabled: false, disabledReason: 'failing' });
      // The sender tells the admins once the endpoint is disabled: a moment after it reads disabled.
      const told = async () => (await short.gql(ts.admin, '{ notifications(first: 5) { edges { node { type params } } } }')).data?.notifications.edges[0]?.node;
      await expect
        .poll(told, { timeout: 5000, interval: 20 })
        .toMatchObject({ type: 'webhook_endpoint_disabled', params: { endpointId, url: receiver.url('/down') } });
      const log = await short.gql(ts.admin, DELIVERIES, { e: endpointId });
      const statuses = new Set(log.data?.webhookDeliveries.edges.map((e: any) => e.node.status));
      // The newest events wait for the endpoint (the oldest were given up when their window passed).
      expect(statuses.has('paused')).toBe(true);
      expect(statuses.has('delivered')).toBe(false);

      receiver.answer(() => ({ status: 204 }));
      const enabled = await short.gql(
        ts.admin,
        'mutation($i: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $i) { ... on WebhookEndpoint { enabled failingSince } } }',
        {
          i: { id: endpointId, enabled: true },
        },
      );
      expect(enabled.data?.updateWebhookEndpoint).toEqual({ enabled: true, failingSince: null });
      const paused = log.data?.webhookDeliveries.edges.map((e: any) => e.node).filter((d: any) => d.status === 'paused');
      await receiver.waitFor((all) => paused.every((d: any) => all.some((r) => r.path === '/down' && r.id === d.id && r.status === 204)));
      expect(first.data?.createRecord.id).toBeTruthy();
    } finally {
      receiver.answer(() => ({ status: 204 }));
      await short.close();
    }
  });
});
