import { type AccountAnswer, AccountRefusal, answerProblems } from './account-problems';
import {
  ACCEPT_INVITATION_MUTATION,
  REQUEST_PASSWORD_RESET_MUTATION,
  RESET_PASSWORD_MUTATION,
  SIGN_IN_MUTATION,
  SIGN_OUT_EVERYWHERE_MUTATION,
  SIGN_OUT_MUTATION,
} from './graphql-documents';
import { graphqlRequest } from './graphql-request';

// The account operations of the sign-in screens. Each answers its success or throws an AccountRefusal with the
// problems its form shows; the session itself is the api's HTTP-only cookie, which these never see.

/** The answer's success, or an AccountRefusal with what its refusal means. */
function accepted<T extends AccountAnswer>(answer: T, success: string): T {
  if (answer.__typename === success) return answer;
  throw new AccountRefusal(answerProblems(answer));
}

/**
 * Signs a person in; the api's answer sets the session cookie.
 * @example await signIn({ slug: 'acme', email: 'ann@acme.example', password: '…' })
 */
export async function signIn(input: { slug: string; email: string; password: string }): Promise<void> {
  const data = await graphqlRequest<{ signIn: AccountAnswer }>({ query: SIGN_IN_MUTATION, variables: { input } });
  accepted(data.signIn, 'SignInPayload');
}

/** Ends this browser's session and clears its cookie. */
export async function signOut(): Promise<void> {
  await graphqlRequest<{ signOut: { sessionsEnded: number } }>({ query: SIGN_OUT_MUTATION });
}

/** Ends every session of the signed-in person, in every browser. */
export async function signOutEverywhere(): Promise<void> {
  await graphqlRequest<{ signOutEverywhere: { sessionsEnded: number } }>({ query: SIGN_OUT_EVERYWHERE_MUTATION });
}

/**
 * Asks for a reset link by mail; the api answers the same whether or not the account exists.
 * @example await requestPasswordReset({ slug: 'acme', email: 'ann@acme.example' })
 */
export async function requestPasswordReset(input: { slug: string; email: string }): Promise<void> {
  const data = await graphqlRequest<{ requestPasswordReset: AccountAnswer }>({ query: REQUEST_PASSWORD_RESET_MUTATION, variables: { input } });
  accepted(data.requestPasswordReset, 'RequestPasswordResetPayload');
}

type PasswordSet = AccountAnswer & { slug?: string; user?: { email: string | null } };

/** Who signs in with the password just set: the tenant's slug and the account's email. */
function signInWith(answer: PasswordSet): { slug: string; email: string } {
  const set = accepted(answer, 'PasswordSetPayload');
  return { slug: set.slug ?? '', email: set.user?.email ?? '' };
}

/**
 * Sets an invited person's first password (and their name, if given) with the token of their invitation link.
 * @example const { slug, email } = await acceptInvitation({ token: 'fl_…', password: '…', name: 'Ann Lee' })
 */
export async function acceptInvitation(input: { token: string; password: string; name?: string }): Promise<{ slug: string; email: string }> {
  const data = await graphqlRequest<{ acceptInvitation: PasswordSet }>({ query: ACCEPT_INVITATION_MUTATION, variables: { input } });
  return signInWith(data.acceptInvitation);
}

/**
 * Sets a new password with the token of a reset link.
 * @example const { slug, email } = await resetPassword({ token: 'fl_…', password: '…' })
 */
export async function resetPassword(input: { token: string; password: string }): Promise<{ slug: string; email: string }> {
  const data = await graphqlRequest<{ resetPassword: PasswordSet }>({ query: RESET_PASSWORD_MUTATION, variables: { input } });
  return signInWith(data.resetPassword);
}
