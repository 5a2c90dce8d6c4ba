import type { Plugin } from 'graphql-yoga';

const CONTENT_LENGTH = /^\d+$/;

/**
 * Refuses a request whose Content-Length exceeds `maxBytes` before its body is read (413), and a chunked
 * body of unknown length (411), so yoga's own limit (which pipes every body through an extra
 * TransformStream) is switched off: `maxRequestBodySize: false` (api/bench/body-limit.ts measures both).
 * @example createYoga({ plugins: [useRequestSizeLimit(5 * 1024 * 1024)] })
 */
export function useRequestSizeLimit(maxBytes: number): Plugin {
  const json = (status: number, message: string) =>
    new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'REQUEST_TOO_LARGE' } }] }), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  return {
    onRequest({ request, endResponse }) {
      if (request.method !== 'POST') return;
      const length = request.headers.get('content-length');
      if (length === null) {
        if (request.headers.get('transfer-encoding')?.includes('chunked')) {
          endResponse(json(411, 'Send a Content-Length: request bodies of unknown length are refused'));
        }
        return;
      }
      // One non-negative integer only: anything else (several values, signs) is how requests are smuggled.
      if (!CONTENT_LENGTH.test(length)) {
        endResponse(json(400, 'Content-Length must be one non-negative integer'));
        return;
      }
      if (Number(length) > maxBytes) endResponse(json(413, `Request body of ${length} bytes exceeds the limit of ${maxBytes} bytes`));
    },
  };
}
