import { print } from '@0no-co/graphql.web';
import { useSession } from '../../session/useSession';
import { type ResultOf, readFragment } from '../graphql';
import { type BellNotification, NOTIFICATION, NOTIFICATION_ADDED } from './notification-documents';

/** How long the bell waits before it listens again after the stream broke (the api restarted, the network dropped). */
const RECONNECT_MS = 5_000;

/** Server-sent events are blocks split by a blank line; a block's `data:` lines are its payload. */
function eventData(block: string): string | null {
  const lines = block.split('\n').filter((line) => line.startsWith('data:'));
  return lines.length > 0 ? lines.map((line) => line.slice('data:'.length).trim()).join('\n') : null;
}

/** The notification in one `next` event's payload, or null (a keep-alive, an error, the end). */
function notificationIn(data: string): BellNotification | null {
  const payload = JSON.parse(data) as { data?: ResultOf<typeof NOTIFICATION_ADDED> };
  const added = payload.data?.notificationAdded;
  return added ? readFragment(NOTIFICATION, added) : null;
}

/**
 * Reads the subscription once, until it ends or `signal` aborts. It is read with fetch, not EventSource, so that a
 * tab signed in with an API key can send it (EventSource sends no headers) and a session's request carries the CSRF
 * header the api asks of cookie-signed requests.
 */
async function readStream(input: { signal: AbortSignal; onNotification: (notification: BellNotification) => void }): Promise<void> {
  const apiKey = useSession.getState().apiKey;
  const response = await fetch(`/graphql?query=${encodeURIComponent(print(NOTIFICATION_ADDED))}`, {
    credentials: 'same-origin',
    headers: { accept: 'text/event-stream', 'x-funnel-csrf': '1', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    signal: input.signal,
  });
  if (!response.ok || !response.body) throw new Error(`The api answered ${response.status} to the notification stream`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += value.replaceAll('\r\n', '\n');
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      const data = eventData(block);
      const notification = data ? notificationIn(data) : null;
      if (notification) input.onNotification(notification);
    }
  }
}

/**
 * Listens to the signed-in person's new notifications (the `notificationAdded` subscription, as server-sent events)
 * until the returned function stops it; a broken stream is opened again after a pause, and `onReopen` runs then
 * (what arrived meanwhile came on no stream: the caller reads the inbox again).
 * @example const stop = listenForNotifications({ onNotification: inbox.added, onReopen: inbox.load });
 */
export function listenForNotifications({
  onNotification,
  onReopen,
}: {
  onNotification: (notification: BellNotification) => void;
  onReopen: () => void;
}): () => void {
  const controller = new AbortController();
  let retry: ReturnType<typeof setTimeout> | undefined;
  const listenAgainLater = () => {
    if (controller.signal.aborted) return;
    retry = setTimeout(() => {
      onReopen();
      listen();
    }, RECONNECT_MS);
  };
  const listen = () => {
    readStream({ signal: controller.signal, onNotification }).then(listenAgainLater, listenAgainLater);
  };
  listen();
  return () => {
    controller.abort();
    clearTimeout(retry);
  };
}
