import { expect } from 'vitest';
import type { FunnelServer } from '@funnel/api';

/** An open subscription on one api process, read as server-sent events. */
export interface Subscriber {
  /** Reads until `done(text so far)` holds or `ms` pass; returns everything read since the subscription opened. */
  readUntil: (done: (text: string) => boolean, ms: number) => Promise<string>;
  close: () => void;
}

/**
 * Opens `query` (a subscription) on `server` with the key, over server-sent events.
 * @example const s = await openSubscription({ server: h.server, key, query: 'subscription { recordEvents(workflowKey: "deals") { type } }' }); await s.readUntil((t) => t.includes('record_created'), 10_000)
 */
export async function openSubscription(input: { server: FunnelServer; key: string; query: string }): Promise<Subscriber> {
  const { server, key, query } = input;
  const controller = new AbortController();
  const response = await server.yoga.fetch(`http://test/graphql?query=${encodeURIComponent(query)}`, {
    headers: { accept: 'text/event-stream', authorization: `Bearer ${key}` },
    signal: controller.signal,
  });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  return {
    readUntil: async (done, ms) => {
      const deadline = Date.now() + ms;
      while (!done(text) && Date.now() < deadline) {
        pending ??= reader.read();
        const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.max(0, deadline - Date.now())));
        const read = await Promise.race([pending, timeout]);
        if (read === null) break;
        pending = null;
        if (read.done) break;
        text += new TextDecoder().decode(read.value);
      }
      return text;
    },
    close: () => controller.abort(),
  };
}
