import { graphql, type ResultOf, request } from '../graphql';

const RECORD_HISTORY = graphql(`
  query RecordTimeline($id: ID!, $last: Int!, $before: String) {
    record(id: $id) {
      __typename
      ... on Record {
        history(last: $last, before: $before) {
          edges {
            node {
              id
              type
              at
              from
              to
              transition
              reason
              timer
              detail
              actor { __typename ... on User { name } ... on SystemActor { kind } }
            }
          }
          pageInfo { hasPreviousPage startCursor }
        }
      }
      ... on Error { code message }
    }
  }
`);

type History = Extract<ResultOf<typeof RECORD_HISTORY>['record'], { __typename: 'Record' }>['history'];

/** One event of a record's history, with who acted (a person's name or the kind of automatic step). */
export type TimelineEvent = History['edges'][number]['node'];

/** A page of the timeline, newest first, and where the next (older) page starts. */
export interface TimelinePage {
  events: TimelineEvent[];
  /** The cursor to ask the next older page before; null when this page reaches the record's first event. */
  olderBefore: string | null;
}

/** Events a page of the timeline shows. */
const TIMELINE_PAGE_SIZE = 20;

/**
 * A page of a record's events, newest first: the latest ones, or those before `before` (an older page's cursor).
 * @example const { events, olderBefore } = await loadTimelinePage({ id }); events[0].type // → 'released'
 */
export async function loadTimelinePage({ id, before = null }: { id: string; before?: string | null }): Promise<TimelinePage> {
  const { record } = await request(RECORD_HISTORY, { id, last: TIMELINE_PAGE_SIZE, before });
  if (record.__typename !== 'Record') throw new Error(record.code);
  const { edges, pageInfo } = record.history;
  return { events: edges.map((edge) => edge.node).reverse(), olderBefore: pageInfo.hasPreviousPage ? (pageInfo.startCursor ?? null) : null };
}
