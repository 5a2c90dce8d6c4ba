import { builder } from './builder';
import { RecordRef } from './record';

const STORED =
  'As stored for sorting and filtering lists: refreshed on every change and activity and by the sweeper at least once a day, ' +
  'so it is never more than a day stale (a closed record keeps the one it closed with); guards and rules compute theirs at their own time. ' +
  'Null when the workflow does not score.';

builder.objectFields(RecordRef, (t) => ({
  score: t.int({
    nullable: true,
    description: `The lead score: fit and engagement points with decay, between 0 and the definition's maximum. ${STORED}`,
    resolve: (record, _args, ctx) => ctx.services.records.scoreOf(record)?.score ?? null,
  }),
  fitScore: t.float({
    nullable: true,
    description: `The fit part of the score (fields such as title, industry, size). ${STORED}`,
    resolve: (record, _args, ctx) => ctx.services.records.scoreOf(record)?.fitScore ?? null,
  }),
  engagementScore: t.float({
    nullable: true,
    description: `The engagement part of the score (activities, each decaying with its half-life). ${STORED}`,
    resolve: (record, _args, ctx) => ctx.services.records.scoreOf(record)?.engagementScore ?? null,
  }),
  scoredAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'When the stored score was computed; null when the workflow does not score or the record is closed.',
    resolve: (record, _args, ctx) => ctx.services.records.scoreOf(record)?.scoredAt ?? null,
  }),
}));
