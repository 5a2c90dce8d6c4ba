import { graphql, type ResultOf } from '../graphql';

/** What an item of the approvals list shows of its record. */
export const APPROVAL_RECORD = graphql(`
  fragment ApprovalRecord on Record {
    id
    version
    stage
    workflowKey
    workflowVersion
    fields
    ownerId
    owner { id name }
    timers { key stage dueAt extensions }
  }
`);

export type ApprovalRecord = ResultOf<typeof APPROVAL_RECORD>;

export const EXTENSION_REQUESTS = graphql(
  `
  query ExtensionRequests($first: Int!, $after: String) {
    extensionRequests(first: $first, after: $after) {
      edges { node { timer dueAt extensions requestedAt requestedBy { id name } record { ...ApprovalRecord } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`,
  [APPROVAL_RECORD],
);

export const APPROVAL_REQUESTS = graphql(
  `
  query ApprovalRequests($first: Int!, $after: String) {
    approvalRequests(first: $first, after: $after) {
      edges { node { record { ...ApprovalRecord } requests { transition timer note requestedAt requestedBy { id name } } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`,
  [APPROVAL_RECORD],
);

/** The owner's records of one workflow with their timers, to count those already extended. */
export const OWNER_TIMERS = graphql(`
  query OwnerTimers($owner: ID!, $workflowKey: String!) {
    records(filter: { owner: $owner, workflowKey: $workflowKey }, first: 100) {
      edges { node { id closedAt timers { extensions } } }
    }
  }
`);

export const DECIDE_APPROVAL = graphql(`
  mutation DecideApproval($input: DecideApprovalInput!) {
    decideApproval(input: $input) {
      __typename
      ... on Record { id version stage timers { key dueAt } }
      ... on Error { code message }
      ... on ValidationFailed { diagnostics { code pointer message severity } }
      ... on GuardRejected { blockers { type field message detail } }
      ... on LimitReached { limit max current }
    }
  }
`);

/** A workflow's record events, of which Approvals needs only the type (asked, decided, or gone another way). */
export const APPROVAL_EVENTS = graphql(`
  subscription ApprovalEvents($workflowKey: String!) {
    recordEvents(workflowKey: $workflowKey) { id type }
  }
`);
