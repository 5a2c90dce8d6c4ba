import type { SalesVelocity } from '@funnel/engine';
import { scoredActivity, type Activity, type ScoredActivity } from '@funnel/engine';
import type { Diagnostic, WorkflowDefinition } from '@funnel/schemas';
import {
  DASHBOARD_QUERY,
  DASHBOARD_RECORDS_QUERY,
  FROM_TEMPLATE_MUTATION,
  ME_QUERY,
  MIGRATE_MUTATION,
  PAGE_SIZE,
  PLAN_MIGRATION_QUERY,
  PUBLISH_MUTATION,
  RECORD_ACTIVITIES_QUERY,
  RECORDS_QUERY,
  SAVE_DRAFT_MUTATION,
  VALIDATE_QUERY,
  WORKFLOWS_QUERY,
  WORKFLOW_QUERY,
} from './graphql-documents';
import type { RoutingPerson } from '../model/simulated-routing';
import { allPeople } from '../work/people/all-people';
import type { Me } from '../session/useSession';
import { graphqlRequest } from './graphql-request';

// Typed calls to the api; the documents they send are in graphql-documents.ts (checked against api/schema.graphql).

/** A refusal the api typed (validation, not found, forbidden): its message, code and diagnostics. */
class ApiRefusal extends Error {
  override readonly name = 'ApiRefusal';
  constructor(
    message: string,
    readonly code: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
  }
}

/**
 * Whether an error is a refusal the api typed, so it can be said from its code (and diagnostics) in the user's language.
 * @example isApiRefusal(caught) && caught.code === 'NOT_FOUND'
 */
export function isApiRefusal(error: unknown): error is ApiRefusal {
  return error instanceof ApiRefusal;
}

type Typed = { __typename: string; code?: string; message?: string; diagnostics?: Diagnostic[] };

/** Unwraps a union result: the success type, or an ApiRefusal carrying the error's words. */
function unwrap<T extends Typed>(result: T, success: string): T {
  if (result.__typename === success) return result;
  const details = result.diagnostics?.length ? `: ${result.diagnostics.map((d) => `${d.pointer} ${d.message}`).join('; ')}` : '';
  throw new ApiRefusal(`${result.message ?? result.__typename}${details}`, result.code ?? result.__typename, result.diagnostics ?? []);
}

/**
 * Who is signed in: by the session cookie, or by the API key this tab signed in with (`apiKey` checks another one
 * before it is kept). Throws a GraphqlRequestError (code UNAUTHENTICATED) when nobody is.
 * @example await fetchMe() // → { user: { id, name, email }, roles: ['admin'], tenant: { name, slug }, signedInWith: 'session' }
 */
export async function fetchMe({ apiKey }: { apiKey?: string } = {}): Promise<Me> {
  const data = await graphqlRequest<{ me: Me }>({ query: ME_QUERY, ...(apiKey ? { apiKey } : {}) });
  return data.me;
}

export interface WorkflowSummary {
  key: string;
  /** The English name. */
  name: string;
  /** The name in each locale (the api fills a missing one with English). */
  localizedName: { en: string; zhHans: string; zhHant: string };
  latestVersion: number;
  draftUpdatedAt: string | null;
  versions: { version: number; publishedAt: string }[];
}

/** The tenant's workflows. */
export async function listWorkflows(): Promise<WorkflowSummary[]> {
  const data = await graphqlRequest<{ workflows: { edges: { node: WorkflowSummary }[] } }>({
    query: WORKFLOWS_QUERY,
    variables: { first: PAGE_SIZE },
  });
  return data.workflows.edges.map((edge) => edge.node);
}

