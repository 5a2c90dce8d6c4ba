import { graphql, type ResultOf } from '../graphql';

export const TEAM_PIPELINE = graphql(`
  query TeamPipeline($workflowKey: String!) {
    pipeline(workflowKey: $workflowKey) {
      __typename
      ... on PipelineReport {
        total { count amount weightedAmount }
        byOwner { ownerId owner { name } count amount weightedAmount }
        byForecastCategory { forecastCategory count amount weightedAmount }
      }
      ... on Error { code message }
    }
  }
`);

export type PipelineReport = Extract<ResultOf<typeof TEAM_PIPELINE>['pipeline'], { __typename: 'PipelineReport' }>;

export const TEAM_FUNNEL = graphql(`
  query TeamFunnel($workflowKey: String!, $period: PeriodInput!) {
    funnel(workflowKey: $workflowKey, period: $period) {
      __typename
      ... on FunnelReport {
        period { from to }
        stages { stage entered }
        winRate { won lost rate }
        previous { period { from to } stages { stage entered } winRate { won lost rate } }
      }
      ... on Error { code message }
    }
  }
`);

export type FunnelComparison = Extract<ResultOf<typeof TEAM_FUNNEL>['funnel'], { __typename: 'FunnelReport' }>;

export const SLICE_RECORDS = graphql(`
  query SliceRecords($filter: RecordFilter!, $after: String) {
    records(filter: $filter, first: 50, after: $after) {
      edges { node { id stage ownerId owner { name } outcome forecastCategory fields workflowKey workflowVersion } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export type SliceRecord = ResultOf<typeof SLICE_RECORDS>['records']['edges'][number]['node'];
