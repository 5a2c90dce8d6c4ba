import type { RequestFacts } from './auth/request-facts';
import type { ResponseCookies } from './auth/session-cookie';
import type { UserViewer, Viewer } from './auth/viewer';
import type { Services } from './services/services';

/**
 * What every resolver gets: who calls, the request id (in logs and masked errors), the services, where the request
 * comes from (the api's origin for links, the client's address for sign-in limits), and the cookies the response
 * will set (sign-in and sign-out).
 */
export interface Context {
  viewer: Viewer;
  requestId: string;
  services: Services;
  request: RequestFacts;
  cookies: ResponseCookies;
}

/**
 * What a resolver behind a user scope gets (`t.withAuth({ signedIn: true })`, `{ admin: true }`, …): scope-auth
 * let only a tenant's user through, so the viewer is one.
 */
export type SignedInContext = Context & { viewer: UserViewer };
