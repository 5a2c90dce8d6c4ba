import type { ArmedTimer, FunnelRecord, PoolState, TransitionOption } from '@funnel/engine';
import type { EventDoc } from '../models/event';
import { historyPage, transitionsFor } from '../services/record-reads';
import { builder } from './builder';
import { BlockerRef } from './error-types';
import { ForecastCategoryEnum, OutcomeEnum, PhaseEnum } from './enums';
import { idCursorPage } from './id-cursor-page';
import { RecordEventRef } from './record-event';
import { LocalizedTextRef } from './template';
import { personField } from './user';
import { ApproversRef } from './approvers';
import { StageGuidanceRef } from './stage-guidance';

const ArmedTimerRef = builder.objectRef<ArmedTimer>('ArmedTimer').implement({
  description: 'A timer armed on the record by its stage (e.g. the one-week rule).',
  fields: (t) => ({
    key: t.exposeString('key'),
    stage: t.exposeString('stage'),
    startedAt: t.field({ type: 'DateTime', resolve: (x) => x.startedAt }),
    dueAt: t.field({ type: 'DateTime', resolve: (x) => x.dueAt }),
    warnAt: t.field({ type: 'DateTime', nullable: true, resolve: (x) => x.warnAt ?? null }),
    warned: t.exposeBoolean('warned'),
    extensions: t.exposeInt('extensions'),
    extensionRequestedById: t.id({ nullable: true, resolve: (x) => x.pendingExtension?.requestedBy ?? null }),
    extensionRequestedBy: personField(t, {
      description: 'Who asked for the pending extension (null also when extensionRequestedById names no user of the tenant).',
      idOf: (x) => x.pendingExtension?.requestedBy,
    }),
    extensionRequestedAt: t.field({ type: 'DateTime', nullable: true, resolve: (x) => x.pendingExtension?.requestedAt ?? null }),
  }),
});

const PoolStateRef = builder.objectRef<PoolState>('PoolState').implement({
  description: 'Where a record stands in a pool stage.',
  fields: (t) => ({
    since: t.field({ type: 'DateTime', resolve: (p) => p.since }),
    reason: t.exposeString('reason', { nullable: true }),
    previousOwnerId: t.exposeID('previousOwner', { nullable: true }),
    previousOwner: personField(t, {
      description: 'Who owned the record before it came to the pool (null also when previousOwnerId names no user of the tenant).',
      idOf: (p) => p.previousOwner,
    }),
    releasedAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.releasedAt ?? null }),
    touches: t.exposeInt('touches'),
    touchesWithoutResponse: t.exposeInt('touchesWithoutResponse'),
    dormant: t.exposeBoolean('dormant'),
    cadence: t.exposeString('cadence', { nullable: true }),
    nextTouchAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.nextTouchAt ?? null }),
  }),
});

const TransitionOptionRef = builder.objectRef<TransitionOption>('TransitionOption').implement({
  description: 'A transition out of the record’s stage: available now, or blocked with every reason.',
  fields: (t) => ({
    transition: t.exposeString('transition'),
    to: t.exposeString('to'),
    name: t.field({ type: LocalizedTextRef, resolve: (o) => o.name }),
    available: t.exposeBoolean('available'),
    blockers: t.field({ type: [BlockerRef], resolve: (o) => o.blockers }),
    reasonRequired: t.boolean({ resolve: (o) => o.reason?.required ?? false }),
    reasonOptions: t.stringList({ resolve: (o) => o.reason?.options ?? [] }),
    approval: t.field({
      type: ApproversRef,
      nullable: true,
      description: 'Who approves it, when it needs approval: a person asks for it with requestApproval instead of taking it.',
      resolve: (o) => o.approval ?? null,
    }),
    guidance: t.field({
      type: StageGuidanceRef,
      nullable: true,
      description: 'The target stage’s guidance for success (null when it gives none).',
      resolve: (o) => o.guidance ?? null,
    }),
  }),
});

export const RecordRef = builder.objectRef<FunnelRecord>('Record').implement({
  description: 'A lead, opportunity or order moving through a workflow version it pins.',
  fields: (t) => ({
    id: t.exposeID('id'),
    workflowKey: t.exposeString('workflowKey'),
    workflowVersion: t.exposeInt('workflowVersion'),
    pipeline: t.exposeString('pipeline', { nullable: true }),
    stage: t.exposeString('stage'),
    phase: t.field({ type: PhaseEnum, resolve: (r) => r.phase }),
    forecastCategory: t.field({ type: ForecastCategoryEnum, resolve: (r) => r.forecastCategory }),
    probability: t.exposeFloat('probability'),
    outcome: t.field({ type: OutcomeEnum, nullable: true, resolve: (r) => r.outcome ?? null }),
    ownerId: t.exposeID('owner', { nullable: true, description: "The owner's user id as stored, for apps that keep ids." }),
    owner: personField(t, {
      description: 'Who owns the record (deactivated owners too, active: false); null for nobody, or when ownerId names no user of the tenant.',
      idOf: (r) => r.owner,
    }),
    fields: t.field({ type: 'JSON', resolve: (r) => r.fields }),
    counters: t.field({ type: 'JSON', resolve: (r) => r.counters }),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.createdAt }),
    stageEnteredAt: t.field({ type: 'DateTime', resolve: (r) => r.stageEnteredAt }),
    firstTouchAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.firstTouchAt ?? null }),
    lastActivityAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.lastActivityAt ?? null }),
    closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.closedAt ?? null }),
    timers: t.field({ type: [ArmedTimerRef], resolve: (r) => r.timers }),
    nextDueAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.nextDueAt }),
    pool: t.field({ type: PoolStateRef, nullable: true, resolve: (r) => r.pool ?? null }),
    excludedFromPerformance: t.exposeBoolean('excludedFromPerformance'),
    version: t.exposeInt('version'),
    availableTransitions: t.withAuth({ signedIn: true }).field({
      type: [TransitionOptionRef],
      description: "Every transition out of the record's stage for the caller, with all blockers of the blocked ones.",
      resolve: async (record, _args, ctx) => {
        const { viewer } = ctx;
        return transitionsFor(ctx.services, { tenantId: viewer.tenantId, record, actor: viewer.actor });
      },
    }),
  }),
});

builder.objectField(RecordRef, 'history', (t) =>
  t.withAuth({ signedIn: true }).connection({
    type: RecordEventRef,
    description: 'Every event of this record, oldest first, with actor, reason, from, to and time.',
    resolve: async (record, args, ctx) => {
      const { viewer } = ctx;
      return idCursorPage<EventDoc, EventDoc>({
        list: `history:${record.id}`,
        args,
        fetch: (page) => historyPage(ctx.services, { tenantId: viewer.tenantId, recordId: record.id, page }),
        map: (event) => event,
      });
    },
  }),
);
