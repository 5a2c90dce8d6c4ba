import { graphql, type ResultOf } from '../graphql';

/**
 * The board with the first page of every column, or (with `after`) the page after that cursor: the api pages each
 * column on its own cursor, so a column's next page is read from this same query and only that column is kept.
 */
export const BOARD = graphql(`
  query Board($workflowKey: String!, $pipeline: String, $filter: BoardFilter, $first: Int, $after: String) {
    board(workflowKey: $workflowKey, pipeline: $pipeline, filter: $filter) {
      __typename
      ... on Board {
        columns {
          stage
          phase
          count
          amount
          weightedAmount
          cards(first: $first, after: $after) {
            edges { node { id version stage workflowKey workflowVersion fields probability score owner { id name } nextDueAt timers { key dueAt stage } } }
            pageInfo { endCursor hasNextPage }
          }
        }
      }
      ... on Error { code message }
    }
  }
`);

type BoardAnswer = Extract<ResultOf<typeof BOARD>['board'], { __typename: 'Board' }>;
/** One column as the api answers it. */
export type BoardColumnAnswer = BoardAnswer['columns'][number];
/** One card: a record as the board shows it. */
export type BoardCard = BoardColumnAnswer['cards']['edges'][number]['node'];

/** Live events of one workflow's records: a move made anywhere updates the open board. */
export const BOARD_EVENTS = graphql(`
  subscription BoardEvents($workflowKey: String!) {
    recordEvents(workflowKey: $workflowKey) { id recordId type to actorId }
  }
`);
