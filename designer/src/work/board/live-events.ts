import { print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';
import { useSession } from '../../session/useSession';

/** How long to wait before opening a dropped stream again. */
const RECONNECT_MS = 3_000;

/**
 * The `data:` payloads of the complete server-sent events in `buffer`, and what is left of it (an event still
 * arriving). Events end at a blank line; an event's data lines join with newlines.
 * @example sseEvents('event: next\ndata: {"a":1}\n\nda') // → { payloads: ['{"a":1}'], rest: 'da' }
 */
function sseEvents(buffer: string): { payloads: string[]; rest: string } {
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  const payloads = blocks
    .map((block) =>
      block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n'),
    )
    .filter((payload) => payload !== '');
  return { payloads, rest };
}

/** Reads one open stream until it ends, handing each event's `data` to `onData`. */
async function readStream<Result>(body: ReadableStream<Uint8Array>, onData: (data: Result) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    const { payloads, rest } = sseEvents(buffer + decoder.decode(value, { stream: true }));
    buffer = rest;
    for (const payload of payloads) {
      const parsed = JSON.parse(payload) as { data?: Result };
      if (parsed.data) onData(parsed.data);
    }
  }
}

/**
 * Opens a GraphQL subscription as server-sent events over a POST from the app's own script, as every request of the
 * app goes (JSON, the CSRF header, the session cookie or the API key as a bearer token), so the api's cross-site check
 * lets it through; reopens it when it drops until the returned function closes it.
 * @example const close = subscribe({ document: BOARD_EVENTS, variables: { workflowKey }, onData: (data) => show(data.recordEvents) });
 */
export function subscribe<Result, Variables>({
  document,
  variables,
  onData,
}: {
  document: TadaDocumentNode<Result, Variables>;
  variables: Variables;
  onData: (data: Result) => void;
}): () => void {
  const controller = new AbortController();
  const open = async () => {
    while (!controller.signal.aborted) {
      const key = useSession.getState().apiKey;
      try {
        const response = await fetch('/graphql', {
          method: 'POST',
          credentials: 'same-origin',
          signal: controller.signal,
          headers: {
            'content-type': 'application/json',
            accept: 'text/event-stream',
            'x-funnel-csrf': '1',
            ...(key ? { authorization: `Bearer ${key}` } : {}),
          },
          body: JSON.stringify({ query: print(document), variables }),
        });
        if (response.ok && response.body) await readStream(response.body, onData);
      } catch {
        // Dropped or refused: opened again below, unless closed.
      }
      if (!controller.signal.aborted) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  };
  void open();
  return () => controller.abort();
}
