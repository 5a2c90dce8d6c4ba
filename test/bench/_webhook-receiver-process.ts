// (The leading underscore keeps `pnpm bench` from running this helper as a benchmark.)
// The webhook benchmark's receiver (test/e2e/webhook-receiver.ts, answering 204 at once) in a process of its own,
// so receiving never shares an event loop with the api that sends. Run with an IPC channel: it sends
// `{ type: 'listening', allowedHost, url }`, then answers each `ReceiverRequest` with a `ReceiverReply`.
import { startWebhookReceiver } from '../e2e/webhook-receiver';

/** When one webhook arrived (Date.now() in this process) and when its event happened (the payload's `data.at`). */
export interface Arrival {
  arrivedAt: number;
  at: number;
}

/** What the benchmark asks: how many arrived on a path, or their times (taken: forgotten here after). */
export type ReceiverRequest = { type: 'count'; path: string } | { type: 'take'; path: string };

/** The answer to one request, of the same type. */
export type ReceiverReply = { type: 'count'; count: number } | { type: 'take'; arrivals: Arrival[] };

const receiver = await startWebhookReceiver();
const reply = (message: ReceiverReply | { type: 'listening'; allowedHost: string; url: string }) => process.send?.(message);

process.on('message', (request: ReceiverRequest) => {
  const onPath = receiver.received.filter((r) => r.path === request.path);
  if (request.type === 'count') return reply({ type: 'count', count: onPath.length });
  const arrivals = onPath.map((r) => ({ arrivedAt: r.arrivedAt, at: Date.parse(String(r.json.data.at)) }));
  // Forget them: a long run keeps only what it has not yet taken.
  const kept = receiver.received.filter((r) => r.path !== request.path);
  receiver.received.splice(0, receiver.received.length, ...kept);
  reply({ type: 'take', arrivals });
});
process.on('disconnect', () => void receiver.close().then(() => process.exit(0)));
reply({ type: 'listening', allowedHost: receiver.allowedHost, url: receiver.url('') });
