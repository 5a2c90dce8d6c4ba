import { graphql, type ResultOf } from '../graphql';

export const ASSIGNMENT_LOADS = graphql(`
  query AssignmentLoads($workflowKey: String!, $userIds: [ID!]!) {
    assignmentLoads(workflowKey: $workflowKey, userIds: $userIds) {
      __typename
      ... on AssignmentLoadsSuccess { data { userId open max } }
      ... on Error { message }
    }
  }
`);

export const DISTRIBUTE_RECORDS = graphql(`
  mutation DistributeRecords($input: DistributeRecordsInput!) {
    distributeRecords(input: $input) {
      __typename
      ... on DistributeRecordsPayload { placements { recordId ownerId owner { name } rule reason } }
      ... on Error { code message }
    }
  }
`);

export type Placement = Extract<ResultOf<typeof DISTRIBUTE_RECORDS>['distributeRecords'], { __typename: 'DistributeRecordsPayload' }>['placements'][number];

const JOB_FIELDS = graphql(`
  fragment HandOverJob on Job { id status total processed created skipped errorsLeftOut }
`);

export const HAND_OVER = graphql(
  `
  mutation HandOverRecords($input: HandOverRecordsInput!) {
    handOverRecords(input: $input) {
      __typename
      ...HandOverJob
      ... on Error { code message }
    }
  }
`,
  [JOB_FIELDS],
);

export const HAND_OVER_JOB = graphql(
  `
  query HandOverJobProgress($id: ID!) {
    job(id: $id) { __typename ...HandOverJob ... on Error { code message } }
  }
`,
  [JOB_FIELDS],
);

export { JOB_FIELDS };
export type HandOverJob = ResultOf<typeof JOB_FIELDS>;
