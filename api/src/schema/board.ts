import { NotFoundError } from '../errors';
import { boardColumns, type BoardColumn } from '../services/board';
import { builder } from './builder';
import { PhaseEnum } from './enums';
import { RecordRef } from './record';
import { recordPage } from './record-queries';

const BoardScopeEnum = builder.enumType('BoardScope', {
  description: "Whose records: the caller's, the caller's and everyone below them, or everyone's.",
  values: ['mine', 'team', 'everyone'] as const,
});

const BoardFilter = builder.inputType('BoardFilter', {
  description: 'Typed filters only: no value here ever becomes a database operator.',
  fields: (t) => ({
    scope: t.field({ type: BoardScopeEnum, defaultValue: 'everyone' }),
    owner: t.id({ description: 'One owner, within the scope (outside it: an empty board).' }),
    source: t.string({ description: 'The lead source (the `source` field), as stored.' }),
    search: t.string({ description: 'As `RecordFilter.search`: words of the name, company, email or phone.' }),
  }),
});

const BoardColumnRef = builder.objectRef<BoardColumn>('BoardColumn').implement({
  description: "A stage's column: its records' totals, and its cards a page at a time.",
  fields: (t) => ({
    stage: t.exposeString('stage'),
    phase: t.field({ type: PhaseEnum, resolve: (c) => c.phase }),
    count: t.exposeInt('count'),
    amount: t.exposeFloat('amount', { description: 'The sum of the records’ `amount` field (non-numbers count 0).' }),
    weightedAmount: t.exposeFloat('weightedAmount', { description: 'The sum of amount × probability / 100 over the records.' }),
    cards: t.connection({
      type: RecordRef,
      description: "The column's records, oldest first, Relay-paged (at most 100 per page): ask the first page with the board, later ones per column.",
      resolve: (column, args, ctx) => recordPage({ ctx, args, query: column.filter }),
    }),
  }),
});

const BoardRef = builder.objectRef<{ workflowKey: string; pipeline: string | null; columns: BoardColumn[] }>('Board').implement({
  fields: (t) => ({
    workflowKey: t.exposeString('workflowKey'),
    pipeline: t.string({ nullable: true, resolve: (b) => b.pipeline }),
    columns: t.field({
      type: [BoardColumnRef],
      description: "A column per stage of the workflow's latest version, in the definition's order.",
      resolve: (b) => b.columns,
    }),
  }),
});

builder.queryField('board', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: BoardRef,
    description: "A workflow's board: per stage the count, amount and weighted amount of the records the filter keeps, and their cards.",
    args: { workflowKey: t.arg.string({ required: true }), pipeline: t.arg.string(), filter: t.arg({ type: BoardFilter }) },
    errors: { types: [NotFoundError] },
    resolve: async (_root, args, ctx) => {
      const { viewer } = ctx;
      const workflow = await ctx.services.workflows.latest({ tenantId: viewer.tenantId, key: args.workflowKey });
      if (args.pipeline && workflow.pipelineEntry(args.pipeline) === undefined)
        throw new NotFoundError({ what: 'pipeline', id: args.pipeline, pointer: '/pipeline' });
      const request = {
        tenantId: viewer.tenantId,
        viewerId: viewer.actor.id,
        workflowKey: args.workflowKey,
        pipeline: args.pipeline ?? null,
        scope: args.filter?.scope ?? 'everyone',
        owner: args.filter?.owner == null ? null : String(args.filter.owner),
        source: args.filter?.source ?? null,
        search: args.filter?.search ?? null,
      };
      return { workflowKey: args.workflowKey, pipeline: args.pipeline ?? null, columns: await boardColumns(ctx.services, workflow, request) };
    },
  }),
);
