import type { SmtpCapture } from '../e2e/smtp-capture';
import type { RunningFunnel } from './start-funnel-for-browser';

/** The workflow the board tests show: the standard trunk, as its template publishes it. */
export const BOARD_WORKFLOW = 'standard_trunk';
/** The salesperson's password (they sign in with it in the browser). */
export const SALES_PASSWORD = 'four words make a password';

type Refusable = { __typename: string; message?: string };

/** Who the board tests act as: the admin's key, the salesperson (signs in by account), a manager (moves through the api). */
export interface BoardTenant {
  adminKey: string;
  slug: string;
  sales: { id: string; email: string; name: string; key: string };
  manager: { id: string; name: string; key: string };
  /** Record ids by the name the test gives them. */
  records: Record<string, string>;
}

/** A record as the board tests create it: its fields, and the stage it is moved to through the api. */
interface SeededRecord {
  name: string;
  fields: Record<string, unknown>;
  stage: 'lead' | 'mql' | 'sql' | 'opportunity';
}

/** The records: two SQLs the salesperson moves, one a manager moves, and a few elsewhere for the totals. */
const RECORDS: readonly SeededRecord[] = [
  { name: 'Acme Rollout', stage: 'sql', fields: { email: 'ann@acme.example', companyVerified: true, amount: 12_000, source: 'web' } },
  { name: 'Birch Logistics', stage: 'sql', fields: { email: 'bo@birch.example', companyName: 'Birch GmbH', amount: 4_500, source: 'referral' } },
  {
    name: 'Cedar Foods',
    stage: 'sql',
    fields: { email: 'cy@cedar.example', companyName: 'Cedar Foods Ltd', companyVerified: true, amount: 8_000, source: 'event' },
  },
  { name: 'Delta Retail', stage: 'lead', fields: { email: 'di@delta.example', companyName: 'Delta Retail', amount: 2_000, source: 'web' } },
  { name: 'Echo Media', stage: 'mql', fields: { email: 'ed@echo.example', companyName: 'Echo Media', amount: 3_000, source: 'partner' } },
  {
    name: 'Fjord Energy',
    stage: 'opportunity',
    fields: {
      email: 'fi@fjord.example',
      companyName: 'Fjord Energy AS',
      companyVerified: true,
      product: 'Funnel Pro',
      seats: 40,
      amount: 30_000,
      source: 'web',
    },
  },
];

/** The transitions that carry a new lead to each stage, and who takes them (marketing's qualify is a manager's here). */
const PATH: Record<SeededRecord['stage'], { transition: string; by: 'manager' | 'sales' }[]> = {
  lead: [],
  mql: [{ transition: 'qualify', by: 'manager' }],
  sql: [
    { transition: 'qualify', by: 'manager' },
    { transition: 'accept', by: 'sales' },
  ],
  opportunity: [
    { transition: 'qualify', by: 'manager' },
    { transition: 'accept', by: 'sales' },
    { transition: 'create_opportunity', by: 'sales' },
  ],
};

/** GraphQL through the api as a key's holder; a result that is an Error (it selects `message`) throws. */
function asker(funnel: RunningFunnel) {
  return async <T extends Record<string, Refusable>>(apiKey: string, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const data = await funnel.graphql<T>({ apiKey, query, variables });
    for (const [field, result] of Object.entries(data)) {
      if (result.message !== undefined) throw new Error(`${field} refused: ${JSON.stringify(result)}`);
    }
    return data;
  };
}

const REFUSAL = '__typename ... on Error { message }';

/**
 * A tenant for the board, written through GraphQL only: the standard trunk published; a salesperson invited by mail
 * who set their password from the invitation (they sign in by account), with a key of their own for the set-up; a
 * manager with a key; and six records owned by the salesperson, moved to their stages through the api.
 * @example const tenant = await seedBoardTenant({ funnel, smtp, name: 'Board en' });
 */
