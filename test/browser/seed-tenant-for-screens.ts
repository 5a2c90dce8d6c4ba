import { getTemplate, type Stage, type Transition, type WorkflowDefinition } from '@funnel/schemas';
import { DAY_MS } from './browser-test-settings';
import type { RunningFunnel } from './start-funnel-for-browser';

/** The workflow every screen shows. */
export const SCREENS_WORKFLOW = 'minimal_trunk';

/** The stage the English flow draws, in every locale, as the palette adds it. */
const NEW_STAGE: Stage = {
  key: 'new_stage',
  name: { en: 'New stage', 'zh-Hans': '新阶段', 'zh-Hant': '新階段' },
  phase: 'opportunity',
  probability: 50,
  forecastCategory: 'pipeline',
  position: { x: 520, y: 200 },
  timers: [
    {
      key: 'recycle_timer',
      name: { en: 'Recycle timer', 'zh-Hans': '回收计时器', 'zh-Hant': '回收計時器' },
      // Version 1 waits ten days; the stage panel's check types "7 天" over it.
      after: 'P10D',
      action: { transition: 'new_stage_to_pool' },
      extension: { length: 'P7D', maxPerRecord: 2, approverRoles: ['manager'] },
    },
  ],
};

/** The transitions the English flow connects, named after both stages in every locale as the designer names them. */
const NEW_TRANSITIONS: Transition[] = [
  {
    key: 'opportunity_to_new_stage',
    name: { en: 'Opportunity → New stage', 'zh-Hans': '商机 → 新阶段', 'zh-Hant': '商機 → 新階段' },
    from: ['opportunity'],
    to: 'new_stage',
  },
  {
    key: 'new_stage_to_order',
    name: { en: 'New stage → Order', 'zh-Hans': '新阶段 → 订单', 'zh-Hant': '新階段 → 訂單' },
    from: ['new_stage'],
    to: 'order',
    guard: {
      // Two clauses, so the simulator's explanation has one that passes and one that fails for a record without an amount.
      logic: { and: [{ '!!': [{ var: 'name' }] }, { '>=': [{ var: 'amount' }, 10000] }] },
      message: {
        en: 'A name and an amount of at least 10,000 are required',
        'zh-Hans': '需要填写名称，且金额不低于 10,000',
        'zh-Hant': '需要填寫名稱，且金額不低於 10,000',
      },
    },
  },
  {
    key: 'new_stage_to_pool',
    name: { en: 'New stage → Public pool', 'zh-Hans': '新阶段 → 公海', 'zh-Hant': '新階段 → 公海' },
    from: ['new_stage'],
    to: 'pool',
  },
];

/** The record fields of the workflow: the definition names them by key only, so screens show them as typed. */
export const SCREENS_FIELDS: readonly string[] = Object.keys(getTemplate(SCREENS_WORKFLOW).definition.fields.properties ?? {});

/** What version 1 is published with, as its publisher wrote it (the history shows it as typed). */
export const VERSION_ONE_NOTE = '新阶段、回收计时器与转入订单的条件';

/** Version 1: the minimal trunk with the stage, transitions, timer and guard the English flow draws. */
function versionOne(): WorkflowDefinition {
  const trunk = getTemplate(SCREENS_WORKFLOW).definition;
  return { ...trunk, stages: [...trunk.stages, NEW_STAGE], transitions: [...trunk.transitions, ...NEW_TRANSITIONS] };
}

/** The draft after version 1: the lead stage renamed and at 5 %, as the English flow imports it. */
function draftAfterVersionOne(): WorkflowDefinition {
  const draft = versionOne();
  return {
    ...draft,
    stages: draft.stages.map((stage) =>
      stage.key === 'lead' ? { ...stage, probability: 5, name: { en: 'Prospect', 'zh-Hans': '潜在客户', 'zh-Hant': '潛在客戶' } } : stage,
    ),
  };
}

type Refusable = { __typename: string; message?: string };

/**
 * A tenant whose data fills every screen of the designer, written through GraphQL only: version 1 of
 * the minimal trunk published with a stage, a timer with extensions and a guard; four records (a lead
 * without a company, an open opportunity of 12,000, an order of 30,000 won, a lead of 8,000); and a
 * draft that renames the lead stage. Moves the api's clock forward five days.
 * @example const { apiKey } = await seedTenantForScreens({ funnel, name: 'Screens zh-Hans' });
 */
export async function seedTenantForScreens({ funnel, name }: { funnel: RunningFunnel; name: string }): Promise<{ apiKey: string }> {
  const apiKey = await funnel.newTenant(name);
  const ask = async <T extends Record<string, Refusable>>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const data = await funnel.graphql<T>({ apiKey, query, variables });
    for (const [field, result] of Object.entries(data)) {
      // Only the Error interface selects `message`: a result that has one was refused.
      if (result.message !== undefined) throw new Error(`${field} refused: ${JSON.stringify(result)}`);
    }
    return data;
  };
  const refusal = `__typename ... on Error { message }`;
  const saveDraft = (definition: WorkflowDefinition) =>
    ask(`mutation($input: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $input) { ${refusal} } }`, {
      input: { key: SCREENS_WORKFLOW, definition },
    });
  await ask(`mutation($input: CreateWorkflowFromTemplateInput!) { createWorkflowFromTemplate(input: $input) { ${refusal} } }`, {
    input: { template: SCREENS_WORKFLOW, key: SCREENS_WORKFLOW, publish: false },
  });
  await saveDraft(versionOne());
  await ask(`mutation($input: PublishWorkflowInput!) { publishWorkflow(input: $input) { ${refusal} } }`, {
    input: { key: SCREENS_WORKFLOW, note: VERSION_ONE_NOTE },
  });

  const create = async (fields: Record<string, unknown>) => {
    const data = await ask<{ createRecord: Refusable & { id: string } }>(
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { ${refusal} ... on Record { id } } }`,
      { input: { workflowKey: SCREENS_WORKFLOW, fields } },
    );
    return data.createRecord.id;
  };
  const move = async (id: string, transition: string) => {
    const read = await funnel.graphql<{ record: { version: number } }>({
      apiKey,
      query: `query($id: ID!) { record(id: $id) { ... on Record { version } } }`,
      variables: { id },
    });
    await ask(`mutation($input: TransitionRecordInput!) { transitionRecord(input: $input) { ${refusal} } }`, {
      input: { id, expectedVersion: read.record.version, transition },
    });
  };
  await create({ name: '李安', email: 'li.an@example.com' });
  const opportunity = await create({ name: '陈博', phone: '+86 10 5555 0101', companyName: '陈博有限公司', product: 'CRM', amount: 12000 });
  const order = await create({ name: '吴慈', phone: '+86 10 5555 0102', companyName: '吴慈有限公司', product: 'CRM', amount: 30000 });
  await create({ name: '徐迪', phone: '+86 10 5555 0103', companyName: '徐迪有限公司', amount: 8000 });
  funnel.clock.advance(2 * DAY_MS);
  await move(opportunity, 'qualify');
  await move(order, 'qualify');
  funnel.clock.advance(3 * DAY_MS);
  await move(order, 'win');

  await saveDraft(draftAfterVersionOne());
  return { apiKey };
}
