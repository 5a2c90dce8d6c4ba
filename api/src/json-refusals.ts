import { GraphQLError } from 'graphql/index.js';
import type { Plugin } from 'graphql-yoga';
import type { ApiErrorCode } from './errors';

/** What each HTTP refusal says when the layer that refused it (yoga, node's parser) gave no JSON body. */
export const HTTP_REFUSALS: Readonly<Record<number, { code: ApiErrorCode; message: string }>> = {
  400: { code: 'BAD_REQUEST', message: 'The request is malformed: send a JSON object with a "query" string (and optional "variables" object)' },
  404: { code: 'NOT_FOUND', message: 'Nothing is served at this path: GraphQL is at /graphql' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'Send GraphQL requests with POST (queries may also use GET)' },
  406: { code: 'NOT_ACCEPTABLE', message: 'The api answers application/json or application/graphql-response+json: accept one of them' },
  408: { code: 'REQUEST_TIMEOUT', message: 'The request was not received in time' },
  411: { code: 'LENGTH_REQUIRED', message: 'Send a Content-Length: request bodies of unknown length are refused' },
  413: { code: 'REQUEST_TOO_LARGE', message: 'The request body is too large' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the request as Content-Type: application/json' },
  431: { code: 'HEADERS_TOO_LARGE', message: 'The request headers are too large' },
};

/** The one body of every refusal outside GraphQL execution: `{ errors: [{ message, extensions: { code } }] }`. */
export function refusalBody(code: string, message: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
}

/** A JSON refusal as a fetch Response (the request-size limit and the body-less answers of yoga use it). */
export function refusalResponse(status: number, code: string, message: string, headers: HeadersInit = {}): Response {
  const response = new Response(refusalBody(code, message), { status, headers });
  response.headers.set('content-type', 'application/json; charset=utf-8');
  return response;
}

const refusalFor = (status: number) => HTTP_REFUSALS[status] ?? { code: 'BAD_REQUEST' as const, message: `The request was refused (HTTP ${status})` };

/**
 * A request error (no `data`: the body, the document, its validation or its variables are wrong) is an HTTP 400
 * with its code, also for `Accept: application/json`, where yoga would answer 200. Masked unexpected errors keep
 * their 5xx.
 */
function asRequestError(error: GraphQLError): GraphQLError {
  const extensions = error.extensions as { code?: string; unexpected?: boolean; http?: { status?: number; headers?: Record<string, string> } };
  if (extensions.unexpected || extensions.code === 'INTERNAL') return error;
  const status = Math.max(extensions.http?.status ?? 400, 400);
  // graphql-armor's refusals (depth, cost, aliases, directives) and variables that do not fit come without a code.
  const fallback = status === 400 ? 'GRAPHQL_VALIDATION_FAILED' : refusalFor(status).code;
  const code = extensions.code && !(extensions.code === 'BAD_REQUEST' && status !== 400) ? extensions.code : fallback;
  return new GraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    ...(error.originalError ? { originalError: error.originalError } : {}),
    extensions: { ...extensions, code, http: { status, ...(extensions.http?.headers ? { headers: extensions.http.headers } : {}) } },
  });
}

/**
 * Every refusal has a JSON body that says what is wrong, with a code (docs/error-codes.md): a POST that is not
 * JSON is a 415, request errors are 400s (asRequestError), and any 4xx that yoga answers without a JSON body
 * (406, 404) or with a code that does not match its status (405) gets one from HTTP_REFUSALS.
 * @example createYoga({ plugins: [useJsonRefusals()] })
 */
export function useJsonRefusals(): Plugin {
  return {
    onRequest({ request, endResponse }) {
      // JSON is the one request format: yoga would also run form-encoded and multipart bodies, which a browser
      // form can send to any site without asking first.
      const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
      if (request.method === 'POST' && mediaType !== 'application/json') {
        endResponse(refusalResponse(415, 'UNSUPPORTED_MEDIA_TYPE', `${HTTP_REFUSALS[415]?.message} (got ${mediaType ? `"${mediaType}"` : 'none'})`));
      }
    },
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result || 'data' in result || !result.errors?.length) return;
      setResult({ ...result, errors: result.errors.map((error) => asRequestError(error as GraphQLError)) });
    },
    async onResponse({ response, setResponse }) {
      if (response.status < 400 || response.status >= 500) return;
      const refusal = refusalFor(response.status);
      const headers = new Headers(response.headers);
      headers.delete('content-length');
      if (!response.headers.get('content-type')?.includes('json')) {
        setResponse(refusalResponse(response.status, refusal.code, refusal.message, headers));
        return;
      }
      type Body = { errors?: { message?: string; extensions?: { code?: string } }[] };
      const body = (await response
        .clone()
        .json()
        .catch(() => ({}))) as Body;
      const errors = body.errors ?? [];
      const fits = errors.length > 0 && errors.every((e) => e.extensions?.code && !(e.extensions.code === 'BAD_REQUEST' && response.status !== 400));
      if (fits) return;
      const message =
        errors
          .map((e) => e.message)
          .filter(Boolean)
          .join('; ') || refusal.message;
      setResponse(refusalResponse(response.status, refusal.code, message, headers));
    },
  };
}
