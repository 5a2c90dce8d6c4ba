import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { startWebhookReceiver, type WebhookReceiver } from '../e2e/webhook-receiver';
import { browserSuite } from './browser-suite';
import { type AdminTenant, adminInLocale, adminScreens, adminTenant, CHINESE_ADMINS } from './work-admin-tenant';
import { signInAsPerson, type WorkPerson } from './work-my-work-tenant';

// The admin's Apps screen in a real browser against the real api: the admin creates a read-only API key for a
// person (the token, shown once, answers a query and is refused a mutation, through the api), rotates a key after a
// confirm; adds a webhook endpoint pointing at a real receiver on this machine (an address the api refuses and a
// missing event type are said at their fields), makes a change that sends an event, and sees it delivered in the
// endpoint's log; the receiver got it signed (verified with the standardwebhooks package); "Redeliver" sends it again
// with the same webhook-id. After every step the store is read through the GraphQL api. Then the same screen in
// Simplified and Traditional Chinese: axe-core and the untranslated-text check find nothing.

let receiver: WebhookReceiver;
// Started before the suite's api, which must be allowed to post to it.
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
});
const suite = browserSuite({ webhookAllowedHosts: () => [receiver.allowedHost] });

interface StoredKey {
  id: string;
  name: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  rotatedAt: string | null;
  scope: { access: string; operations: string[] };
  owner: { id?: string; name: string } | null;
}

/** Sends GraphQL with a token as an app would, and answers the body (data and errors alike). */
async function asApp(url: string, token: string, query: string): Promise<{ data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] };
}

const CREATE_RECORD = 'mutation { createRecord(input: { workflowKey: "standard_trunk", fields: { name: "Scoped" } }) { __typename } }';

