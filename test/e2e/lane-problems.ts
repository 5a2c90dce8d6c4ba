import type { ReceivedWebhook } from './webhook-receiver';

/**
 * The requests of each lane (an endpoint's path and a record: `${path} ${recordId}`), in the order they were answered.
 * @example lanesOf(receiver.received).get(`/hooks ${recordId}`) // → the requests of the record's events to /hooks
 */
export function lanesOf(received: ReceivedWebhook[]): Map<string, ReceivedWebhook[]> {
  const lanes = new Map<string, ReceivedWebhook[]>();
  for (const request of received) {
    const lane = `${request.path} ${String(request.json.data.recordId)}`;
    lanes.set(lane, [...(lanes.get(lane) ?? []), request]);
  }
  return lanes;
}

/**
 * What is wrong with the requests one endpoint received for one record's events (a lane), [] when nothing: they must
 * come one at a time (each arriving once the one before was answered) and in event order, so a repeat comes before
 * any later event, never after it.
 * @example laneProblems(receiver.received.filter((r) => r.path === '/hooks' && r.json.data.recordId === id)) // → []
 */
export function laneProblems(got: ReceivedWebhook[]): string[] {
  const arrived = got.toSorted((a, b) => a.arrivedAt - b.arrivedAt);
  const problems: string[] = [];
  for (let i = 1; i < arrived.length; i++) {
    const [before, next] = [arrived[i - 1] as ReceivedWebhook, arrived[i] as ReceivedWebhook];
    const where = `${next.path}, record ${String(next.json.data.recordId)}`;
    if (next.arrivedAt < before.answeredAt)
      problems.push(`${where}: ${next.json.id} arrived at ${next.arrivedAt}, before ${before.json.id} was answered at ${before.answeredAt}`);
    if (next.json.id < before.json.id) problems.push(`${where}: ${next.json.id} arrived after ${before.json.id}`);
  }
  return problems;
}
