import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWebhook, type WebhookAttempt } from '../../src/webhooks/send-webhook';
import { closeWebhookAgents, webhookAgents } from '../../src/webhooks/webhook-agents';
import { newWebhookSecret } from '../../src/webhooks/webhook-secret';

/** A request as a test server received it. */
interface Received {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server on 127.0.0.1 (a port the system picks) that records every connection and request. */
async function startServer(respond: (request: Received, response: ServerResponse) => void) {
  const received: Received[] = [];
  let connections = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const entry = { path: request.url ?? '', method: request.method ?? '', headers: request.headers, body };
      received.push(entry);
      respond(entry, response);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    connections: () => connections,
    close: () => {
      // Requests held open on purpose would keep close() waiting.
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The receiver's behaviour by path: what a webhook endpoint may answer. */
function receiverAnswers(request: Received, response: ServerResponse): void {
  const url = new URL(request.path, 'http://receiver');
  switch (url.pathname) {
    case '/ok':
      return void response.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
    case '/fail':
      return void response.writeHead(500).end('boom');
    case '/hold':
      return; // never answers: the sender's timeout must end it
    case '/endless':
      // A 200 whose body never ends: 1,000 two-byte characters, then nothing more.
      return void response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).write('é'.repeat(1000));
    case '/redirect':
      return void response.writeHead(Number(url.searchParams.get('status') ?? 307), { location: url.searchParams.get('to') ?? '/ok' }).end();
    case '/loop':
      return void response.writeHead(307, { location: '/loop' }).end();
    default:
      response.writeHead(404).end();
  }
}

let receiver: Awaited<ReturnType<typeof startServer>>;
/** A server on 127.0.0.1 that no allow-list entry names: whatever the sender is told, it must never be reached. */
let bystander: Awaited<ReturnType<typeof startServer>>;
const secret = newWebhookSecret();

beforeAll(async () => {
  receiver = await startServer(receiverAnswers);
  bystander = await startServer((_, response) => response.writeHead(200).end('private data'));
});
afterAll(async () => {
  await receiver?.close();
  await bystander?.close();
});

/** An attempt to the receiver, which the allow list names by exactly one entry: `localhost:<its port>`. */
function attempt(path: string, more: Partial<WebhookAttempt> = {}): WebhookAttempt {
  return {
    url: `http://localhost:${receiver.port}${path}`,
    webhookId: 'msg_2hVq1Kq8n9dFv',
    timestamp: new Date(),
    body: JSON.stringify({ type: 'record.transitioned', data: { recordId: 'r1', from: 'mql', to: 'sql' } }),
    secret,
    timeoutMs: 5000,
    allowedHosts: [`localhost:${receiver.port}`],
    maxRedirects: 3,
    excerptChars: 100,
    ...more,
  };
}

const last = (server: { received: Received[] }) => server.received.at(-1) as Received;

describe('sendWebhook delivering', () => {
  it('POSTs JSON the receiver verifies with standardwebhooks, and a 2xx is a success with the excerpt', async () => {
    const sent = attempt('/ok');
    expect(await sendWebhook(sent)).toEqual({ ok: true, status: 200, excerpt: 'thanks' });
    const request = last(receiver);
    expect(request).toMatchObject({ method: 'POST', body: sent.body });
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': 'Funnel-Webhooks/1', 'webhook-id': sent.webhookId });
    const headers = request.headers as Record<string, string>;
    expect(new Webhook(secret).verify(request.body, headers)).toEqual(JSON.parse(sent.body));
    expect(() => new Webhook(newWebhookSecret()).verify(request.body, headers)).toThrow(/No matching signature/);
  });

  it('sends the same webhook-id, timestamp and signature when the same attempt is sent again', async () => {
    const sent = attempt('/ok', { timestamp: new Date() });
    await sendWebhook(sent);
    const first = last(receiver).headers;
    await sendWebhook(sent);
    const second = last(receiver).headers;
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) expect(second[name]).toBe(first[name]);
    expect(first['webhook-timestamp']).toBe(String(Math.floor(sent.timestamp.getTime() / 1000)));
  });

  it('fails on a non-2xx response with its status and excerpt', async () => {
    expect(await sendWebhook(attempt('/fail'))).toEqual({ ok: false, status: 500, excerpt: 'boom', error: 'HTTP 500' });
  });

  it('times out a receiver that holds the request, after timeoutMs', async () => {
    const before = receiver.received.length;
    expect(await sendWebhook(attempt('/hold', { timeoutMs: 200 }))).toEqual({ ok: false, status: null, excerpt: null, error: 'timed out after 200 ms' });
    expect(receiver.received).toHaveLength(before + 1);
  });

  it('keeps only excerptChars characters of the body and stops reading a body that never ends', async () => {
    // The attempt's timeout is longer than the test's (60 s): only stopping at excerptChars lets this pass.
    expect(await sendWebhook(attempt('/endless', { excerptChars: 10, timeoutMs: 120_000 }))).toEqual({ ok: true, status: 200, excerpt: 'é'.repeat(10) });
    expect(await sendWebhook(attempt('/ok', { excerptChars: 3 }))).toEqual({ ok: true, status: 200, excerpt: 'tha' });
    expect(await sendWebhook(attempt('/ok', { excerptChars: 0 }))).toEqual({ ok: true, status: 200, excerpt: '' });
  });

  it('decides by the status: a 2xx whose body is still coming at the timeout is delivered, with what arrived', async () => {
    expect(await sendWebhook(attempt('/endless', { excerptChars: 5000, timeoutMs: 200 }))).toEqual({ ok: true, status: 200, excerpt: 'é'.repeat(1000) });
  });

  it('says which address refused the connection', async () => {
    const closed = await startServer(() => {});
    await closed.close();
    const url = `http://localhost:${closed.port}/`;
    const outcome = await sendWebhook(attempt('/', { url, allowedHosts: [`localhost:${closed.port}`] }));
    expect(outcome).toEqual({ ok: false, status: null, excerpt: null, error: `connection refused by 127.0.0.1:${closed.port}` });
  });

  it.each([301, 302, 303, 307, 308])('follows a %i by sending the same signed POST again', async (status) => {
    const sent = attempt(`/redirect?status=${status}&to=/ok`);
    expect(await sendWebhook(sent)).toEqual({ ok: true, status: 200, excerpt: 'thanks' });
    const [redirected, final] = receiver.received.slice(-2) as [Received, Received];
    expect(final).toMatchObject({ path: '/ok', method: 'POST', body: sent.body });
    expect(final.headers['webhook-signature']).toBe(redirected.headers['webhook-signature']);
  });

  it('follows at most maxRedirects redirects', async () => {
    const before = receiver.received.length;
    expect(await sendWebhook(attempt('/loop', { maxRedirects: 2 }))).toEqual({ ok: false, status: 307, excerpt: null, error: 'too many redirects (3)' });
    expect(receiver.received).toHaveLength(before + 3);
  });
});

describe('sendWebhook refusing', () => {
  const port = () => receiver.port;

  it.each([
    ['a name resolving to a loopback address', () => `http://localhost:${bystander.port}/`, 'localhost resolves to 127.0.0.1, a loopback address'],
    ["the receiver's address rather than its allowed name", () => `http://127.0.0.1:${port()}/ok`, '127.0.0.1 is a loopback address'],
    ['a decimal IPv4 host', () => `http://2130706433:${port()}/ok`, '127.0.0.1 is a loopback address'],
    ['a hexadecimal IPv4 host', () => `http://0x7f.0.0.1:${port()}/ok`, '127.0.0.1 is a loopback address'],
    ['an octal IPv4 host', () => `http://0177.0.0.01:${port()}/ok`, '127.0.0.1 is a loopback address'],
    ['a short IPv4 host', () => `http://127.1:${port()}/ok`, '127.0.0.1 is a loopback address'],
    ['an IPv4-mapped IPv6 host', () => `http://[::ffff:127.0.0.1]:${port()}/ok`, '::ffff:7f00:1 is a loopback address in IPv4-mapped form'],
    ['the IPv6 loopback', () => `http://[::1]:${port()}/ok`, '::1 is a loopback address'],
    ['a 10.x address', () => 'http://10.0.0.1/', '10.0.0.1 is a private address'],
    ['a 192.168.x address', () => 'http://192.168.1.1/', '192.168.1.1 is a private address'],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
  ])('refuses %s before any request', async (_, url, reason) => {
    const before = receiver.connections();
    expect(await sendWebhook(attempt('/', { url: url() }))).toEqual({ ok: false, status: null, excerpt: null, error: `refused: ${reason}` });
    expect(receiver.connections()).toBe(before);
    expect(bystander.connections()).toBe(0);
  });

  it.each([
    ['a private address by IP', () => `http://127.0.0.1:${bystander.port}/`, '127.0.0.1 is a loopback address'],
    ['a private address by name', () => `http://localhost:${bystander.port}/`, 'localhost resolves to 127.0.0.1, a loopback address'],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
  ])('refuses a redirect from the allowed receiver to %s, which gets nothing', async (_, target, reason) => {
    const outcome = await sendWebhook(attempt(`/redirect?to=${encodeURIComponent(target())}`));
    expect(outcome).toEqual({ ok: false, status: null, excerpt: null, error: `refused: ${reason} (redirected to ${target()})` });
    expect(last(receiver).path).toMatch(/^\/redirect/);
    expect(bystander.connections()).toBe(0);
  });
});

describe('sendWebhook through keep-alive pools', () => {
  it('sends one attempt after another to a receiver over one connection', async () => {
    const agents = webhookAgents();
    const before = receiver.connections();
    for (let i = 0; i < 3; i++) expect(await sendWebhook(attempt('/ok', { agents }))).toEqual({ ok: true, status: 200, excerpt: 'thanks' });
    expect(receiver.connections()).toBe(before + 1);
    closeWebhookAgents(agents);
  });

  it('checks every connection it opens as without pools: a pooled connection to the receiver reaches nothing else', async () => {
    const agents = webhookAgents();
    await sendWebhook(attempt('/ok', { agents }));
    const byName = `http://localhost:${bystander.port}/`;
    expect(await sendWebhook(attempt('/', { url: byName, agents }))).toEqual({
      ok: false,
      status: null,
      excerpt: null,
      error: 'refused: localhost resolves to 127.0.0.1, a loopback address',
    });
    const outcome = await sendWebhook(attempt(`/redirect?to=${encodeURIComponent(byName)}`, { agents }));
    expect(outcome).toMatchObject({ ok: false, error: `refused: localhost resolves to 127.0.0.1, a loopback address (redirected to ${byName})` });
    expect(bystander.connections()).toBe(0);
    closeWebhookAgents(agents);
  });
});
