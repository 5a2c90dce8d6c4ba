import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { refusalResponse } from '../json-refusals';
import { requestFacts } from './request-facts';
import { ResponseCookies, sessionTokenOf } from './session-cookie';

/** The header a page sets to show it is the web app's own script (a form or a link cannot set a header). */
const CSRF_HEADER = 'x-funnel-csrf';

const isJson = (contentType: string | null) => contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';

/**
 * Why a request the session cookie would sign in must not be run, or null when it may. It must come from the api's
 * own origin or an allowed one (its Origin header; without one, a browser's `Sec-Fetch-Site: same-origin`), and be
 * one no other site can make a browser send without asking first: JSON (a POST's content type, or any request
 * naming it) or the `X-Funnel-CSRF` header.
 * @example crossSiteProblem({ request, origin: 'https://crm.example', allowedOrigins: [] }) // → null | 'the Origin …'
 */
export function crossSiteProblem(input: { request: Request; origin: string; allowedOrigins: readonly string[] }): string | null {
  const headers = input.request.headers;
  const elsewhere = otherSiteProblem({ headers, origin: input.origin, allowedOrigins: input.allowedOrigins });
  if (elsewhere) return elsewhere;
  if (!isJson(headers.get('content-type')) && !headers.has(CSRF_HEADER)) return `it is neither JSON nor sent with the ${CSRF_HEADER} header`;
  return null;
}

/**
 * Why a request comes from another site, or null when it comes from the api's own (its Origin, or for a navigation
 * that names none, `Sec-Fetch-Site: same-origin`). A download link from Funnel's own page passes; one followed from
 * another site does not. The first half of `crossSiteProblem`, for requests that cannot carry a header (downloads).
 * @example otherSiteProblem({ headers, origin: 'https://crm.example', allowedOrigins: [] }) // → "the Origin https://evil.example is not this server's (…)"
 */
export function otherSiteProblem(input: { headers: Headers; origin: string; allowedOrigins: readonly string[] }): string | null {
  const origin = input.headers.get('origin');
  const sameSite = origin ? origin === input.origin || input.allowedOrigins.includes(origin) : input.headers.get('sec-fetch-site') === 'same-origin';
  if (sameSite) return null;
  return origin ? `the Origin ${origin} is not this server's (${input.origin})` : 'it names no Origin and is not same-origin';
}

const cookiesByRequest = new WeakMap<Request, ResponseCookies>();

/**
 * The cookies a request's resolvers set: made once per request (the context asks for them), added to its response
 * by `useSessionCookies`.
 */
export function responseCookiesOf(request: Request, secure: boolean): ResponseCookies {
  let cookies = cookiesByRequest.get(request);
  if (!cookies) {
    cookies = new ResponseCookies(secure);
    cookiesByRequest.set(request, cookies);
  }
  return cookies;
}

/**
 * Browser sessions at the edge: a request that the session cookie would sign in (a cookie and no Authorization
 * header) and that fails the cross-site check is answered 403 `CROSS_SITE_REFUSED` before anything runs —
 * queries, mutations and subscriptions alike; and the session cookies resolvers set go out with the response.
 * @example createYoga({ plugins: [useSessionCookies({ trustProxy: false, allowedOrigins: [] })] })
 */
export function useSessionCookies(input: { trustProxy: boolean; allowedOrigins: readonly string[] }): Plugin {
  return {
    onRequest({ request, serverContext, endResponse }) {
      if (!sessionTokenOf(request.headers.get('cookie')) || request.headers.has('authorization')) return;
      const { req } = serverContext as { req?: IncomingMessage };
      const { origin } = requestFacts({ request, ...(req ? { req } : {}), trustProxy: input.trustProxy });
      const problem = crossSiteProblem({ request, origin, allowedOrigins: input.allowedOrigins });
      if (problem) {
        endResponse(
          refusalResponse(
            403,
            'CROSS_SITE_REFUSED',
            `A request signed in by the session cookie was refused: ${problem}. Send it from Funnel's own pages as JSON or with the ${CSRF_HEADER} header`,
          ),
        );
      }
    },
    onResponse({ request, response }) {
      for (const cookie of cookiesByRequest.get(request)?.values ?? []) response.headers.append('set-cookie', cookie);
    },
  };
}
