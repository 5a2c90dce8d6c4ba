import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { BrowserSuite } from './browser-suite';

/** A person of the tenant: signs in with `password` in the browser, and acts through the api with `key`. */
export interface WorkPerson {
  id: string;
  name: string;
  email: string;
  password: string;
  key: string;
}

/** A tenant on the standard trunk, its admin's key, and what the tests do through the api. */
export interface WorkTenant {
  slug: string;
  adminKey: string;
  /** Sends GraphQL with a key; fails the test on a GraphQL error. */
  gql: <T = Record<string, any>>(key: string, query: string, variables?: Record<string, unknown>) => Promise<T>;
  /** Invites a person, sets their password through the mailed link, and gives them an API key. */
  person: (input: { name: string; roles: string[]; locale?: 'en' | 'zh_Hans' | 'zh_Hant'; managerId?: string }) => Promise<WorkPerson>;
  /** A person without a password, acting through a key only (a marketer who hands leads over, say). */
  keyPerson: (input: { name: string; roles: string[] }) => Promise<WorkPerson>;
  /** Sets the tenant's clock (test clock). */
  setClock: (at: number) => Promise<void>;
  runDueTimers: () => Promise<number>;
  /** A lead created by `creator`; the trunk routes it round the sales team. Its id. */
  createLead: (creator: WorkPerson, fields: Record<string, unknown>) => Promise<string>;
  /** Runs a transition as `actor` and returns the record's new stage. */
  transition: (actor: WorkPerson, id: string, transition: string) => Promise<string>;
  /** A lead `by` creates and qualifies and `owner` accepts as SQL, at `at` on the tenant's clock (its one-week rule starts then). Its id. */
  sqlAt: (input: { at: number; by: WorkPerson; owner: WorkPerson; fields: Record<string, unknown> }) => Promise<string>;
  /** The record as the store holds it (stage, owner, pool, follow-up, timers). */
  record: (id: string) => Promise<StoredWorkRecord>;
  /** The record's events as the store holds them, oldest first. */
  history: (id: string) => Promise<StoredWorkEvent[]>;
}

/** A record as the store holds it, read through the api. */
interface StoredWorkRecord {
  stage: string;
  version: number;
  ownerId: string | null;
  fields: Record<string, unknown>;
  nextFollowUpAt: string | null;
  pool: { reason: string | null; previousOwnerId: string | null } | null;
  timers: { key: string; dueAt: string; extensionRequestedAt: string | null; extensionRequestedById: string | null }[];
}

/** One event of a record's history: what happened, when, who did it (a person's id, or `system:timer`). */
export interface StoredWorkEvent {
  type: string;
  at: string;
  actorId: string;
  from: string | null;
  to: string | null;
  reason: string | null;
  detail: Record<string, any>;
}

const PASSWORD = 'four words make a password';
const REFUSAL = '__typename ... on Error { code message }';

