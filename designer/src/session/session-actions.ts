import * as accounts from '../api/account-api';
import { AccountRefusal } from '../api/account-problems';
import { fetchMe } from '../api/funnel-api';
import { GraphqlRequestError } from '../api/graphql-request';
import { rememberWorkspace } from './remembered-workspace';
import { useSession } from './useSession';

// What the sign-in screens do, on top of the api's account operations: each ends with the session store saying
// who is signed in (the api's `me`), or throws what the form shows.

/**
 * At start: whether the session cookie, or the API key this tab signed in with, still signs someone in.
 * @example await checkSession() // useSession.getState().status → 'signedIn' | 'signedOut'
 */
export async function checkSession(): Promise<void> {
  const { apiKey, signedIn, signedOut } = useSession.getState();
  try {
    const me = await fetchMe();
    signedIn({ me, ...(apiKey ? { apiKey } : {}) });
  } catch (error) {
    signedOut(error instanceof GraphqlRequestError && error.code === 'UNAUTHENTICATED' ? null : 'unreachable');
  }
}

/**
 * Signs a person in with their workspace, email and password, and remembers the workspace in this browser.
 * @example await signInWithPassword({ slug: 'acme', email: 'ann@acme.example', password: '…' })
 */
export async function signInWithPassword(input: { slug: string; email: string; password: string }): Promise<void> {
  await accounts.signIn(input);
  rememberWorkspace(input.slug);
  useSession.getState().signedIn({ me: await fetchMe() });
}

/**
 * Signs a developer in with an API key, once the api accepts it; an unknown key is refused at the key's field.
 * @example await signInWithApiKey('fk_…')
 */
export async function signInWithApiKey(apiKey: string): Promise<void> {
  try {
    useSession.getState().signedIn({ me: await fetchMe({ apiKey }), apiKey });
  } catch (error) {
    if (error instanceof GraphqlRequestError && error.code === 'UNAUTHENTICATED') throw new AccountRefusal([{ field: 'apiKey', key: 'apiKeyRefused' }]);
    throw error;
  }
}

/**
 * Sets the password a link is for (an invitation's first one, with the person's name if given, or a reset), then signs
 * in with it.
 * @example await setPasswordWithLink({ purpose: 'invitation', token: 'fl_…', password: '…', name: 'Ann Lee' })
 */
export async function setPasswordWithLink(input: { purpose: 'invitation' | 'reset'; token: string; password: string; name?: string }): Promise<void> {
  const { purpose, ...link } = input;
  const account = purpose === 'invitation' ? await accounts.acceptInvitation(link) : await accounts.resetPassword(link);
  await signInWithPassword({ ...account, password: input.password });
}

/** Signs out: ends the session on the api (a developer's key is only forgotten: it is an app's credential). */
export async function signOut(): Promise<void> {
  if (!useSession.getState().apiKey) await accounts.signOut();
  useSession.getState().signedOut();
}

/** Ends every session of the signed-in person, in every browser, this one included. */
export async function signOutEverywhere(): Promise<void> {
  await accounts.signOutEverywhere();
  useSession.getState().signedOut('everywhere');
}
