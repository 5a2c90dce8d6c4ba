import { graphql, type ResultOf } from '../graphql';

export const POOL_RECORD = graphql(`
  fragment PoolRecord on Record {
    id
    version
    stage
    workflowKey
    workflowVersion
    fields
    pool { reason since releasedAt previousOwnerId previousOwner { id name } }
  }
`);

export type PoolRecord = ResultOf<typeof POOL_RECORD>;

export const POOL_PAGE = graphql(
  `
  query PoolPage($workflowKey: String!, $stage: String, $first: Int!, $after: String) {
    pool(workflowKey: $workflowKey, stage: $stage, first: $first, after: $after) {
      edges { node { ...PoolRecord } }
      pageInfo { hasNextPage endCursor }
    }
  }
`,
  [POOL_RECORD],
);

export const CLAIM_RECORD = graphql(`
  mutation ClaimRecord($input: ClaimRecordInput!) {
    claimRecord(input: $input) {
      __typename
      ... on Record { id stage owner { id name } }
      ... on LimitReached { limit max current }
      ... on GuardRejected { blockers { type detail } }
      ... on LeaseBusy { waitedMs }
      ... on Error { code message }
    }
  }
`);

export type ClaimResult = ResultOf<typeof CLAIM_RECORD>['claimRecord'];
