import type { Viewer } from './auth/viewer';
import type { Services } from './services/services';

/** What every resolver gets: who calls, the request id (in logs and masked errors), and the services. */
export interface Context {
  viewer: Viewer;
  requestId: string;
  services: Services;
}