describe('the Apps screen, in en', () => {
  const openedPage = suite.pageFor('en-apps');
  let page: Page;
  let admin: AdminTenant;
  let reporter: WorkPerson;
  let screens: ReturnType<typeof adminScreens>;
  let endpointId: string;
  let secret: string;
  /** The token the key was created with: rotating it must stop it. */
  let firstToken: string;
  const keys = async () => {
    const read = await admin.tenant.gql<{ apiKeys: { edges: { node: StoredKey }[] } }>(
      admin.tenant.adminKey,
      '{ apiKeys(first: 50) { edges { node { id name lastUsedAt revokedAt rotatedAt scope { access operations } owner { ... on User { id name } ... on Integration { name } } } } } }',
    );
    return read.apiKeys.edges.map((edge) => edge.node);
  };
  const storedKey = async (name: string) => {
    const found = (await keys()).find((key) => key.name === name);
    if (!found) throw new Error(`no key ${name} in the store`);
    return found;
  };
  const deliveries = async () => {
    const read = await admin.tenant.gql(
      admin.tenant.adminKey,
      'query($id: ID!) { webhookDeliveries(endpointId: $id, first: 20) { ... on QueryWebhookDeliveriesConnection { edges { node { id eventType status attempts responseCode } } } } }',
      { id: endpointId },
    );
    return read.webhookDeliveries.edges.map((edge: { node: unknown }) => edge.node) as {
      id: string;
      eventType: string;
      status: string;
      attempts: number;
      responseCode: number | null;
    }[];
  };
  const openApps = async () => {
    await page.goto(`${suite.funnel.url}/#/apps`);
    // Read afresh: a goto to the hash already shown does not load the page again.
    await page.reload();
    await page.getByTestId('create-key-form').waitFor();
  };

  beforeAll(async () => {
    page = openedPage();
    await suite.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.funnel.url });
    admin = await adminTenant({ suite, name: 'Apps en', adminName: 'Ada Admin', locale: 'en' });
    reporter = await admin.tenant.person({ name: 'Rae Reporter', roles: ['manager'] });
    screens = adminScreens({ page: () => page, prefix: 'en-apps', locale: 'en', identifiers: [] });
  });

  it('creates a read-only key for a person: the token, shown once, answers a query and is refused a mutation', async () => {
    await signInAsPerson({ page, url: suite.funnel.url, slug: admin.tenant.slug, person: admin.admin, locale: 'en' });
    await page.getByRole('link', { name: 'Apps' }).click();
    await page.getByTestId('key-table').waitFor();
    await screens.shoot('keys', { check: true });

    const form = page.getByTestId('create-key-form');
    await form.locator('#key-name').fill('Weekly report');
    await form.getByRole('radio', { name: 'A person' }).check();
    await form.locator('#key-user').selectOption({ label: 'Rae Reporter' });
    await form.getByRole('radio', { name: 'Read-only' }).check();
    await form.locator('button[type=submit]').click();
    const shown = page.getByTestId('key-token');
    await shown.waitFor();
    expect(await shown.locator('p').textContent()).toBe('The token of Weekly report, shown only now: copy it and keep it safe.');
    const token = (await page.getByTestId('key-token-value').textContent()) ?? '';
    expect(token).toMatch(/^fk_/);
    firstToken = token;
    await page.getByTestId('key-token-copy').click();
    await expect.poll(() => shown.textContent()).toContain('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    // The store: the key, for Rae, read-only, never used yet.
    expect(await storedKey('Weekly report')).toMatchObject({ scope: { access: 'read_only', operations: [] }, owner: { id: reporter.id }, lastUsedAt: null });
    await screens.shoot('key-created', { check: true });

    // The token through the api: a query answers as Rae; a mutation is refused whole, and nothing is created.
    const query = await asApp(suite.funnel.url, token, '{ me { user { name } } }');
    expect(query.data).toEqual({ me: { user: { name: 'Rae Reporter' } } });
    const mutation = await asApp(suite.funnel.url, token, CREATE_RECORD);
    expect(mutation.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(mutation.data?.createRecord).toBeUndefined();
    const records = await admin.tenant.gql(admin.tenant.adminKey, '{ records(first: 5) { edges { node { id } } } }');
    expect(records.records.edges).toEqual([]);

    // Its last use shows once the screen reads the keys again.
    await expect.poll(async () => (await storedKey('Weekly report')).lastUsedAt).not.toBeNull();
    await openApps();
    const row = page.locator(`[data-testid=key-row][data-key-id="${(await storedKey('Weekly report')).id}"]`);
    await expect.poll(() => row.getByTestId('key-last-used').textContent()).not.toBe('Never');
    expect(await row.getByTestId('key-scope').textContent()).toBe('Read-only');
    await screens.shoot('key-used', { check: true });
  });

  it('rotates a key after a confirm (the new token is shown once, the old one refused), then revokes it', async () => {
    const before = await storedKey('Weekly report');
    const row = page.locator(`[data-testid=key-row][data-key-id="${before.id}"]`);
    await row.getByTestId('rotate-key').click();
    const confirm = page.getByTestId('confirm-dialog');
    expect(await confirm.getByRole('heading').textContent()).toBe('Rotate the key Weekly report?');
    await screens.shoot('rotate-confirm', { check: true });
    await confirm.getByTestId('confirm').click();
    await page.getByTestId('key-token').waitFor();
    const token = (await page.getByTestId('key-token-value').textContent()) ?? '';
    expect(token).not.toBe(firstToken);
    expect((await storedKey('Weekly report')).rotatedAt).not.toBeNull();
    expect((await asApp(suite.funnel.url, token, '{ me { user { name } } }')).data).toEqual({ me: { user: { name: 'Rae Reporter' } } });
    const refused = await asApp(suite.funnel.url, firstToken, '{ me { user { name } } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await admin.audit())[0]).toMatchObject({ action: 'api_key_rotated', targetId: before.id, actor: { userId: admin.admin.id } });
    await screens.shoot('rotated', { check: true });

    // Revoked after a confirm: the row says since when, and the token is refused at once.
    await row.getByTestId('revoke-key').click();
    expect(await confirm.getByRole('heading').textContent()).toBe('Revoke the key Weekly report?');
    await confirm.getByTestId('confirm').click();
    await expect.poll(() => page.getByTestId('keys-news').textContent()).toBe('The key Weekly report is revoked.');
    expect((await storedKey('Weekly report')).revokedAt).not.toBeNull();
    await expect.poll(() => row.getByTestId('key-status').textContent()).toMatch(/^Revoked /);
    expect(await row.getByTestId('revoke-key').count()).toBe(0);
    expect((await asApp(suite.funnel.url, token, '{ me { user { name } } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await screens.shoot('revoked', { check: true });
  });

  it('adds a webhook endpoint; refusals are said at their field', async () => {
    const form = page.getByTestId('create-endpoint-form');
    await form.locator('#endpoint-url').fill('http://10.0.0.7/hooks');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('#endpoint-url-problem').textContent()).toBe('This address cannot be used: give a public https:// address.');
    expect(await form.locator('#endpoint-events-problem').textContent()).toBe('This is required.');
    const listed = await admin.tenant.gql(admin.tenant.adminKey, '{ webhookEndpoints { id } }');
    expect(listed.webhookEndpoints).toEqual([]);
    await screens.shoot('endpoint-refused', { check: true });

    await form.locator('#endpoint-url').fill(receiver.url('/funnel'));
    await form.locator('#endpoint-description').fill('The data warehouse');
    await form.getByRole('checkbox', { name: /A record is created/ }).check();
    await form.getByRole('checkbox', { name: /A record moves/ }).check();
    await form.locator('button[type=submit]').click();
    const shown = page.getByTestId('endpoint-secret');
    await shown.waitFor();
    secret = (await page.getByTestId('endpoint-secret-value').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    const stored = await admin.tenant.gql(admin.tenant.adminKey, '{ webhookEndpoints { id url description events enabled } }');
    expect(stored.webhookEndpoints).toEqual([
      {
        id: expect.any(String),
        url: receiver.url('/funnel'),
        description: 'The data warehouse',
        events: ['record.created', 'record.transitioned'],
        enabled: true,
      },
    ]);
    endpointId = stored.webhookEndpoints[0].id;
    expect(await page.locator(`[data-testid=endpoint-row][data-endpoint-id="${endpointId}"]`).getByTestId('endpoint-status').textContent()).toBe('Enabled');
    await screens.shoot('endpoint-added', { check: true });
  });

  it('a change sends an event: delivered, signed, in the endpoint’s log; redelivered with the same webhook-id', async () => {
    const recordId = await admin.tenant.createLead(admin.admin, { name: 'Webhook Lead', phone: '+1 555 0101' });
    const got = await receiver.waitFor((received) => received.some((request) => request.json.type === 'record.created'), 20_000);
    const request = got.find((r) => r.json.type === 'record.created');
    if (!request) throw new Error('no record.created arrived');
    expect(request.json.data.recordId).toBe(recordId);
    const verified = new Webhook(secret).verify(request.body, {
      'webhook-id': request.id,
      'webhook-timestamp': request.timestamp,
      'webhook-signature': request.signature,
    });
    expect(verified).toMatchObject({ type: 'record.created', data: { recordId } });
    await expect.poll(async () => (await deliveries()).find((d) => d.eventType === 'record.created')?.status).toBe('delivered');

    const row = page.locator(`[data-testid=endpoint-row][data-endpoint-id="${endpointId}"]`);
    await row.getByTestId('endpoint-deliveries').click();
    const log = page.getByTestId('delivery-log');
    await log.waitFor();
    const delivered = log.locator('[data-testid=delivery-row][data-status=delivered]').filter({ hasText: 'A record is created' });
    await expect.poll(() => delivered.count()).toBe(1);
    expect(await delivered.getByTestId('delivery-status').textContent()).toBe('Delivered');
    expect(await delivered.getByTestId('delivery-code').textContent()).toBe('204');
    await screens.shoot('delivered', { check: true });
    await screens.shootNarrow('delivered');

    // Filtered by status: none failed.
    await log.locator('#delivery-status').selectOption('failed');
    await expect.poll(() => log.textContent()).toContain('No deliveries match.');
    await log.locator('#delivery-status').selectOption('delivered');
    await expect.poll(() => delivered.count()).toBe(1);

    const before = receiver.received.filter((r) => r.id === request.id).length;
    await delivered.getByTestId('redeliver').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => log.getByTestId('delivery-news').textContent()).toBe('The delivery is on its way again.');
    await receiver.waitFor((received) => received.filter((r) => r.id === request.id).length === before + 1, 20_000);
    await expect.poll(async () => (await deliveries()).find((d) => d.eventType === 'record.created')).toMatchObject({ status: 'delivered', attempts: 2 });
    await screens.shoot('redelivered', { check: true });
  });

  it('disables the endpoint, and its log keeps what it sent', async () => {
    const row = page.locator(`[data-testid=endpoint-row][data-endpoint-id="${endpointId}"]`);
    await row.getByTestId('endpoint-toggle').click();
    await expect.poll(() => row.getByTestId('endpoint-status').textContent()).toBe('Disabled');
    const stored = await admin.tenant.gql(admin.tenant.adminKey, '{ webhookEndpoints { id enabled } }');
    expect(stored.webhookEndpoints).toEqual([{ id: endpointId, enabled: false }]);
    await screens.shoot('disabled', { check: true });
  });
});

describe.each(CHINESE_ADMINS)('the Apps screen, in $locale', (expected) => {
  const { locale } = expected;
  const made = adminInLocale({ suite, screen: 'apps', expected, identifiers: () => [receiver.url('/funnel')] });
  it('speaks the locale on keys, a token, a refusal, an endpoint and its delivery log', async () => {
    const { page, admin, screens } = made();
    await signInAsPerson({ page, url: suite.funnel.url, slug: admin.tenant.slug, person: admin.admin, locale });
    await page.goto(`${suite.funnel.url}/#/apps`);
    await page.getByTestId('key-table').waitFor();
    await screens.shoot('keys', { check: true });

    const keyForm = page.getByTestId('create-key-form');
    await keyForm.locator('#key-name').fill('报表');
    await keyForm.locator('#key-user').selectOption({ label: expected.person });
    await keyForm.locator('input[name=key-access][value=operations]').check();
    await keyForm.locator('button[type=submit]').click();
    await keyForm.locator('#key-scope-problem').waitFor();
    const named = await admin.tenant.gql(admin.tenant.adminKey, '{ apiKeys(first: 50) { edges { node { name } } } }');
    expect(named.apiKeys.edges.map((edge: { node: { name: string } }) => edge.node.name)).not.toContain('报表');
    await keyForm.locator('input[name=key-access][value=read_only]').check();
    await keyForm.locator('button[type=submit]').click();
    await page.getByTestId('key-token').waitFor();
    await screens.shoot('key-created', { check: true });

    const hookForm = page.getByTestId('create-endpoint-form');
    await hookForm.locator('#endpoint-url').fill(receiver.url('/funnel'));
    await hookForm.locator('#endpoint-description').fill('数据仓库');
    await hookForm.locator('input[type=checkbox][value="record.created"]').check();
    await hookForm.locator('button[type=submit]').click();
    await page.getByTestId('endpoint-secret').waitFor();
    const { webhookEndpoints } = await admin.tenant.gql(admin.tenant.adminKey, '{ webhookEndpoints { id } }');
    expect(webhookEndpoints).toHaveLength(1);
    await admin.tenant.createLead(admin.admin, { name: '李雷', phone: '+86 10 5555 0301' });
    await page.getByTestId('endpoint-deliveries').click();
    await expect
      .poll(async () => {
        await page.getByTestId('delivery-refresh').click();
        return page.locator('[data-testid=delivery-row][data-status=delivered]').count();
      })
      .toBe(1);
    await screens.shoot('delivered', { check: true });

    await page.getByTestId('endpoint-delete').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await screens.shoot('delete-confirm', { check: true });
    await page.keyboard.press('Escape');
    expect((await admin.tenant.gql(admin.tenant.adminKey, '{ webhookEndpoints { id } }')).webhookEndpoints).toHaveLength(1);
  });
});
