import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunnelServer } from '@funnel/api';
import { call, ME, OWN_ORIGIN, personWithPassword, signedIn } from './accounts-client';
import { secondApi, startHarness, type Harness, type TenantKeys } from './harness';

const PASSWORD = 'correct horse battery staple';
const MUTATION = 'mutation { updateMyPreferences(input: { timeZone: "Europe/Berlin" }) { __typename } }';
const SUBSCRIPTION = 'subscription { recordEvents(workflowKey: "standard_trunk") { type } }';
/** How long a session lasts unused on the short-lived process. */
const IDLE_MS = 600;

let h: Harness;
/** A process whose sessions end after 0.6 s unused, and that also accepts requests from a configured origin. */
let brief: FunnelServer;
let t: TenantKeys;
let session: string;

beforeAll(async () => {
  h = await startHarness();
  brief = await secondApi(h, { sessionIdleMs: IDLE_MS, allowedOrigins: ['https://app.example'] });
  t = await h.tenant('Delta');
  await personWithPassword(h.server, { admin: t.admin, email: 'web@delta.example', password: PASSWORD });
  session = await signedIn(h.server, { slug: 'delta', email: 'web@delta.example', password: PASSWORD });
});
afterAll(async () => {
  await brief?.close();
  await h?.close();
});

/** A subscription over server-sent events (GET), with the session cookie and these headers; its status and first bytes. */
async function subscribe(server: FunnelServer, headers: Record<string, string>): Promise<{ status: number; code: string | null; contentType: string | null }> {
  const controller = new AbortController();
  const response = await server.yoga.fetch(`${OWN_ORIGIN}/graphql?query=${encodeURIComponent(SUBSCRIPTION)}`, {
    headers: { accept: 'text/event-stream', cookie: `funnel_session=${session}`, ...headers },
    signal: controller.signal,
  });
  const contentType = response.headers.get('content-type');
  const code = contentType?.includes('json')
    ? (((await response.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code ?? null)
    : null;
  controller.abort();
  return { status: response.status, code, contentType };
}

describe('requests signed in by the session cookie need the cross-site defence', () => {
  it('runs a mutation sent from the own origin as JSON', async () => {
    expect((await call(h.server, { session, query: MUTATION })).body.data?.updateMyPreferences).toEqual({ __typename: 'Me' });
  });

  it('refuses a cookie mutation without an Origin, from another origin, or with a form content type, before running it', async () => {
    for (const headers of [{ origin: '' }, { origin: 'https://evil.example' }, { origin: 'null' }, { origin: 'http://test.evil.example' }]) {
      const answer = await call(h.server, { session, query: MUTATION, headers });
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('CROSS_SITE_REFUSED');
    }
    // A form post is refused for its type whatever signs it in (415), as before.
    const form = await h.server.yoga.fetch(`${OWN_ORIGIN}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `funnel_session=${session}`, origin: OWN_ORIGIN },
      body: `query=${encodeURIComponent(MUTATION)}`,
    });
    expect(form.status).toBe(415);
  });

  it('accepts a configured origin besides the own one', async () => {
    const answer = await call(brief, { session, query: ME, headers: { origin: 'https://app.example' } });
    expect(answer.body.data?.me.user).toBeTruthy();
  });

  it('refuses a cookie subscription without the CSRF header or from another site, and opens one that has both', async () => {
    expect(await subscribe(h.server, { 'sec-fetch-site': 'same-origin' })).toMatchObject({ status: 403, code: 'CROSS_SITE_REFUSED' });
    expect(await subscribe(h.server, { 'x-funnel-csrf': '1', 'sec-fetch-site': 'cross-site' })).toMatchObject({ status: 403, code: 'CROSS_SITE_REFUSED' });
    expect(await subscribe(h.server, { 'x-funnel-csrf': '1', origin: 'https://evil.example' })).toMatchObject({ status: 403, code: 'CROSS_SITE_REFUSED' });
    expect(await subscribe(h.server, { 'x-funnel-csrf': '1', 'sec-fetch-site': 'same-origin' })).toMatchObject({
      status: 200,
      contentType: expect.stringContaining('text/event-stream'),
    });
    expect(await subscribe(h.server, { 'x-funnel-csrf': '1', origin: OWN_ORIGIN })).toMatchObject({ status: 200 });
  });

  it('serves GraphiQL’s page to a signed-in browser that opens /graphql', async () => {
    const page = await h.server.yoga.fetch(`${OWN_ORIGIN}/graphql`, {
      headers: { accept: 'text/html', cookie: `funnel_session=${session}`, 'sec-fetch-site': 'none' },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('leaves apps alone: a bearer key needs no Origin, and a cookie beside it is not looked at', async () => {
    const answer = await call(h.server, { key: t.sales, query: MUTATION, headers: { cookie: `funnel_session=${session}`, origin: 'https://evil.example' } });
    expect(answer.body.data?.updateMyPreferences).toEqual({ __typename: 'Me' });
  });
});

describe('sessions end after a while unused', () => {
  it('keeps a session that is used, and ends it once unused for the idle time', async () => {
    const short = await signedIn(brief, { slug: 'delta', email: 'web@delta.example', password: PASSWORD });
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS / 3));
      expect((await call(brief, { session: short, query: ME })).body.data?.me.user, `use ${i}`).toBeTruthy();
    }
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS + 200));
    expect((await call(brief, { session: short, query: ME })).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // On the other process too, which never cached it.
    expect((await call(h.server, { session: short, query: ME })).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
