import { create } from 'zustand';

/** Where a developer's API key is kept: this tab only (sessionStorage), gone when it closes. */
const API_KEY_STORAGE_KEY = 'funnel.apiKey';

/** Who is signed in, as the api's `me` says. */
export interface Me {
  /** `locale` and `timeZone`: the person's own, for dates, money and durations in the work area. */
  user: { id: string; name: string; email: string | null; locale: string; timeZone: string };
  roles: string[];
  tenant: { name: string; slug: string };
  /** `session`: a person, by the HTTP-only cookie; `api_key`: a developer, by a key. */
  signedInWith: 'session' | 'api_key';
}

/**
 * What the sign-in screen says first: nothing (signed out by hand, or never in), the api stopped accepting who was
 * signed in, they signed out in every browser, or the api could not be asked at start.
 */
type SignedOutReason = 'expired' | 'everywhere' | 'unreachable' | null;

export interface State {
  /** `checking`: asking the api whether the cookie (or the tab's key) still signs someone in. */
  status: 'checking' | 'signedOut' | 'signedIn';
  me: Me | null;
  /**
   * The API key a developer signed in with (sent as `Authorization: Bearer`); null for a person, whose session is an
   * HTTP-only cookie no script can read: the app keeps no secret then.
   */
  apiKey: string | null;
  reason: SignedOutReason;
  /** The email of the person whose session the api ended, to fill the sign-in form with; null otherwise. */
  email: string | null;
}
export interface Actions {
  signedIn: (input: { me: Me; apiKey?: string }) => void;
  signedOut: (reason?: SignedOutReason) => void;
}

/**
 * Who uses the app: the api's `me` once sign-in (or the start-up check) succeeded. The requests read the key from
 * here, and answer UNAUTHENTICATED by signing out with reason `expired` (api/graphql-request.ts).
 * @example useSession.getState().signedIn({ me })
 */
export const useSession = create<State & Actions>()((set, get) => ({
  status: 'checking',
  me: null,
  apiKey: globalThis.sessionStorage?.getItem(API_KEY_STORAGE_KEY) ?? null,
  reason: null,
  email: null,
  signedIn: ({ me, apiKey }) => {
    if (apiKey) sessionStorage.setItem(API_KEY_STORAGE_KEY, apiKey);
    else sessionStorage.removeItem(API_KEY_STORAGE_KEY);
    set({ status: 'signedIn', me, apiKey: apiKey ?? null, reason: null, email: null });
  },
  signedOut: (reason = null) => {
    globalThis.sessionStorage?.removeItem(API_KEY_STORAGE_KEY);
    // Signed out by the api, not by hand: the same person will sign in again.
    const email = reason === 'expired' ? (get().me?.user.email ?? null) : null;
    set({ status: 'signedOut', me: null, apiKey: null, reason, email });
  },
}));
