import type { Plugin } from 'graphql-yoga';
import { refusalResponse } from './json-refusals';

const CONTENT_LENGTH = /^\d+$/;

/**
 * Refuses a request whose Content-Length exceeds `maxBytes` before its body is read (413), and a chunked
 * body of unknown length (411), so yoga's own limit (which pipes every body through an extra
 * TransformStream) is switched off: `maxRequestBodySize: false` (api/bench/body-limit.ts measures both).
 * @example createYoga({ plugins: [useRequestSizeLimit(5 * 1024 * 1024)] })
 */
export function useRequestSizeLimit(maxBytes: number): Plugin {
  return {
    onRequest({ request, endResponse }) {
      if (request.method !== 'POST') return;
      const length = request.headers.get('content-length');
      if (length === null) {
        if (request.headers.get('transfer-encoding')?.includes('chunked')) {
          endResponse(refusalResponse(411, 'LENGTH_REQUIRED', 'Send a Content-Length: request bodies of unknown length are refused'));
        }
        return;
      }
      // One non-negative integer only: anything else (several values, signs) is how requests are smuggled.
      if (!CONTENT_LENGTH.test(length)) {
        endResponse(refusalResponse(400, 'BAD_REQUEST', 'Content-Length must be one non-negative integer'));
        return;
      }
      if (Number(length) > maxBytes)
        endResponse(refusalResponse(413, 'REQUEST_TOO_LARGE', `Request body of ${length} bytes exceeds the limit of ${maxBytes} bytes`));
    },
  };
}
