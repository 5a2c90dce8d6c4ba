// Every GraphQL document the designer sends. designer/test/graphql-documents.test.ts validates each against
// the api's printed schema (api/schema.graphql), so a change on either side fails a test, not a user.

/** Records and workflows fetched per page (the api's maximum). */
export const PAGE_SIZE = 100;

const REFUSAL = `__typename ... on Error { code message }`;
const DIAGNOSTIC = 'severity code pointer message';
/** For unions that include ValidationFailed. */
const REFUSAL_WITH_DIAGNOSTICS = `${REFUSAL} ... on ValidationFailed { diagnostics { ${DIAGNOSTIC} } }`;
const WORKFLOW_FIELDS = `key name draft draftUpdatedAt latestVersion draftDiagnostics { ${DIAGNOSTIC} } versions { version definition publishedAt publishedById publishedBy { name } note }`;
const RECORD_FIELDS =
  'id workflowKey workflowVersion pipeline stage phase forecastCategory probability outcome ownerId fields counters createdAt stageEnteredAt version';
const TOTALS = 'count amount weightedAmount';

export const ME_QUERY = `query Me { me { user { id name email locale timeZone } roles signedInWith tenant { name slug } } }`;

/** For the account operations' unions: every refusal a form says at its field or above it. */
const THROTTLED = `... on SignInThrottled { retryAfterMs }`;

export const SIGN_IN_MUTATION = `mutation SignIn($input: SignInInput!) { signIn(input: $input) { ${REFUSAL_WITH_DIAGNOSTICS} ${THROTTLED} } }`;

export const SIGN_OUT_MUTATION = `mutation SignOut { signOut { sessionsEnded } }`;

export const SIGN_OUT_EVERYWHERE_MUTATION = `mutation SignOutEverywhere { signOutEverywhere { sessionsEnded } }`;

export const REQUEST_PASSWORD_RESET_MUTATION = `mutation RequestPasswordReset($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { ${REFUSAL_WITH_DIAGNOSTICS} ${THROTTLED} } }`;

export const ACCEPT_INVITATION_MUTATION = `mutation AcceptInvitation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { ${REFUSAL_WITH_DIAGNOSTICS} ... on PasswordSetPayload { slug user { email } } } }`;

export const RESET_PASSWORD_MUTATION = `mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) { ${REFUSAL_WITH_DIAGNOSTICS} ... on PasswordSetPayload { slug user { email } } } }`;

export const WORKFLOWS_QUERY = `query Workflows($first: Int) { workflows(first: $first) { edges { node { key name localizedName { en zhHans zhHant } latestVersion draftUpdatedAt versions { version publishedAt } } } } }`;

export const WORKFLOW_QUERY = `query Workflow($key: String!) { workflow(key: $key) { ${REFUSAL} ... on Workflow { ${WORKFLOW_FIELDS} } } }`;

export const VALIDATE_QUERY = `query Validate($definition: JSON!) { validateWorkflow(definition: $definition) { ok diagnostics { ${DIAGNOSTIC} } } }`;

export const SAVE_DRAFT_MUTATION = `mutation Save($input: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $input) { ${REFUSAL_WITH_DIAGNOSTICS} ... on Workflow { ${WORKFLOW_FIELDS} } } }`;

export const PUBLISH_MUTATION = `mutation Publish($input: PublishWorkflowInput!) { publishWorkflow(input: $input) { ${REFUSAL_WITH_DIAGNOSTICS} ... on WorkflowVersion { version note } } }`;

export const FROM_TEMPLATE_MUTATION = `mutation FromTemplate($input: CreateWorkflowFromTemplateInput!) { createWorkflowFromTemplate(input: $input) { ${REFUSAL_WITH_DIAGNOSTICS} ... on Workflow { key } } }`;

export const RECORDS_QUERY = `query Records($filter: RecordFilter, $first: Int) { records(filter: $filter, first: $first) { edges { node { ${RECORD_FIELDS} } } } }`;

/** A record's latest events (activities among them), for the simulator to score a picked record's engagement. */
export const RECORD_ACTIVITIES_QUERY = `query RecordActivities($id: ID!, $last: Int) { record(id: $id) { __typename ... on Record { history(last: $last) { edges { node { type at detail } } } } } }`;

/** The tenant's people as routing sees them, for the simulator's routing (first page). */
/** The records behind a dashboard bar or stage, with their owners' names. */
export const DASHBOARD_RECORDS_QUERY = `query DashboardRecords($filter: RecordFilter, $first: Int) { records(filter: $filter, first: $first) { edges { node { id stage ownerId owner { name } fields } } } }`;

const FUNNEL_FIGURES = `stages { stage entered conversionToNext cumulativeConversion timeInStage { count median p90 } }
        winRate { won lost rate } cycleLength { count median p90 } timeToFirstTouch { count median p90 }
        velocity { openOpportunities openAmount winRate averageWonAmount cycleLength perDay }`;

/** The dashboard's reports, narrowed by `$filter` (calibration by `$calibrationFilter`: it takes no lead source); `$compare` adds the funnel of the period before. */
export const DASHBOARD_QUERY = `query Dashboard($key: String!, $period: PeriodInput!, $filter: MetricsFilterInput, $calibrationFilter: MetricsFilterInput, $compare: Boolean!) {
      pipeline(workflowKey: $key, filter: $filter) { ${REFUSAL_WITH_DIAGNOSTICS} ... on PipelineReport { total { ${TOTALS} } byStage { stage ${TOTALS} } byOwner { ownerId owner { name } ${TOTALS} } } }
      funnel(workflowKey: $key, period: $period, filter: $filter) { ${REFUSAL_WITH_DIAGNOSTICS} ... on FunnelReport {
        ${FUNNEL_FIGURES}
        previous @include(if: $compare) { period { from to } ${FUNNEL_FIGURES} } } }
      calibration(workflowKey: $key, period: $period, filter: $calibrationFilter) { ${REFUSAL_WITH_DIAGNOSTICS} ... on CalibrationReport { rows { stage configured observed closed won } } }
    }`;

/** The people a dashboard can be narrowed to: each person, and each manager's team. */
export const PLAN_MIGRATION_QUERY = `query Plan($input: PlanMigrationInput!) { planMigration(input: $input) { ${REFUSAL_WITH_DIAGNOSTICS} ... on MigrationPlan { ok unmapped stages { from to by count } diagnostics { ${DIAGNOSTIC} } } } }`;

export const MIGRATE_MUTATION = `mutation Migrate($input: MigrateRecordsInput!) { migrateRecords(input: $input) { ${REFUSAL_WITH_DIAGNOSTICS} ... on Job { id status total processed created skipped errors { row pointer message } } } }`;
