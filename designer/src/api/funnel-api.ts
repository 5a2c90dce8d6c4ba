import type { Diagnostic, WorkflowDefinition } from '@funnel/schemas';
import { graphqlRequest, GraphqlRequestError } from './graphql-request';

// Every GraphQL document the designer sends lives in this file, with the type of what it reads back.

const ERROR_FIELDS = `__typename ... on Error { code message } ... on ValidationFailed { diagnostics { severity code pointer message } }`;

/** A refusal the api typed (validation, not found, forbidden): its message, code and diagnostics. */
export class ApiRefusal extends Error {
  override readonly name = 'ApiRefusal';
  constructor(
    message: string,
    readonly code: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
  }
}

type Typed = { __typename: string; code?: string; message?: string; diagnostics?: Diagnostic[] };

/** Unwraps a union result: the success type, or an ApiRefusal carrying the error's words. */
function unwrap<T extends Typed>(result: T, success: string): T {
  if (result.__typename === success) return result;
  const details = result.diagnostics?.length ? `: ${result.diagnostics.map((d) => `${d.pointer} ${d.message}`).join('; ')}` : '';
  throw new ApiRefusal(`${result.message ?? result.__typename}${details}`, result.code ?? result.__typename, result.diagnostics ?? []);
}

export interface Me {
  user: { id: string; name: string };
  roles: string[];
}

/**
 * Who the API key belongs to; throws when the key is not accepted.
 * @example await fetchMe(apiKey) // → { user: { id, name }, roles: ['admin'] }
 */
export async function fetchMe(apiKey: string): Promise<Me> {
  const data = await graphqlRequest<{ me: Me }>({ apiKey, query: `query Me { me { user { id name } roles } }` });
  return data.me;
}

export interface WorkflowSummary {
  key: string;
  name: string;
  latestVersion: number;
  draftUpdatedAt: string | null;
}

const PAGE_SIZE = 100;

/** The tenant's workflows. */
export async function listWorkflows(apiKey: string): Promise<WorkflowSummary[]> {
  const data = await graphqlRequest<{ workflows: { edges: { node: WorkflowSummary }[] } }>({
    apiKey,
    query: `query Workflows($first: Int) { workflows(first: $first) { edges { node { key name latestVersion draftUpdatedAt } } } }`,
    variables: { first: PAGE_SIZE },
  });
  return data.workflows.edges.map((edge) => edge.node);
}

export interface WorkflowVersion {
  version: number;
  definition: WorkflowDefinition;
  publishedAt: string;
  publishedBy: string;
}

export interface WorkflowDetail {
  key: string;
  name: string;
  draft: WorkflowDefinition | null;
  draftDiagnostics: Diagnostic[];
  draftUpdatedAt: string | null;
  latestVersion: number;
  versions: WorkflowVersion[];
}

const WORKFLOW_FIELDS = `key name draft draftUpdatedAt latestVersion draftDiagnostics { severity code pointer message } versions { version definition publishedAt publishedBy }`;

/** One workflow with its draft and every published version. */
export async function fetchWorkflow({ apiKey, key }: { apiKey: string; key: string }): Promise<WorkflowDetail> {
  const data = await graphqlRequest<{ workflow: WorkflowDetail & Typed }>({
    apiKey,
    query: `query Workflow($key: String!) { workflow(key: $key) { ${ERROR_FIELDS} ... on Workflow { ${WORKFLOW_FIELDS} } } }`,
    variables: { key },
  });
  return unwrap(data.workflow, 'Workflow');
}

/** Checks a definition without saving it: every diagnostic, errors and warnings. */
export async function validateWorkflow({ apiKey, definition }: { apiKey: string; definition: WorkflowDefinition }): Promise<Diagnostic[]> {
  const data = await graphqlRequest<{ validateWorkflow: { diagnostics: Diagnostic[] } }>({
    apiKey,
    query: `query Validate($definition: JSON!) { validateWorkflow(definition: $definition) { ok diagnostics { severity code pointer message } } }`,
    variables: { definition },
  });
  return data.validateWorkflow.diagnostics;
}

/** Saves the draft (even with errors); returns the workflow as saved. */
export async function saveWorkflowDraft({ apiKey, key, definition }: { apiKey: string; key: string; definition: WorkflowDefinition }): Promise<WorkflowDetail> {
  const data = await graphqlRequest<{ saveWorkflowDraft: WorkflowDetail & Typed }>({
    apiKey,
    query: `mutation Save($input: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $input) { ${ERROR_FIELDS} ... on Workflow { ${WORKFLOW_FIELDS} } } }`,
    variables: { input: { key, definition } },
  });
  return unwrap(data.saveWorkflowDraft, 'Workflow');
}

/** Publishes the saved draft as a new version; refused with every error while it does not compile. */
export async function publishWorkflow({ apiKey, key }: { apiKey: string; key: string }): Promise<number> {
  const data = await graphqlRequest<{ publishWorkflow: { version: number } & Typed }>({
    apiKey,
    query: `mutation Publish($input: PublishWorkflowInput!) { publishWorkflow(input: $input) { ${ERROR_FIELDS} ... on WorkflowVersion { version } } }`,
    variables: { input: { key } },
  });
  return unwrap(data.publishWorkflow, 'WorkflowVersion').version;
}

/** Creates a workflow from a shipped template, as an unpublished draft; returns its key. */
export async function createWorkflowFromTemplate({ apiKey, template, key }: { apiKey: string; template: string; key: string }): Promise<string> {
  const data = await graphqlRequest<{ createWorkflowFromTemplate: { key: string } & Typed }>({
    apiKey,
    query: `mutation FromTemplate($input: CreateWorkflowFromTemplateInput!) { createWorkflowFromTemplate(input: $input) { ${ERROR_FIELDS} ... on Workflow { key } } }`,
    variables: { input: { template, key, publish: false } },
  });
  return unwrap(data.createWorkflowFromTemplate, 'Workflow').key;
}

/** A record as the api returns it (times as ISO strings). */
export interface ApiRecord {
  id: string;
  workflowKey: string;
  workflowVersion: number;
  pipeline: string | null;
  stage: string;
  phase: string;
  forecastCategory: string;
  probability: number;
  outcome: string | null;
  owner: string | null;
  fields: Record<string, unknown>;
  counters: Record<string, number>;
  createdAt: string;
  stageEnteredAt: string;
  version: number;
}

const RECORD_FIELDS = `id workflowKey workflowVersion pipeline stage phase forecastCategory probability outcome owner fields counters createdAt stageEnteredAt version`;

/** Records of one workflow (the first page), for the simulator's sample picker. */
export async function listRecords({ apiKey, workflowKey }: { apiKey: string; workflowKey: string }): Promise<ApiRecord[]> {
  const data = await graphqlRequest<{ records: { edges: { node: ApiRecord }[] } }>({
    apiKey,
    query: `query Records($filter: RecordFilter, $first: Int) { records(filter: $filter, first: $first) { edges { node { ${RECORD_FIELDS} } } } }`,
    variables: { filter: { workflowKey }, first: PAGE_SIZE },
  });
  return data.records.edges.map((edge) => edge.node);
}

export { GraphqlRequestError };
