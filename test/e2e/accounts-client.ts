import { expect } from 'vitest';
import type { FunnelServer } from '@funnel/api';
import type { GraphQLResult } from './harness';

/** The origin yoga.fetch requests are addressed to (`http://test/graphql`): the api's own origin in these tests. */
export const OWN_ORIGIN = 'http://test';

/** What a call answered: its status, body, and the session cookie it set (the token; '' when it cleared it). */
export interface CallResult {
  status: number;
  body: GraphQLResult;
  setCookie: string | null;
  sessionToken: string | null;
}

/**
 * One GraphQL request to an api process, as a browser (`session`: the cookie, with Origin and JSON as Funnel's pages
 * send them) or an app (`key`) would send it; `headers` add or override headers.
 */
export async function call(
  server: FunnelServer,
  input: { query: string; variables?: Record<string, unknown>; session?: string; key?: string; headers?: Record<string, string> },
): Promise<CallResult> {
  const body = JSON.stringify({ query: input.query, variables: input.variables ?? {} });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (input.session !== undefined) {
    headers.cookie = `theme=dark; funnel_session=${input.session}`;
    headers.origin = OWN_ORIGIN;
  }
  if (input.key) headers.authorization = `Bearer ${input.key}`;
  const response = await server.yoga.fetch(`${OWN_ORIGIN}/graphql`, { method: 'POST', headers: { ...headers, ...input.headers }, body });
  const setCookie = response.headers.get('set-cookie');
  const text = await response.text();
  let parsed: GraphQLResult;
  try {
    parsed = JSON.parse(text) as GraphQLResult;
  } catch {
    throw new Error(`not JSON (${response.status}): ${text.slice(0, 200)}`);
  }
  return { status: response.status, body: parsed, setCookie, sessionToken: setCookie ? (/funnel_session=([^;]*)/.exec(setCookie)?.[1] ?? null) : null };
}

export const SIGN_IN = `mutation($i: SignInInput!) { signIn(input: $i) { __typename
  ... on SignInPayload { user { id email } tenant { id slug } }
  ... on Error { code message }
  ... on SignInThrottled { retryAfterMs }
  ... on ValidationFailed { diagnostics { code pointer } } } }`;

export const INVITE = `mutation($i: InviteUserInput!) { inviteUser(input: $i) { __typename
  ... on InviteUserPayload { emailed invitationLink expiresAt user { id email status locale } }
  ... on ValidationFailed { diagnostics { code pointer message } }
  ... on NotFound { what pointer } } }`;

export const ACCEPT = `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { __typename
  ... on PasswordSetPayload { slug user { id status } }
  ... on Error { code message }
  ... on ValidationFailed { diagnostics { code pointer } } } }`;

export const ME = '{ me { signedInWith user { id email status } tenant { id slug } preferences { locale timeZone notifications { type channel } } } }';

/** The token in an invitation or reset link (after `#token=`). */
export function tokenOf(link: string): string {
  const token = /#token=(fl_[A-Za-z0-9_-]+)/.exec(link)?.[1];
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

/** Signs in and returns the session token the answer set; fails the test when the answer is not SignInPayload. */
export async function signedIn(
  server: FunnelServer,
  input: { slug: string; email: string; password: string; headers?: Record<string, string> },
): Promise<string> {
  const { slug, email, password } = input;
  const answer = await call(server, { query: SIGN_IN, variables: { i: { slug, email, password } }, ...(input.headers ? { headers: input.headers } : {}) });
  expect(answer.body.data?.signIn, JSON.stringify(answer.body)).toMatchObject({ __typename: 'SignInPayload' });
  return answer.sessionToken as string;
}

/**
 * A person invited by `admin` on `server` and with a password set through the link (the server must have no
 * SMTP_URL, so the link comes back to the admin): their id.
 */
export async function personWithPassword(
  server: FunnelServer,
  input: { admin: string; email: string; password: string; roles?: string[]; managerId?: string },
): Promise<string> {
  const invited = await call(server, {
    key: input.admin,
    query: INVITE,
    variables: {
      i: { email: input.email, name: input.email.split('@')[0], roles: input.roles ?? ['sales'], ...(input.managerId ? { managerId: input.managerId } : {}) },
    },
  });
  const payload = invited.body.data?.inviteUser;
  expect(payload, JSON.stringify(invited.body)).toMatchObject({ __typename: 'InviteUserPayload', emailed: false });
  const accepted = await call(server, { query: ACCEPT, variables: { i: { token: tokenOf(payload.invitationLink), password: input.password } } });
  expect(accepted.body.data?.acceptInvitation.__typename, JSON.stringify(accepted.body)).toBe('PasswordSetPayload');
  return payload.user.id as string;
}
