import type { UserViewer, Viewer } from './auth/viewer';
import type { Services } from './services/services';

/** What every resolver gets: who calls, the request id (in logs and masked errors), and the services. */
export interface Context {
  viewer: Viewer;
  requestId: string;
  services: Services;
}

/**
 * What a resolver behind a user scope gets (`t.withAuth({ signedIn: true })`, `{ admin: true }`, …): scope-auth
 * let only a tenant's user through, so the viewer is one.
 */
export type SignedInContext = Context & { viewer: UserViewer };
