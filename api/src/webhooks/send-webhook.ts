import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIPv6 } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { guardedLookup, OutboundAddressRefused } from './guarded-lookup';
import { bareHostname, checkWebhookUrl, isAllowedHost } from './outbound-address';
import type { WebhookAgents } from './webhook-agents';

/** One attempt to deliver one webhook: what to send, where, signed with what, and within which limits. */
export interface WebhookAttempt {
  /** The endpoint's URL, checked again here: the rules or the allow list may have changed since it was saved. */
  url: string;
  /** The event's stable id: the same on every retry, so a receiver can drop repeats. */
  webhookId: string;
  timestamp: Date;
  /** The JSON payload, sent and signed byte for byte as given. */
  body: string;
  /** The endpoint's `whsec_…` secret. */
  secret: string;
  /** For the whole attempt, redirects included. */
  timeoutMs: number;
  /** `host` or `host:port` entries that skip the address checks (the tests' local receiver). */
  allowedHosts: readonly string[];
  maxRedirects: number;
  /** How much of a response body is read and kept, at most. */
  excerptChars: number;
  /** Keep-alive pools to send through (services/webhook-sender.ts); without, each attempt opens a socket of its own. */
  agents?: WebhookAgents;
}

/** What an attempt came to: a 2xx, or why not, with the status and the start of the body where there was a response. */
export type WebhookOutcome = { ok: true; status: number; excerpt: string } | { ok: false; status: number | null; excerpt: string | null; error: string };

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'Funnel-Webhooks/1';
const MS_PER_SECOND = 1000;

/** The request's headers: JSON, and the Standard Webhooks id, timestamp (Unix seconds) and signature. */
function signedHeaders(attempt: WebhookAttempt): OutgoingHttpHeaders {
  return {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(attempt.body),
    'user-agent': USER_AGENT,
    'webhook-id': attempt.webhookId,
    'webhook-timestamp': String(Math.floor(attempt.timestamp.getTime() / MS_PER_SECOND)),
    'webhook-signature': new Webhook(attempt.secret).sign(attempt.webhookId, attempt.timestamp, attempt.body),
  };
}

/** One hop of an attempt: the POST to one URL. */
interface Hop {
  url: URL;
  headers: OutgoingHttpHeaders;
  body: string;
  signal: AbortSignal;
  /** Whether the host's addresses are checked as it is resolved (not for an allowed host). */
  guarded: boolean;
  agents: WebhookAgents | undefined;
}

/**
 * POSTs once, through the attempt's pool (a socket of its own without one), and resolves with the response as soon as
 * its head has arrived. A new connection resolves the host through `guardedLookup`; a pooled one was opened so.
 */
function post(hop: Hop): Promise<IncomingMessage> {
  const https = hop.url.protocol === 'https:';
  const send = https ? httpsRequest : httpRequest;
  const agent = (https ? hop.agents?.https : hop.agents?.http) ?? false;
  return new Promise((resolve, reject) => {
    const request = send(
      {
        hostname: bareHostname(hop.url),
        port: hop.url.port || undefined,
        path: `${hop.url.pathname}${hop.url.search}`,
        method: 'POST',
        headers: hop.headers,
        agent,
        signal: hop.signal,
        ...(hop.guarded ? { lookup: guardedLookup } : {}),
      },
      resolve,
    );
    request.on('error', reject);
    request.end(hop.body);
  });
}

/**
 * Reads at most `maxChars` characters of a response body, then stops and destroys the response, so a large or
 * endless body costs no more than that. A body cut short (the attempt's timeout, a reset) gives what had arrived.
 */
function readExcerpt(response: IncomingMessage, maxChars: number): Promise<string> {
  return new Promise((resolve) => {
    let excerpt = '';
    const done = () => {
      response.destroy();
      // A surrogate pair cut in half would be stored as U+FFFD.
      resolve(excerpt.replace(/[\uD800-\uDBFF]$/, ''));
    };
    if (maxChars <= 0) return done();
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      excerpt += chunk.slice(0, maxChars - excerpt.length);
      if (excerpt.length >= maxChars) done();
    });
    response.on('end', done);
    response.on('error', done);
    response.on('close', done);
  });
}

/** A socket error as Node reports it, with the address and port it was about. */
type SocketError = NodeJS.ErrnoException & { address?: string; port?: number };

const endpointOf = (error: SocketError) => (error.address && isIPv6(error.address) ? `[${error.address}]:${error.port}` : `${error.address}:${error.port}`);