export async function seedBoardTenant({ funnel, smtp, name }: { funnel: RunningFunnel; smtp: SmtpCapture; name: string }): Promise<BoardTenant> {
  const ask = asker(funnel);
  const adminKey = await funnel.newTenant(name);
  const { me } = await funnel.graphql<{ me: { tenant: { slug: string } } }>({ apiKey: adminKey, query: '{ me { tenant { slug } } }' });
  const slug = me.tenant.slug;
  await ask(adminKey, `mutation($input: CreateWorkflowFromTemplateInput!) { createWorkflowFromTemplate(input: $input) { ${REFUSAL} } }`, {
    input: { template: BOARD_WORKFLOW, key: BOARD_WORKFLOW, publish: true },
  });

  const managerUser = await ask<{ createUser: Refusable & { id: string } }>(
    adminKey,
    `mutation($input: CreateUserInput!) { createUser(input: $input) { ${REFUSAL} ... on User { id } } }`,
    { input: { name: 'Morgan Manager', roles: ['manager'] } },
  );
  const managerId = managerUser.createUser.id;
  const salesEmail = `sam@${slug}.example`;
  const invited = await ask<{ inviteUser: Refusable & { user: { id: string } } }>(
    adminKey,
    `mutation($input: InviteUserInput!) { inviteUser(input: $input) { ${REFUSAL} ... on InviteUserPayload { user { id } } } }`,
    { input: { email: salesEmail, name: 'Sam Seller', roles: ['sales'], managerId, locale: 'en', timeZone: 'UTC' } },
  );
  const salesId = invited.inviteUser.user.id;
  const mail = await smtp.waitFor({ to: salesEmail });
  const token = /token=([^\s&]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no token in the invitation:\n${mail.text}`);
  const accepted = await fetch(`${funnel.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: funnel.url },
    body: JSON.stringify({
      query: `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { __typename } }`,
      variables: { input: { token: decodeURIComponent(token), password: SALES_PASSWORD } },
    }),
  });
  const acceptedBody = (await accepted.json()) as { data?: { acceptInvitation: { __typename: string } } };
  if (acceptedBody.data?.acceptInvitation.__typename !== 'PasswordSetPayload') throw new Error(`invitation not accepted: ${JSON.stringify(acceptedBody)}`);

  const keyFor = async (userId: string) => {
    const made = await ask<{ createApiKey: Refusable & { token: string } }>(
      adminKey,
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { ${REFUSAL} ... on CreateApiKeyPayload { token } } }`,
      { input: { name: `key of ${userId}`, userId } },
    );
    return made.createApiKey.token;
  };
  const keys = { sales: await keyFor(salesId), manager: await keyFor(managerId) };

  const records: Record<string, string> = {};
  for (const record of RECORDS) {
    const created = await ask<{ createRecord: Refusable & { id: string } }>(
      keys.manager,
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { ${REFUSAL} ... on Record { id } } }`,
      { input: { workflowKey: BOARD_WORKFLOW, owner: salesId, fields: { name: record.name, ...record.fields } } },
    );
    const id = created.createRecord.id;
    records[record.name] = id;
    for (const step of PATH[record.stage]) await transitionThroughApi({ funnel, apiKey: keys[step.by], id, transition: step.transition });
  }
  return {
    adminKey,
    slug,
    sales: { id: salesId, email: salesEmail, name: 'Sam Seller', key: keys.sales },
    manager: { id: managerId, name: 'Morgan Manager', key: keys.manager },
    records,
  };
}

/**
 * Runs one transition through the api as a key's holder, at the record's current version.
 * @example await transitionThroughApi({ funnel, apiKey, id, transition: 'create_opportunity', fields: { seats: 5 } });
 */
export async function transitionThroughApi(input: { funnel: RunningFunnel; apiKey: string; id: string; transition: string; fields?: Record<string, unknown> }) {
  const { funnel, apiKey, id, transition, fields } = input;
  const ask = asker(funnel);
  const read = await funnel.graphql<{ record: { version: number } }>({
    apiKey,
    query: `query($id: ID!) { record(id: $id) { ... on Record { version } } }`,
    variables: { id },
  });
  await ask(apiKey, `mutation($input: TransitionRecordInput!) { transitionRecord(input: $input) { ${REFUSAL} } }`, {
    input: { id, expectedVersion: read.record.version, transition, ...(fields ? { fields } : {}) },
  });
}

/** A record as the store holds it after a step: its stage, owner and latest events with their actors. */
export interface StoredRecord {
  stage: string;
  ownerId: string | null;
  fields: Record<string, unknown>;
  events: { type: string; actorId: string; to: string | null; reason: string | null }[];
}

/**
 * What the store holds for a record, read through the GraphQL api.
 * @example const stored = await storedRecord({ funnel, apiKey, id }); stored.stage // → 'opportunity'
 */
export async function storedRecord({ funnel, apiKey, id }: { funnel: RunningFunnel; apiKey: string; id: string }): Promise<StoredRecord> {
  const { record } = await funnel.graphql<{
    record: { stage: string; ownerId: string | null; fields: Record<string, unknown>; history: { edges: { node: StoredRecord['events'][number] }[] } };
  }>({
    apiKey,
    query: `query($id: ID!) { record(id: $id) { ... on Record { stage ownerId fields history(last: 20) { edges { node { type actorId to reason } } } } } }`,
    variables: { id },
  });
  return { stage: record.stage, ownerId: record.ownerId, fields: record.fields, events: record.history.edges.map((edge) => edge.node) };
}
