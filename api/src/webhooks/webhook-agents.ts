import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/**
 * How long a sender keeps an idle connection to a receiver open: under the 5 s Node's own servers (and most others)
 * keep one, so a request never goes out on a socket the receiver is closing. A receiver's `Keep-Alive: timeout=`
 * shorter than this wins.
 */
const IDLE_SOCKET_MS = 4000;

/** The connection pools one sender reuses between its attempts, one per protocol. */
export interface WebhookAgents {
  http: HttpAgent;
  https: HttpsAgent;
}

/**
 * Keep-alive pools for webhook requests: a connection to an endpoint is opened once and reused by the next attempts
 * instead of a handshake per delivery. Every connection is still opened through the attempt's address check (the
 * `lookup` of the request that opens it), so a reused socket is one to an address that was allowed; a pool is per
 * host and port, so a redirect elsewhere opens (and checks) its own. Idle sockets do not keep the process alive.
 * @example const agents = webhookAgents(); await sendWebhook({ ...attempt, agents }); closeWebhookAgents(agents)
 */
export function webhookAgents(): WebhookAgents {
  const options = { keepAlive: true, scheduling: 'lifo' as const, timeout: IDLE_SOCKET_MS };
  return { http: new HttpAgent(options), https: new HttpsAgent(options) };
}

/**
 * Closes the pools' connections (a sender that stops).
 * @example closeWebhookAgents(agents)
 */
export function closeWebhookAgents(agents: WebhookAgents): void {
  agents.http.destroy();
  agents.https.destroy();
}