export interface WorkflowVersion {
  version: number;
  definition: WorkflowDefinition;
  publishedAt: string;
  publishedById: string;
  /** Who published it; null when that id names no user (an integration's key). */
  publishedBy: { name: string } | null;
  /** What the publisher said about the version. */
  note: string | null;
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

/** One workflow with its draft and every published version. */
export async function fetchWorkflow({ key }: { key: string }): Promise<WorkflowDetail> {
  const data = await graphqlRequest<{ workflow: WorkflowDetail & Typed }>({
    query: WORKFLOW_QUERY,
    variables: { key },
  });
  return unwrap(data.workflow, 'Workflow');
}

/** Checks a definition without saving it: every diagnostic, errors and warnings. */
export async function validateWorkflow({ definition }: { definition: WorkflowDefinition }): Promise<Diagnostic[]> {
  const data = await graphqlRequest<{ validateWorkflow: { diagnostics: Diagnostic[] } }>({
    query: VALIDATE_QUERY,
    variables: { definition },
  });
  return data.validateWorkflow.diagnostics;
}

/** Saves the draft (even with errors); returns the workflow as saved. */
export async function saveWorkflowDraft({ key, definition }: { key: string; definition: WorkflowDefinition }): Promise<WorkflowDetail> {
  const data = await graphqlRequest<{ saveWorkflowDraft: WorkflowDetail & Typed }>({
    query: SAVE_DRAFT_MUTATION,
    variables: { input: { key, definition } },
  });
  return unwrap(data.saveWorkflowDraft, 'Workflow');
}

/** Publishes the saved draft as a new version with the publisher's note; refused with every error while it does not compile. */
export async function publishWorkflow({ key, note }: { key: string; note?: string }): Promise<number> {
  const data = await graphqlRequest<{ publishWorkflow: { version: number } & Typed }>({
    query: PUBLISH_MUTATION,
    variables: { input: { key, ...(note?.trim() ? { note: note.trim() } : {}) } },
  });
  return unwrap(data.publishWorkflow, 'WorkflowVersion').version;
}

/** Creates a workflow from a shipped template, as an unpublished draft; returns its key. */
export async function createWorkflowFromTemplate({ template, key }: { template: string; key: string }): Promise<string> {
  const data = await graphqlRequest<{ createWorkflowFromTemplate: { key: string } & Typed }>({
    query: FROM_TEMPLATE_MUTATION,
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
  ownerId: string | null;
  fields: Record<string, unknown>;
  counters: Record<string, number>;
  createdAt: string;
  stageEnteredAt: string;
  version: number;
}

/** Records of one workflow (the first page), for the simulator's sample picker. */
export async function listRecords({ workflowKey }: { workflowKey: string }): Promise<ApiRecord[]> {
  const data = await graphqlRequest<{ records: { edges: { node: ApiRecord }[] } }>({
    query: RECORDS_QUERY,
    variables: { filter: { workflowKey }, first: PAGE_SIZE },
  });
  return data.records.edges.map((edge) => edge.node);
}

/**
 * The activities among a record's latest events (a page), oldest first, as engagement scoring keeps them; none when the
 * record is not there any more.
 */
export async function listRecordActivities({ id }: { id: string }): Promise<ScoredActivity[]> {
  const data = await graphqlRequest<{
    record: { __typename: string; history?: { edges: { node: { type: string; at: string; detail: { activity?: Activity } } }[] } };
  }>({
    query: RECORD_ACTIVITIES_QUERY,
    variables: { id, last: PAGE_SIZE },
  });
  return (data.record.history?.edges ?? []).flatMap(({ node }) =>
    node.type === 'activity_logged' && node.detail.activity ? [scoredActivity(node.detail.activity, Date.parse(node.at))] : [],
  );
}

/** The tenant's people, for the simulator to say whom an assignment rule would try. */
export async function listRoutingPeople(): Promise<RoutingPerson[]> {
  return (await allPeople()).map(({ id, name, roles, managerId, active, availability }) => ({
    id,
    name,
    roles,
    managerId: managerId ?? null,
    active,
    availability: availability ?? null,
  }));
}

/** Which records a dashboard's bar or stage stands for: a stage's, an owner's, or nobody's (the pool's). */
export type DashboardSlice = { kind: 'stage'; stage: string } | { kind: 'owner'; ownerId: string } | { kind: 'pool' };

/** A record as the dashboard lists it: where it is, whose it is, and its fields (name, amount). */
export interface DashboardRecord {
  id: string;
  stage: string;
  ownerId: string | null;
  owner: { name: string } | null;
  fields: Record<string, unknown>;
}

/** The records of a workflow behind one slice of the dashboard (the first page). */
export async function listDashboardRecords({ workflowKey, slice }: { workflowKey: string; slice: DashboardSlice }): Promise<DashboardRecord[]> {
  const filter =
    slice.kind === 'stage'
      ? { workflowKey, stage: slice.stage }
      : slice.kind === 'owner'
        ? { workflowKey, owner: slice.ownerId }
        : { workflowKey, inPool: true };
  const data = await graphqlRequest<{ records: { edges: { node: DashboardRecord }[] } }>({
    query: DASHBOARD_RECORDS_QUERY,
    variables: { filter, first: PAGE_SIZE },
  });
  return data.records.edges.map((edge) => edge.node);
}

/** A half-open period [from, to) as ISO strings. */
export interface Period {
  from: string;
  to: string;
}

interface Totals {
  count: number;
  amount: number;
  weightedAmount: number;
}

interface DurationSummary {
  count: number;
  median: number | null;
  p90: number | null;
}

/** How one period's records went through the funnel: volume and conversion, time in stage, win rate, cycle, first touch. */
interface FunnelFigures {
  stages: { stage: string; entered: number; conversionToNext: number | null; cumulativeConversion: number | null; timeInStage: DurationSummary }[];
  winRate: { won: number; lost: number; rate: number | null };
  cycleLength: DurationSummary;
  timeToFirstTouch: DurationSummary;
  /** Open opportunities × win rate × average won amount ÷ cycle length in days; null when the api could not answer it now. */
  velocity: SalesVelocity | null;
}

export interface DashboardData {
  pipeline: Totals & { byStage: (Totals & { stage: string })[]; byOwner: (Totals & { ownerId: string | null; owner: { name: string } | null })[] };
  funnel: FunnelFigures;
  /** The funnel of the period before, of the same length (asked with `compare`); null when not asked or not answered. */
  previous: (FunnelFigures & { period: Period }) | null;
  calibration: { stage: string; configured: number; observed: number | null; closed: number; won: number }[];
}

/**
 * What the dashboard narrows its reports to (docs/metrics.md "Filters"): a pipeline, one person or a manager's team,
 * a lead source. Calibration takes no lead source, so it is left out of calibration's filter.
 */
export interface DashboardFilter {
  pipeline?: string;
  owner?: string;
  team?: string;
  source?: string;
}

/** The report filter of a dashboard filter, or null when it narrows nothing. */
function metricsFilter(filter: DashboardFilter, withSource: boolean): Record<string, unknown> | null {
  const narrowed = {
    ...(filter.pipeline ? { pipeline: filter.pipeline } : {}),
    ...(filter.owner ? { owners: [filter.owner] } : {}),
    ...(filter.team ? { team: filter.team } : {}),
    ...(withSource && filter.source ? { source: filter.source } : {}),
  };
  return Object.keys(narrowed).length > 0 ? narrowed : null;
}

/** Everything the dashboard draws for one workflow, period and filter, in one request; `compare` adds the period before. */
export async function fetchDashboard({
  workflowKey,
  period,
  filter = {},
  compare = false,
}: {
  workflowKey: string;
  period: Period;
  filter?: DashboardFilter;
  compare?: boolean;
}): Promise<DashboardData> {
  const data = await graphqlRequest<{
    pipeline: { total: Totals; byStage: DashboardData['pipeline']['byStage']; byOwner: DashboardData['pipeline']['byOwner'] } & Typed;
    funnel: FunnelFigures & { previous?: (FunnelFigures & { period: Period }) | null } & Typed;
    calibration: { rows: DashboardData['calibration'] } & Typed;
  }>({
    query: DASHBOARD_QUERY,
    variables: { key: workflowKey, period, filter: metricsFilter(filter, true), calibrationFilter: metricsFilter(filter, false), compare },
  });
  const pipeline = unwrap(data.pipeline, 'PipelineReport');
  const { previous, ...funnel } = unwrap(data.funnel, 'FunnelReport');
  return {
    pipeline: { ...pipeline.total, byStage: pipeline.byStage, byOwner: pipeline.byOwner },
    funnel,
    previous: previous ?? null,
    calibration: unwrap(data.calibration, 'CalibrationReport').rows,
  };
}

/** A person a dashboard can be narrowed to, and whom they report to. */
export interface DashboardPerson {
  id: string;
  name: string;
  managerId: string | null;
}

/** The tenant's active people, for the dashboard's person and team choices. */
export async function fetchDashboardPeople(): Promise<DashboardPerson[]> {
  return (await allPeople()).filter((person) => person.active).map(({ id, name, managerId }) => ({ id, name, managerId: managerId ?? null }));
}

interface StageMigration {
  from: string;
  to: string | null;
  by: string;
  count: number;
}

export interface MigrationPlan {
  stages: StageMigration[];
  unmapped: string[];
  diagnostics: Diagnostic[];
  ok: boolean;
}

export interface StageMapEntry {
  from: string;
  to: string;
  /** The new stage is the old one under a new key: records keep their time in stage and timers' progress. */
  rename?: boolean;
}

type MigrationInput = { workflowKey: string; fromVersion: number; toVersion: number; stageMap: StageMapEntry[] };

/** The dry run of a migration: how many records move from each old stage to which new one. */
export async function planMigration(input: MigrationInput): Promise<MigrationPlan> {
  const data = await graphqlRequest<{ planMigration: MigrationPlan & Typed }>({
    query: PLAN_MIGRATION_QUERY,
    variables: { input },
  });
  return unwrap(data.planMigration, 'MigrationPlan');
}

export interface MigrationJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  created: number;
  skipped: number;
  errors: { row: number; pointer: string; message: string }[];
}

/** Migrates up to `limit` records (resuming `jobId`); call again until the job is done, for a progress bar. */
export async function migrateRecords({ jobId, limit, ...input }: MigrationInput & { jobId: string | null; limit: number }): Promise<MigrationJob> {
  const data = await graphqlRequest<{ migrateRecords: MigrationJob & Typed }>({
    query: MIGRATE_MUTATION,
    variables: { input: { ...input, limit, ...(jobId ? { jobId } : {}) } },
  });
  return unwrap(data.migrateRecords, 'Job');
}