/** What went wrong with a hop, in words that say where; a connection to several addresses fails with them all. */
function describeError(error: unknown, url: URL, context: AttemptContext): string {
  if (context.signal.aborted) return `timed out after ${context.attempt.timeoutMs} ms`;
  if (error instanceof OutboundAddressRefused) return `refused: ${error.message}`;
  const causes: SocketError[] = error instanceof AggregateError ? error.errors : [error as SocketError];
  switch (causes[0]?.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${causes.map(endpointOf).join(', ')}`;
    case 'ENOTFOUND':
      return `${url.hostname} does not resolve to an address`;
    case 'ECONNRESET':
      return `connection reset by ${url.host}`;
    default:
      return `${url.host}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const failure = (status: number | null, excerpt: string | null, error: string): WebhookOutcome => ({ ok: false, status, excerpt, error });

/** What one hop came to: a final outcome, or a redirect to follow. */
type Step = { type: 'outcome'; outcome: WebhookOutcome } | { type: 'redirect'; status: number; location: string };

/** What every hop of one attempt shares. */
interface AttemptContext {
  attempt: WebhookAttempt;
  headers: OutgoingHttpHeaders;
  signal: AbortSignal;
}

const outcome = (result: WebhookOutcome): Step => ({ type: 'outcome', outcome: result });

/** Checks one URL, POSTs to it, and reads the answer: a redirect's (absolute) target, or the final outcome. */
async function sendHop(target: string, context: AttemptContext): Promise<Step> {
  const checked = checkWebhookUrl(target, context.attempt.allowedHosts);
  if (!checked.ok) return outcome(failure(null, null, `refused: ${checked.message}`));
  const url = checked.url;
  let response: IncomingMessage;
  try {
    response = await post({
      url,
      headers: context.headers,
      body: context.attempt.body,
      signal: context.signal,
      guarded: !isAllowedHost(url, context.attempt.allowedHosts),
      agents: context.attempt.agents,
    });
  } catch (error) {
    return outcome(failure(null, null, describeError(error, url, context)));
  }
  const status = response.statusCode ?? 0;
  const location = response.headers.location;
  if (!REDIRECT_STATUSES.has(status) || location === undefined) return outcome(await settle(response, status, context.attempt.excerptChars));
  response.destroy();
  if (!URL.canParse(location, url)) return outcome(failure(status, null, `HTTP ${status} from ${url.host} redirects to "${location}", which is not a URL`));
  return { type: 'redirect', status, location: new URL(location, url).href };
}

/** Sends to the attempt's URL and to where it redirects, each hop checked as the first; a later hop's failure says where it was. */
async function follow(context: AttemptContext): Promise<WebhookOutcome> {
  let target = context.attempt.url;
  for (let redirects = 0; ; redirects += 1) {
    const step = await sendHop(target, context);
    if (step.type === 'outcome') {
      return step.outcome.ok || redirects === 0 ? step.outcome : { ...step.outcome, error: `${step.outcome.error} (redirected to ${target})` };
    }
    if (redirects >= context.attempt.maxRedirects) return failure(step.status, null, `too many redirects (${redirects + 1})`);
    target = step.location;
  }
}

/**
 * The outcome of a final response, decided by its status alone (Standard Webhooks: a 2xx is a success, the receiver
 * has the event), with as much of the body as arrived within the attempt's time.
 */
async function settle(response: IncomingMessage, status: number, excerptChars: number): Promise<WebhookOutcome> {
  const excerpt = await readExcerpt(response, excerptChars);
  if (status >= 200 && status < 300) return { ok: true, status, excerpt };
  return failure(status, excerpt, `HTTP ${status}`);
}

/**
 * POSTs one signed webhook (Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`) and says what
 * came of it. Every hop, redirects (301, 302, 303, 307, 308, each re-sending the same POST) included, is checked:
 * a literal IP host before connecting, a name on the addresses it resolves to (`guardedLookup`), unless the allow
 * list names the host. One timeout covers the whole attempt and aborts the socket (a 2xx whose body is still coming
 * then succeeds with what arrived); at most `excerptChars` of the response body are read. A failure is an outcome with its reason in words; it throws only for a secret that is not
 * a Standard Webhooks secret, which is a bug rather than a failed delivery.
 * @example await sendWebhook({ url: 'https://crm-hooks.example/in', webhookId: 'evt_1', timestamp: new Date(), body: '{}', secret, timeoutMs: 5000, allowedHosts: [], maxRedirects: 3, excerptChars: 500 })
 * // → { ok: true, status: 204, excerpt: '' }
 */
export async function sendWebhook(attempt: WebhookAttempt): Promise<WebhookOutcome> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), attempt.timeoutMs);
  try {
    return await follow({ attempt, headers: signedHeaders(attempt), signal: deadline.signal });
  } finally {
    clearTimeout(timer);
  }
}
