import { resolveCursorConnection, type DefaultConnectionArguments } from '@pothos/plugin-relay';
import type { PageRequest } from '../services/record-reads';
import { cursorId, pageCursor } from './page-cursor';

/** Page size when `first`/`last` is absent… */
export const DEFAULT_PAGE_SIZE = 20;
/** …and the cap on both (larger requests get this many). */
export const MAX_PAGE_SIZE = 100;

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor?: string | null;
  endCursor?: string | null;
}

/** A Relay connection page of nodes. */
export interface Page<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: PageInfo;
}

/**
 * A Relay connection over documents ordered by `_id` (ids increase with time), oldest or newest first. `fetch` receives the
 * `_id` range and sort to apply; `map` turns a document into the node. Cursors are opaque and name `list`
 * (see `pageCursor`): one that is not a cursor of this list is refused at `/after` or `/before`.
 * @example idCursorPage({ list: 'users', args, fetch: ({ idRange, sort, limit }) => User.find({ tenantId, ...idRange }).sort(sort).limit(limit).lean(), map: (u) => u })
 */
export async function idCursorPage<D, N>(input: {
  list: string;
  args: DefaultConnectionArguments;
  fetch: (page: PageRequest) => PromiseLike<unknown[]>;
  map: (doc: D) => N;
  /** The id a document is ordered by (default its `_id`). */
  idOf?: (doc: D) => string;
  /** Newest (highest id) first; oldest first by default. */
  newestFirst?: boolean;
}): Promise<Page<N>> {
  const idOf = input.idOf ?? ((doc: D) => (doc as { _id: string })._id);
  const { list, args } = input;
  const after = args.after ? cursorId({ list, cursor: args.after, pointer: '/after' }) : undefined;
  const before = args.before ? cursorId({ list, cursor: args.before, pointer: '/before' }) : undefined;
  const connection = await resolveCursorConnection(
    { args, toCursor: (doc) => pageCursor({ list, id: idOf(doc as D) }), defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE },
    ({ limit, inverted }) => {
      // Newest first turns the list around: what comes after a cursor has smaller ids.
      const [past, short] = input.newestFirst ? (['$lt', '$gt'] as const) : (['$gt', '$lt'] as const);
      const range = { ...(after ? { [past]: after } : {}), ...(before ? { [short]: before } : {}) };
      const ascending = inverted === Boolean(input.newestFirst);
      return Promise.resolve(input.fetch({ idRange: after || before ? { _id: range } : {}, sort: { _id: ascending ? 1 : -1 }, limit }));
    },
  );
  const page = connection as unknown as Page<D>;
  return { pageInfo: page.pageInfo, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: input.map(edge.node) })) };
}
