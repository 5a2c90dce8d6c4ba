import type { FunnelRecord } from '@funnel/engine';
import type { Context } from '../context';
import { NotFoundError } from '../errors';
import { recordsPage } from '../services/record-reads';
import { recordFilter } from '../services/record-filter';
import { builder } from './builder';
import { PhaseEnum } from './enums';
import { idCursorPage } from './id-cursor-page';
import { RecordRef } from './record';

const RecordFilter = builder.inputType('RecordFilter', {
  description: 'Typed filters only: no value here ever becomes a database operator.',
  fields: (t) => ({
    workflowKey: t.string(),
    stage: t.string(),
    phase: t.field({ type: PhaseEnum }),
    owner: t.id(),
    inPool: t.boolean({ description: 'true: only records in a pool stage; false: only records outside any pool.' }),
    dueBefore: t.field({ type: 'DateTime', description: 'Records with something due (timer, warning, nurture touch) before this time.' }),
    search: t.string({
      description:
        'Words of the name, company, email or phone: each the start of a word of them (ann finds Annabel), and Chinese, Japanese or Korean text anywhere in them (字节 finds 北京字节跳动).',
    }),
    minScore: t.int({ description: 'Records whose stored score (Record.score, at most a day old) is at least this.' }),
    followUpOverdue: t.boolean({
      description: 'true: only records whose next follow-up has come due (on the tenant’s clock); false: only records without one that has.',
    }),
  }),
});

/** A connection of records matching a Mongo filter built from typed values (by this module, or services/board.ts). */
export function recordPage(input: { ctx: Context; args: Parameters<typeof idCursorPage>[0]['args']; query: Record<string, unknown> }) {
  return idCursorPage<FunnelRecord, FunnelRecord>({
    list: 'records',
    args: input.args,
    fetch: (page) => recordsPage(input.ctx.services, input.query, page),
    map: (record) => record,
    idOf: (record) => record.id,
  });
}

builder.queryField('record', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordRef,
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [NotFoundError] },
    resolve: async (_root, { id }, ctx) => {
      const { viewer } = ctx;
      const record = await ctx.services.records.find(viewer.tenantId, String(id));
      if (!record) throw new NotFoundError({ what: 'record', id: String(id), pointer: '/id' });
      return record;
    },
  }),
);

builder.queryField('records', (t) =>
  t.withAuth({ signedIn: true }).connection({
    type: RecordRef,
    description: 'Records of the tenant, filtered, oldest first, Relay-paged (at most 100 per page).',
    args: { filter: t.arg({ type: RecordFilter }) },
    resolve: async (_root, args, ctx) => {
      const { viewer } = ctx;
      const now = args.filter?.followUpOverdue != null ? await ctx.services.clock.now(viewer.tenantId) : 0;
      return recordPage({ ctx, args, query: recordFilter(viewer.tenantId, args.filter, now) });
    },
  }),
);

builder.queryField('pool', (t) =>
  t.withAuth({ signedIn: true }).connection({
    type: RecordRef,
    description: 'Records in the pool stages of a workflow (optionally one stage), waiting to be claimed.',
    args: { workflowKey: t.arg.string({ required: true }), stage: t.arg.string() },
    resolve: (_root, args, ctx) => {
      const { viewer } = ctx;
      const query = recordFilter(viewer.tenantId, { workflowKey: args.workflowKey, stage: args.stage, inPool: true }, 0);
      return recordPage({ ctx, args, query });
    },
  }),
);
