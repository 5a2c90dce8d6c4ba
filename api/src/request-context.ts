import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { authenticate } from './auth/authenticate';
import { requestFacts } from './auth/request-facts';
import { sessionTokenOf } from './auth/session-cookie';
import { responseCookiesOf } from './auth/session-cookies';
import type { Viewer } from './auth/viewer';
import type { Context } from './context';
import type { Services } from './services/services';
import { UserLoader } from './services/user-loader';

/**
 * Who a request's credentials sign in: its bearer key, else its session cookie (nobody without either). GraphQL and
 * the export downloads ask the same.
 * @example await viewerOf(services, { authorization: 'Bearer fk_…', cookie: null }) // → { kind: 'user', tenantId, … }
 */
export function viewerOf(services: Services, headers: { authorization: string | null; cookie: string | null }): Promise<Viewer> {
  const { config } = services;
  return authenticate({
    models: services.models,
    cache: services.credentialCache,
    header: headers.authorization,
    sessionToken: sessionTokenOf(headers.cookie),
    sessions: { idleMs: config.sessionIdleMs },
    keyLastUsedIntervalMs: config.keyLastUsedIntervalMs,
    log: services.log,
    ...(config.rootKey ? { rootKey: config.rootKey } : {}),
  });
}

/**
 * What yoga builds each request's context with: who calls (a bearer key, else the session cookie), the request id,
 * where the request comes from, the cookies its response will set, and the request's own loader of its tenant's
 * people.
 * @example createYoga({ context: requestContext(services) })
 */
export function requestContext(services: Services): (initial: { request: Request; req?: unknown }) => Promise<Context> {
  const { config } = services;
  return async ({ request, req }) => {
    // node:http's request, under yoga(req, res); none under yoga.fetch (tests).
    const facts = requestFacts({ request, ...(req ? { req: req as IncomingMessage } : {}), trustProxy: config.trustProxy });
    const viewer = await viewerOf(services, { authorization: request.headers.get('authorization'), cookie: request.headers.get('cookie') });
    return {
      viewer,
      requestId: request.headers.get('x-request-id') ?? randomUUID(),
      services,
      request: facts,
      cookies: responseCookiesOf(request, facts.secure),
      users: new UserLoader(services.models, viewer.kind === 'user' ? viewer.tenantId : null),
    };
  };
}
