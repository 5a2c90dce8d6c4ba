import type { FunnelRecord } from '@funnel/engine';
import { guidanceFor } from '../services/record-reads';
import { builder } from './builder';
import { RecordRef } from './record';
import { LocalizedTextRef } from './template';

type RecordGuidance = NonNullable<Awaited<ReturnType<typeof guidanceFor>>>;

const KeyFieldRef = builder.objectRef<RecordGuidance['keyFields'][number]>('KeyField').implement({
  description: 'A key field of the stage, and whether the record has it filled in.',
  fields: (t) => ({ field: t.exposeString('field'), filled: t.exposeBoolean('filled') }),
});

const RecordGuidanceRef = builder.objectRef<RecordGuidance>('RecordGuidance').implement({
  description: "The guidance of the record's stage, with which of its key fields the record has filled in.",
  fields: (t) => ({
    stage: t.exposeString('stage'),
    text: t.field({ type: LocalizedTextRef, resolve: (g) => g.text }),
    keyFields: t.field({ type: [KeyFieldRef], resolve: (g) => g.keyFields }),
  }),
});

builder.objectField(RecordRef, 'guidance', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordGuidanceRef,
    nullable: true,
    description: "The guidance of the record's stage (null when the stage gives none); each available transition carries its target's.",
    resolve: (record: FunnelRecord, _args, ctx) => guidanceFor(ctx.services, { tenantId: ctx.viewer.tenantId, record }),
  }),
);
