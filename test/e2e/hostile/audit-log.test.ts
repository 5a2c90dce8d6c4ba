import { afterAll, beforeAll, describe, it } from 'vitest';
import { startHarness } from '../harness';
import { gqlRequest, hostileContext, runHostileCase, type HostileCase, type HostileContext } from './hostile-harness';

const AUDIT_LOG = `query($first: Int, $after: String, $filter: AuditLogFilter) { auditLog(first: $first, after: $after, filter: $filter) {
  edges { node { id action } } pageInfo { hasNextPage } } }`;

/** A cursor of the users list, filled in before the cases run. */
const cursors = { users: '' };

const read = (variables: Record<string, unknown>) => (ctx: HostileContext) => gqlRequest(ctx.h, ctx.t.admin, AUDIT_LOG, variables);

const cases: HostileCase[] = [
  {
    name: 'auditLog filtered by an actor id that is a query operator in text matches nothing',
    send: read({ first: 5, filter: { actorId: '{"$ne":null}' } }),
    expect: { inert: true },
  },
  {
    name: 'auditLog asking for a million entries gets a page, not the log',
    send: read({ first: 1_000_000 }),
    expect: { inert: true },
  },
  {
    name: 'auditLog with a time range that ends before it starts is refused at /filter/until',
    send: read({ first: 5, filter: { since: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' } }),
    expect: { refused: 'range', pointer: '/filter/until' },
  },
  {
    name: "auditLog after another list's cursor is refused at /after",
    send: (ctx) => read({ first: 5, after: cursors.users })(ctx),
    expect: { refused: 'cursor', pointer: '/after' },
  },
  {
    name: 'auditLog filtered by a target id of 10,000 characters is refused by its length',
    send: read({ first: 5, filter: { targetId: 'x'.repeat(10_000) } }),
    expect: { refused: 'too_long', pointer: '/filter/targetId' },
  },
];

describe('hostile audit log inputs', () => {
  let ctx: HostileContext;

  beforeAll(async () => {
    const h = await startHarness();
    ctx = await hostileContext({ h, t: await h.tenant('Victim'), other: await h.tenant('Other') });
    const users = await h.gql(ctx.t.admin, '{ users(first: 1) { pageInfo { endCursor } } }');
    cursors.users = users.data?.users.pageInfo.endCursor as string;
  });
  afterAll(() => ctx.h.close());

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => runHostileCase(ctx, c));
});
