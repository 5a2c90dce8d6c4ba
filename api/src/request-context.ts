import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { authenticate } from './auth/authenticate';
import { requestFacts } from './auth/request-facts';
import { sessionTokenOf } from './auth/session-cookie';
import { responseCookiesOf } from './auth/session-cookies';
import type { Context } from './context';
import type { Services } from './services/services';
import { UserLoader } from './services/user-loader';

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
    const viewer = await authenticate({
      models: services.models,
      cache: services.credentialCache,
      header: request.headers.get('authorization'),
      sessionToken: sessionTokenOf(request.headers.get('cookie')),
      sessions: { idleMs: config.sessionIdleMs },
      keyLastUsedIntervalMs: config.keyLastUsedIntervalMs,
      log: services.log,
      ...(config.rootKey ? { rootKey: config.rootKey } : {}),
    });
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