/** The token in a mailed invitation link. */
function tokenIn(text: string): string {
  const token = /[?&]token=(fl_[A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!token) throw new Error(`no invitation token in the mail:\n${text}`);
  return token;
}

/**
 * A new tenant with the standard trunk published, for the work area's tests: people invited (mailed through the
 * suite's SMTP capture) with passwords, keys for acting as them, and the tenant's test clock.
 * @example const tenant = await workTenant({ suite, name: 'My work en' }); const ann = await tenant.person({ name: 'Ann Lee', roles: ['sales'] });
 */
export async function workTenant({ suite, name }: { suite: BrowserSuite; name: string }): Promise<WorkTenant> {
  const { funnel, smtp } = suite;
  const adminKey = await funnel.newTenant(name);
  const gql = async <T = Record<string, any>>(key: string, query: string, variables: Record<string, unknown> = {}) =>
    funnel.graphql<T>({ apiKey: key, query, variables });
  const me = await gql<{ me: { tenant: { slug: string } } }>(adminKey, '{ me { tenant { slug } } }');
  const slug = me.me.tenant.slug;
  const made = await gql(adminKey, `mutation { createWorkflowFromTemplate(input: { template: "standard_trunk", publish: true }) { ${REFUSAL} } }`);
  expect(made.createWorkflowFromTemplate.__typename).toBe('Workflow');
  const keyFor = async (userId: string, keyName: string) => {
    const created = await gql(adminKey, `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ${REFUSAL} ... on CreateApiKeyPayload { token } } }`, {
      i: { name: keyName, userId },
    });
    expect(created.createApiKey.__typename, JSON.stringify(created)).toBe('CreateApiKeyPayload');
    return created.createApiKey.token as string;
  };
  let invited = 0;
  const tenant: WorkTenant = {
    slug,
    adminKey,
    gql,
    person: async ({ name: personName, roles, locale = 'en', managerId }) => {
      invited += 1;
      const email = `person${invited}@${slug}.example`;
      const invite = await gql(adminKey, `mutation($i: InviteUserInput!) { inviteUser(input: $i) { ${REFUSAL} ... on InviteUserPayload { user { id } } } }`, {
        i: { email, name: personName, roles, locale, timeZone: 'UTC', ...(managerId ? { managerId } : {}) },
      });
      expect(invite.inviteUser.__typename, JSON.stringify(invite)).toBe('InviteUserPayload');
      const mail = await smtp.waitFor({ to: email, timeoutMs: 15_000 });
      // Accepting is what the link's page does, signed out: no key.
      const response = await fetch(`${funnel.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { ${REFUSAL} } }`,
          variables: { i: { token: tokenIn(mail.text), password: PASSWORD } },
        }),
      });
      const accepted = (await response.json()) as { data?: { acceptInvitation: { __typename: string } } };
      expect(accepted.data?.acceptInvitation.__typename, JSON.stringify(accepted)).toBe('PasswordSetPayload');
      const id = invite.inviteUser.user.id as string;
      return { id, name: personName, email, password: PASSWORD, key: await keyFor(id, `${personName} in tests`) };
    },
    keyPerson: async ({ name: personName, roles }) => {
      const created = await gql(adminKey, `mutation($i: CreateUserInput!) { createUser(input: $i) { ${REFUSAL} ... on User { id } } }`, {
        i: { name: personName, roles },
      });
      expect(created.createUser.__typename, JSON.stringify(created)).toBe('User');
      const id = created.createUser.id as string;
      return { id, name: personName, email: '', password: '', key: await keyFor(id, personName) };
    },
    setClock: async (at) => {
      await gql(adminKey, 'mutation($at: DateTime!) { setClock(at: $at) { now } }', { at: new Date(at).toISOString() });
    },
    runDueTimers: async () => (await gql<{ runDueTimers: { fired: number } }>(adminKey, 'mutation { runDueTimers { fired } }')).runDueTimers.fired,
    createLead: async (creator, fields) => {
      const created = await gql(creator.key, `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${REFUSAL} ... on Record { id } } }`, {
        i: { workflowKey: 'standard_trunk', fields },
      });
      expect(created.createRecord.__typename, JSON.stringify(created)).toBe('Record');
      return created.createRecord.id as string;
    },
    transition: async (actor, id, transition) => {
      const { version } = await tenant.record(id);
      const moved = await gql(actor.key, `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${REFUSAL} ... on Record { stage } } }`, {
        i: { id, transition, expectedVersion: version },
      });
      expect(moved.transitionRecord.__typename, JSON.stringify(moved)).toBe('Record');
      return moved.transitionRecord.stage as string;
    },
    sqlAt: async ({ at, by, owner, fields }) => {
      await tenant.setClock(at);
      const id = await tenant.createLead(by, fields);
      await tenant.transition(by, id, 'qualify');
      expect(await tenant.transition(owner, id, 'accept')).toBe('sql');
      return id;
    },
    record: async (id) => {
      const read = await gql(
        adminKey,
        `query($id: ID!) { record(id: $id) { ... on Record {
          stage version ownerId fields nextFollowUpAt pool { reason previousOwnerId }
          timers { key dueAt extensionRequestedAt extensionRequestedById }
        } } }`,
        { id },
      );
      return read.record;
    },
    history: async (id) => {
      const read = await gql<{ record: { history: { edges: { node: StoredWorkEvent }[] } } }>(
        adminKey,
        'query($id: ID!) { record(id: $id) { ... on Record { history(last: 100) { edges { node { type at actorId from to reason detail } } } } } }',
        { id },
      );
      return read.record.history.edges.map((edge) => edge.node);
    },
  };
  return tenant;
}

/**
 * Signs a person in with their password on the sign-in form, in a language, from a signed-out browser.
 * @example await signInAsPerson({ page, url: suite.funnel.url, slug, person: ann, locale: 'zh-Hans' });
 */
export async function signInAsPerson(input: { page: Page; url: string; slug: string; person: WorkPerson; locale: string }): Promise<void> {
  const { page, person } = input;
  await page.context().clearCookies();
  await page.goto(input.url);
  await page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await page.reload();
  await page.getByTestId('language').selectOption(input.locale);
  const form = page.getByTestId('sign-in-form');
  await form.locator('#workspace').fill(input.slug);
  await form.locator('#email').fill(person.email);
  await form.locator('#password').fill(person.password);
  await form.locator('button[type=submit]').click();
  await page.getByTestId('sign-out').waitFor();
}
