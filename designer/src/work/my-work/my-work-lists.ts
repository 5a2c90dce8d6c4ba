import { graphql, type ResultOf, readFragment, request } from '../graphql';

/** What each item of My work shows of its record. */
const MY_WORK_RECORD = graphql(`
  fragment MyWorkRecord on Record {
    id
    stage
    workflowKey
    workflowVersion
    fields
    nextFollowUpAt
    followUpNote
    timers { key stage dueAt warnAt warned extensionRequestedAt extensionRequestedById }
    pool { reason since releasedAt }
    pendingApproval { transition requestedAt requestedById note }
  }
`);

export type MyWorkRecord = ResultOf<typeof MY_WORK_RECORD>;

const DUE_SOON = graphql(
  `
  query MyWorkDueSoon($first: Int!, $after: String, $days: Int) {
    myWork(dueWithinDays: $days) { list: dueSoon(first: $first, after: $after) { edges { node { ...MyWorkRecord } } pageInfo { hasNextPage endCursor } } }
  }
`,
  [MY_WORK_RECORD],
);

const FOLLOW_UPS_DUE = graphql(
  `
  query MyWorkFollowUpsDue($first: Int!, $after: String) {
    myWork { list: followUpsDue(first: $first, after: $after) { edges { node { ...MyWorkRecord } } pageInfo { hasNextPage endCursor } } }
  }
`,
  [MY_WORK_RECORD],
);

const RECYCLED_FROM_ME = graphql(
  `
  query MyWorkRecycledFromMe($first: Int!, $after: String, $days: Int) {
    myWork(recentDays: $days) { list: recycledFromMe(first: $first, after: $after) { edges { node { ...MyWorkRecord } } pageInfo { hasNextPage endCursor } } }
  }
`,
  [MY_WORK_RECORD],
);

const MY_REQUESTS = graphql(
  `
  query MyWorkMyRequests($first: Int!, $after: String) {
    myWork { list: myRequests(first: $first, after: $after) { edges { node { ...MyWorkRecord } } pageInfo { hasNextPage endCursor } } }
  }
`,
  [MY_WORK_RECORD],
);

/** The four lists of My work, in the order the page shows them. */
export const MY_WORK_LISTS = ['dueSoon', 'followUpsDue', 'recycledFromMe', 'myRequests'] as const;
export type MyWorkList = (typeof MY_WORK_LISTS)[number];

/** One page of a list: its records (as fragments) and where the next page starts (null: none). */
export interface MyWorkPage {
  records: readonly MyWorkRecord[];
  next: string | null;
}

/** How many items a list shows at first and adds with "show more". */
const MY_WORK_PAGE_SIZE = 10;

/**
 * One page of one of My work's lists, after `after` (null: the first page).
 * @example const { records, next } = await myWorkPage({ list: 'dueSoon', after: null });
 */
export async function myWorkPage({ list, after }: { list: MyWorkList; after: string | null }): Promise<MyWorkPage> {
  const variables = { first: MY_WORK_PAGE_SIZE, after };
  const { myWork } = await pageQuery(list, variables);
  const { edges, pageInfo } = myWork.list;
  return {
    records: edges.map((edge) => readFragment(MY_WORK_RECORD, edge.node)),
    next: pageInfo.hasNextPage ? (pageInfo.endCursor ?? null) : null,
  };
}

function pageQuery(list: MyWorkList, variables: { first: number; after: string | null }) {
  switch (list) {
    case 'dueSoon':
      return request(DUE_SOON, variables);
    case 'followUpsDue':
      return request(FOLLOW_UPS_DUE, variables);
    case 'recycledFromMe':
      return request(RECYCLED_FROM_ME, variables);
    case 'myRequests':
      return request(MY_REQUESTS, variables);
    default:
      return list satisfies never;
  }
}
