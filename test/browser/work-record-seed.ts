import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import type { Page } from 'playwright-core';
import { call, tokenOf } from '../e2e/accounts-client';
import type { SmtpCapture } from '../e2e/smtp-capture';
import type { RunningFunnel } from './start-funnel-for-browser';

/** The workflow the record page tests run: the standard trunk, with guidance for SQL. */
const RECORD_WORKFLOW = 'standard_trunk';

/** What a salesperson reads on the SQL stage, in every locale, with its key fields. */
const SQL_GUIDANCE = {
  text: {
    en: 'Call within a day and confirm the product, seats and company before creating an opportunity.',
    'zh-Hans': '一天内致电，在转为商机前确认产品、席位数和公司名称。',
    'zh-Hant': '一天內致電，在轉為商機前確認產品、席位數和公司名稱。',
  },
  keyFields: ['product', 'seats', 'companyName'],
};

/** The standard trunk with the SQL stage's guidance. */
function trunkWithGuidance(): WorkflowDefinition {
  const trunk = getTemplate(RECORD_WORKFLOW).definition;
  return { ...trunk, stages: trunk.stages.map((stage) => (stage.key === 'sql' ? { ...stage, guidance: SQL_GUIDANCE } : stage)) };
}

const PASSWORD = 'four words make a password';

/** Where the salesperson (and the manager) work: the page shows times in it. */
export const SALES_TIME_ZONE = 'Asia/Shanghai';

type Refusable = { __typename: string; message?: string };

/** A tenant the record page runs in: its admin key, its slug, and the salesperson who signs in. */
export interface RecordTenant {
  adminKey: string;
  slug: string;
  sales: { id: string; name: string; email: string };
  /** Sends GraphQL as the admin; throws when a root field is refused. */
  ask: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;
  /** A new record of the salesperson's in SQL (created, qualified, accepted and assigned to them), with its id. */
  sqlRecord: (fields: Record<string, unknown>) => Promise<string>;
}

/**
 * A tenant with the standard trunk published (SQL with guidance), a manager and a salesperson reporting to them who
 * set their password from the invitation mail; written through GraphQL only.
 * @example const tenant = await seedRecordTenant({ funnel, smtp, name: 'Record en', locale: 'en', salesName: 'Ann Lee' });
 */
export async function seedRecordTenant(input: {
  funnel: RunningFunnel;
  smtp: SmtpCapture;
  name: string;
  /** The api's Locale enum: en, zh_Hans. */
  locale: string;
  salesName: string;
}): Promise<RecordTenant> {
  const { funnel, smtp } = input;
  const adminKey = await funnel.newTenant(input.name);
  const ask = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const data = await funnel.graphql<Record<string, Refusable>>({ apiKey: adminKey, query, variables });
    for (const [field, result] of Object.entries(data)) {
      if (result && typeof result === 'object' && result.message !== undefined) throw new Error(`${field} refused: ${JSON.stringify(result)}`);
    }
    return data as T;
  };
  const refusal = '__typename ... on Error { message }';
  const { me } = await ask<{ me: { tenant: { slug: string } } }>('{ me { tenant { slug } } }');
  const slug = me.tenant.slug;
  await ask(`mutation($input: CreateWorkflowFromTemplateInput!) { createWorkflowFromTemplate(input: $input) { ${refusal} } }`, {
    input: { template: RECORD_WORKFLOW, key: RECORD_WORKFLOW, publish: false },
  });
  await ask(`mutation($input: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $input) { ${refusal} } }`, {
    input: { key: RECORD_WORKFLOW, definition: trunkWithGuidance() },
  });
  await ask(`mutation($input: PublishWorkflowInput!) { publishWorkflow(input: $input) { ${refusal} } }`, { input: { key: RECORD_WORKFLOW } });

  const person = async (person: { email: string; name: string; roles: string[]; managerId?: string }) => {
    const invited = await ask<{ inviteUser: { user: { id: string } } }>(
      `mutation($input: InviteUserInput!) { inviteUser(input: $input) { ${refusal} ... on InviteUserPayload { user { id } } } }`,
      { input: { ...person, locale: input.locale, timeZone: SALES_TIME_ZONE } },
    );
    const mail = await smtp.waitFor({ to: person.email });
    const link = /(https?:\/\/\S+\/#\/accept-invitation\?\S+)/.exec(mail.text)?.[1] ?? '';
    const accepted = await call(funnel.server, {
      query: 'mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { __typename } }',
      variables: { i: { token: tokenOf(link), password: PASSWORD } },
    });
    if (accepted.body.data?.acceptInvitation?.__typename !== 'PasswordSetPayload') throw new Error(`invitation not accepted: ${JSON.stringify(accepted.body)}`);
    return invited.inviteUser.user.id;
  };
  const managerId = await person({ email: `boss@${slug}.example`, name: 'Manager', roles: ['manager'] });
  const sales = { email: `sales@${slug}.example`, name: input.salesName, id: '' };
  sales.id = await person({ email: sales.email, name: sales.name, roles: ['sales'], managerId });

  const move = async (id: string, transition: string) => {
    const { record } = await ask<{ record: { version: number } }>('query($id: ID!) { record(id: $id) { ... on Record { version } } }', { id });
    await ask(`mutation($input: TransitionRecordInput!) { transitionRecord(input: $input) { ${refusal} } }`, {
      input: { id, expectedVersion: record.version, transition },
    });
  };
  const sqlRecord = async (fields: Record<string, unknown>) => {
    const { createRecord } = await ask<{ createRecord: { id: string } }>(
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { ${refusal} ... on Record { id } } }`,
      { input: { workflowKey: RECORD_WORKFLOW, fields, owner: sales.id } },
    );
    await move(createRecord.id, 'qualify');
    await move(createRecord.id, 'accept');
    await ask(`mutation($input: AssignRecordInput!) { assignRecord(input: $input) { ${refusal} } }`, {
      input: { id: createRecord.id, owner: sales.id, reason: 'Accepted for them' },
    });
    return createRecord.id;
  };
  return { adminKey, slug, sales, ask, sqlRecord };
}

/**
 * Signs the salesperson in with their password on the sign-in form, in `locale`, and waits until the app says so.
 * @example await signInAsSalesperson({ page, url, tenant, locale: 'zh-Hans' });
 */
export async function signInAsSalesperson({ page, url, tenant, locale }: { page: Page; url: string; tenant: RecordTenant; locale: string }): Promise<void> {
  await page.goto(url);
  await page.evaluate(() => localStorage.clear());
  await page.getByTestId('language').selectOption(locale);
  const form = page.getByTestId('sign-in-form');
  await form.locator('#workspace').fill(tenant.slug);
  await form.locator('#email').fill(tenant.sales.email);
  await form.locator('#password').fill(PASSWORD);
  await form.locator('button[type=submit]').click();
  await page.getByTestId('signed-in-as').waitFor();
}
