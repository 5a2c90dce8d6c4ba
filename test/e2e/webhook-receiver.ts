import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, as it arrived. */
export interface ReceivedWebhook {
  path: string;
  /** The Standard Webhooks headers. */
  id: string;
  timestamp: string;
  signature: string;
  headers: Record<string, string>;
  body: string;
  /** The parsed body (`{ id, type, version, timestamp, data }`). */
  json: { id: string; type: string; version: number; data: Record<string, unknown> };
  /** The status the receiver answered. */
  status: number;
  /** When it arrived and when the answer went (Date.now()). */
  arrivedAt: number;
  answeredAt: number;
}

/** How the receiver answers a request: a status, and how long it holds the request first. */
type Answer = { status: number; holdMs?: number; headers?: Record<string, string> };

/** A real HTTP server on 127.0.0.1 that keeps every webhook request it receives. */
export interface WebhookReceiver {
  port: number;
  /** The URL of a path on it, by the name the api is allowed to reach (`localhost:<port>`). */
  url: (path: string) => string;
  /** The allow-list entry that lets the api reach it (FUNNEL_WEBHOOK_ALLOWED_HOSTS). */
  allowedHost: string;
  received: ReceivedWebhook[];
  /** How it answers from now on (default: 204 at once). */
  answer: (decide: (request: Omit<ReceivedWebhook, 'status' | 'answeredAt'>) => Answer) => void;
  /** Resolves once `done(received)` holds, or rejects after `ms` with what arrived. */
  waitFor: (done: (received: ReceivedWebhook[]) => boolean, ms?: number) => Promise<ReceivedWebhook[]>;
  /** Requests being held right now. */
  inFlight: () => number;
  close: () => Promise<void>;
}

const WAIT_STEP_MS = 10;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/**
 * Starts a webhook receiver on a free port of 127.0.0.1.
 * @example const r = await startWebhookReceiver(); const h = await startHarness({ webhookAllowedHosts: [r.allowedHost] }); await r.waitFor((got) => got.length === 2)
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let decide: (request: Omit<ReceivedWebhook, 'status' | 'answeredAt'>) => Answer = () => ({ status: 204 });
  let holding = 0;
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const header = (name: string) => String(req.headers[name] ?? '');
    const request = {
      path: req.url ?? '/',
      id: header('webhook-id'),
      timestamp: header('webhook-timestamp'),
      signature: header('webhook-signature'),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      body,
      json: (body ? JSON.parse(body) : {}) as ReceivedWebhook['json'],
      arrivedAt: Date.now(),
    };
    const answer = decide(request);
    holding += 1;
    if (answer.holdMs) await new Promise((resolve) => setTimeout(resolve, answer.holdMs));
    holding -= 1;
    received.push({ ...request, status: answer.status, answeredAt: Date.now() });
    res.writeHead(answer.status, answer.headers ?? {});
    res.end(answer.status >= 400 ? 'receiver says no' : 'ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path) => `http://localhost:${port}${path}`,
    allowedHost: `localhost:${port}`,
    received,
    answer: (next) => {
      decide = next;
    },
    inFlight: () => holding,
    waitFor: async (done, ms = 10_000) => {
      const deadline = Date.now() + ms;
      while (!done(received)) {
        if (Date.now() > deadline)
          throw new Error(
            `the webhook receiver did not get what was awaited within ${ms} ms; it got ${received.length}: ${received.map((r) => `${r.path} ${r.json.type} ${r.id} ${r.status}`).join(', ')}`,
          );
        await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
