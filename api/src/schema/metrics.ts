import type {
  CalibrationRow,
  DurationSummary,
  FunnelMetrics,
  FunnelStageMetrics,
  PipelineMetrics,
  PipelineTotals,
  SalesVelocity,
  ScoreCalibration,
} from '@funnel/engine';
import { BusyError, NotFoundError, ValidationFailedError } from '../errors';
import { type Period, previousPeriod } from '../metrics/previous-period';
import type { MetricsFilterRequest } from '../metrics/resolve-metrics-filter';
import { calibrationReport, funnelReport, funnelVelocity, pipelineReport, scoreCalibrationReport } from '../services/metric-reports';
import type { Services } from '../services/services';
import { builder } from './builder';
import { ForecastCategoryEnum } from './enums';
import { personField } from './user';

const METRIC_ERRORS = [NotFoundError, ValidationFailedError, BusyError];

const TotalsRef = builder.interfaceRef<PipelineTotals>('Totals').implement({
  description: 'Count, Σ amount and Σ amount × probability / 100.',
  fields: (t) => ({ count: t.exposeInt('count'), amount: t.exposeFloat('amount'), weightedAmount: t.exposeFloat('weightedAmount') }),
});

const PipelineTotalsRef = builder.objectRef<PipelineTotals>('PipelineTotals').implement({ interfaces: [TotalsRef], fields: () => ({}) });
const StageTotalsRef = builder.objectRef<PipelineTotals & { stage: string }>('StageTotals').implement({
  interfaces: [TotalsRef],
  fields: (t) => ({ stage: t.exposeString('stage') }),
});
const CategoryTotalsRef = builder.objectRef<PipelineMetrics['byForecastCategory'][number]>('ForecastCategoryTotals').implement({
  interfaces: [TotalsRef],
  fields: (t) => ({ forecastCategory: t.field({ type: ForecastCategoryEnum, resolve: (r) => r.forecastCategory }) }),
});
const OwnerTotalsRef = builder.objectRef<PipelineTotals & { owner: string | null }>('OwnerTotals').implement({
  interfaces: [TotalsRef],
  fields: (t) => ({
    ownerId: t.exposeID('owner', { nullable: true, description: 'Null: records nobody owns.' }),
    owner: personField(t, { description: 'Null for records nobody owns, or when ownerId names no user of the tenant.', idOf: (row) => row.owner }),
  }),
});
const ManagerTotalsRef = builder.objectRef<PipelineTotals & { manager: string }>('ManagerTotals').implement({
  description: 'The records owned by the manager and everyone below them.',
  interfaces: [TotalsRef],
  fields: (t) => ({
    managerId: t.exposeID('manager'),
    manager: personField(t, { description: 'Null when managerId names no user of the tenant.', idOf: (row) => row.manager }),
  }),
});

const PipelineReportRef = builder.objectRef<PipelineMetrics>('PipelineReport').implement({
  description: 'Count, amount and weighted amount by stage, forecast category, owner and manager (docs/metrics.md).',
  fields: (t) => ({
    total: t.field({ type: PipelineTotalsRef, resolve: (p) => p.total }),
    byStage: t.field({ type: [StageTotalsRef], resolve: (p) => p.byStage }),
    byForecastCategory: t.field({ type: [CategoryTotalsRef], resolve: (p) => p.byForecastCategory }),
    byOwner: t.field({ type: [OwnerTotalsRef], resolve: (p) => p.byOwner }),
    byManager: t.field({ type: [ManagerTotalsRef], resolve: (p) => p.byManager }),
  }),
});

const DurationSummaryRef = builder.objectRef<DurationSummary & { untouched?: number }>('DurationSummary').implement({
  description: 'Milliseconds: count, and the nearest-rank median and p90 within 1 % (log-bucket histograms; null when there is none).',
  fields: (t) => ({
    count: t.exposeInt('count'),
    median: t.exposeFloat('median', { nullable: true }),
    p90: t.exposeFloat('p90', { nullable: true }),
    untouched: t.int({
      nullable: true,
      description: 'Time to first touch only: records created in the period with no touch yet.',
      resolve: (d) => d.untouched ?? null,
    }),
  }),
});

const FunnelStageRef = builder.objectRef<FunnelStageMetrics>('FunnelStage').implement({
  fields: (t) => ({
    stage: t.exposeString('stage'),
    entered: t.exposeInt('entered'),
    conversionToNext: t.exposeFloat('conversionToNext', { nullable: true }),
    cumulativeConversion: t.exposeFloat('cumulativeConversion', { nullable: true }),
    timeInStage: t.field({ type: DurationSummaryRef, resolve: (s) => s.timeInStage }),
  }),
});

const WinRateRef = builder.objectRef<FunnelMetrics['winRate']>('WinRate').implement({
  fields: (t) => ({ won: t.exposeInt('won'), lost: t.exposeInt('lost'), rate: t.exposeFloat('rate', { nullable: true }) }),
});

/** A report of a workflow over a period, with what it was asked for: `previous` asks the same of the period before. */
type Scoped<T> = T & { scope: { tenantId: string; workflowKey: string; period: Period; filter: MetricsFilterRequest | null | undefined } };

const ReportPeriodRef = builder.objectRef<Period>('ReportPeriod').implement({
  description: 'The half-open period [from, to) a report covers.',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', resolve: (p) => new Date(p.from) }),
    to: t.field({ type: 'DateTime', resolve: (p) => new Date(p.to) }),
  }),
});

const PREVIOUS_DESCRIPTION =
  'The same report for the period before, of the same length: the calendar month, quarter or year before for whole UTC months, else the same span just before (docs/metrics.md "Comparing periods").';

const SalesVelocityRef = builder.objectRef<SalesVelocity>('SalesVelocity').implement({
  description:
    'Sales velocity: open opportunities × win rate × average won amount ÷ cycle length in days — what the pipeline brings per day (docs/metrics.md "Sales velocity").',
  fields: (t) => ({
    openOpportunities: t.exposeInt('openOpportunities', { description: 'Open records in an opportunity stage now (not in a pool).' }),
    openAmount: t.exposeFloat('openAmount', { description: 'Their amount: the value of the pipeline now.' }),
    winRate: t.exposeFloat('winRate', { nullable: true, description: "The period's win rate, as FunnelReport.winRate." }),
    averageWonAmount: t.exposeFloat('averageWonAmount', { nullable: true, description: 'The average amount of the deals won (closed) in the period.' }),
    cycleLength: t.exposeFloat('cycleLength', { nullable: true, description: "The period's median cycle length (ms), as FunnelReport.cycleLength." }),
    perDay: t.exposeFloat('perDay', { nullable: true, description: 'Amount per day; null when a part is missing or the cycle is 0.' }),
  }),
});

const FunnelReportRef = builder.objectRef<Scoped<FunnelMetrics>>('FunnelReport');
FunnelReportRef.implement({
  description: 'The funnel over a period: volume, conversion, time in stage, win rate, time to first touch; excluded records left out.',
  fields: (t) => ({
    period: t.field({ type: ReportPeriodRef, resolve: (f) => f.scope.period }),
    stages: t.field({ type: [FunnelStageRef], resolve: (f) => f.stages }),
    cycleLength: t.field({ type: DurationSummaryRef, resolve: (f) => f.cycleLength }),
    winRate: t.field({ type: WinRateRef, resolve: (f) => f.winRate }),
    timeToFirstTouch: t.field({ type: DurationSummaryRef, resolve: (f) => f.timeToFirstTouch }),
    velocity: t.field({
      type: SalesVelocityRef,
      nullable: true,
      description:
        'Sales velocity beside the volume, value and conversion above: open opportunities now, and the period’s win rate, won deals and cycle length. Null, with the error, when it cannot be answered now (Busy).',
      heavyOperation: 'metrics',
      resolve: (f, _args, ctx) => funnelVelocity(ctx.services, { ...f.scope, funnel: f }),
    }),
    previous: t.field({
      type: FunnelReportRef,
      nullable: true,
      description: `${PREVIOUS_DESCRIPTION} Null, with the error, when it cannot be answered now (Busy).`,
      heavyOperation: 'metrics',
      resolve: (f, _args, ctx) => scopedFunnel(ctx.services, { ...f.scope, period: previousPeriod(f.scope.period) }),
    }),
  }),
});

/** The funnel report of a tenant's workflow over a period, with that scope. */
async function scopedFunnel(services: Services, scope: Scoped<object>['scope']): Promise<Scoped<FunnelMetrics>> {
  return { ...(await funnelReport(services, scope)), scope };
}

const CalibrationRowRef = builder.objectRef<CalibrationRow>('CalibrationRow').implement({
  description: "A stage's configured win probability against the observed share won (percent).",
  fields: (t) => ({
    stage: t.exposeString('stage'),
    configured: t.exposeFloat('configured'),
    passed: t.exposeInt('passed'),
    closed: t.exposeInt('closed'),
    won: t.exposeInt('won'),
    observed: t.exposeFloat('observed', { nullable: true }),
  }),
});

/** A calibration, with the tenant, workflow and period (none: all time) it was asked for. */
type ScopedCalibration = {
  rows: CalibrationRow[];
  scope: { tenantId: string; workflowKey: string; period: Period | undefined; filter: MetricsFilterRequest | null | undefined };
};

const CalibrationReportRef = builder.objectRef<ScopedCalibration>('CalibrationReport');
CalibrationReportRef.implement({
  fields: (t) => ({
    period: t.field({ type: ReportPeriodRef, nullable: true, description: 'Null: all time.', resolve: (c) => c.scope.period ?? null }),
    rows: t.field({ type: [CalibrationRowRef], resolve: (c) => c.rows }),
    previous: t.field({
      type: CalibrationReportRef,
      nullable: true,
      description: `${PREVIOUS_DESCRIPTION} Null for a report over all time.`,
      heavyOperation: 'metrics',
      resolve: (c, _args, ctx) => (c.scope.period ? scopedCalibration(ctx.services, { ...c.scope, period: previousPeriod(c.scope.period) }) : null),
    }),
  }),
});

/** The calibration of a tenant's workflow over a period (or all time), with that scope. */
async function scopedCalibration(services: Services, scope: ScopedCalibration['scope']): Promise<ScopedCalibration> {
  const { period: over, ...rest } = scope;
  return { rows: await calibrationReport(services, { ...rest, ...(over ? { period: over } : {}) }), scope };
}

const PeriodInput = builder.inputType('PeriodInput', {
  description: 'A half-open period [from, to).',
  fields: (t) => ({ from: t.field({ type: 'DateTime', required: true }), to: t.field({ type: 'DateTime', required: true }) }),
});

const MetricsFilterInput = builder.inputType('MetricsFilterInput', {
  description:
    'Narrows a report (docs/metrics.md "Filters"). The funnel and calibration count each event under the owner the record had at the time and each record in the pipeline it was created into; the pipeline report takes the records as they are now. Parts left out do not narrow; given together, all apply.',
  fields: (t) => ({
    pipeline: t.string({
      description: 'A pipeline key of the workflow (hunters and farmers): its records only. Unknown: ValidationFailed at /filter/pipeline.',
    }),
    owners: t.idList({
      description: 'User ids: what happened while one of them owned the record. Unknown: ValidationFailed at /filter/owners/<n>.',
    }),
    source: t.string({
      description:
        "A lead source (the `source` field, as stored): narrows time to first touch in the funnel (the source each record was created with), the pipeline report's records and velocity (their source now); refused by calibration and score calibration (not_allowed at /filter/source).",
    }),
    team: t.id({
      description:
        "A manager's user id: the manager and everyone below them today (their team now, applied to every event). With owners: those of them in the team. Unknown: ValidationFailed at /filter/team.",
    }),
  }),
});

/** The filter as the services take it (ids as strings). */
function metricsFilter(
  input: { pipeline?: string | null; owners?: (string | number)[] | null; team?: string | number | null; source?: string | null } | null | undefined,
) {
  if (!input) return undefined;
  return { pipeline: input.pipeline, owners: input.owners?.map(String), team: input.team == null ? input.team : String(input.team), source: input.source };
}

function period(input: { from: Date; to: Date }): { from: number; to: number } {
  const value = { from: input.from.getTime(), to: input.to.getTime() };
  if (value.to <= value.from) {
    throw new ValidationFailedError([{ severity: 'error', code: 'range', pointer: '/period/to', message: 'must be after "from"' }]);
  }
  return value;
}

builder.queryField('pipeline', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: PipelineReportRef,
    args: {
      workflowKey: t.arg.string({ required: true }),
      period: t.arg({ type: PeriodInput }),
      filter: t.arg({ type: MetricsFilterInput, description: 'The records of a pipeline, owners or a team, as they are now.' }),
    },
    errors: { types: METRIC_ERRORS },
    heavyOperation: 'metrics',
    resolve: (_root, args, ctx) =>
      pipelineReport(ctx.services, {
        tenantId: ctx.viewer.tenantId,
        workflowKey: args.workflowKey,
        period: args.period ? period(args.period) : undefined,
        filter: metricsFilter(args.filter),
      }),
  }),
);

builder.queryField('funnel', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: FunnelReportRef,
    args: {
      workflowKey: t.arg.string({ required: true }),
      period: t.arg({ type: PeriodInput, required: true }),
      filter: t.arg({ type: MetricsFilterInput, description: 'A pipeline, owners at the time of each event, or a team; `previous` keeps it.' }),
    },
    errors: { types: METRIC_ERRORS },
    heavyOperation: 'metrics',
    resolve: (_root, args, ctx) =>
      scopedFunnel(ctx.services, {
        tenantId: ctx.viewer.tenantId,
        workflowKey: args.workflowKey,
        period: period(args.period),
        filter: metricsFilter(args.filter),
      }),
  }),
);

builder.queryField('calibration', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: CalibrationReportRef,
    args: {
      workflowKey: t.arg.string({ required: true }),
      period: t.arg({ type: PeriodInput }),
      filter: t.arg({
        type: MetricsFilterInput,
        description: 'A pipeline, owners or a team: a record counts for a stage where its first entry into the stage does; `previous` keeps it.',
      }),
    },
    errors: { types: METRIC_ERRORS },
    heavyOperation: 'metrics',
    resolve: (_root, args, ctx) =>
      scopedCalibration(ctx.services, {
        tenantId: ctx.viewer.tenantId,
        workflowKey: args.workflowKey,
        period: args.period ? period(args.period) : undefined,
        filter: metricsFilter(args.filter),
      }),
  }),
);

type ScoreBand = ScoreCalibration['bands'][number];

const ScoreBandReachedRef = builder.objectRef<ScoreBand['reached'][number]>('ScoreBandReached').implement({
  description: "A later stage of the main path: how many of the band's records entered it, and that share (null for an empty band).",
  fields: (t) => ({ stage: t.exposeString('stage'), records: t.exposeInt('records'), share: t.exposeFloat('share', { nullable: true }) }),
});

const ScoreBandRef = builder.objectRef<ScoreBand>('ScoreBand').implement({
  description: 'Records whose score on entering the stage fell between from and to (both included), and how they went on.',
  fields: (t) => ({
    from: t.exposeInt('from'),
    to: t.exposeInt('to'),
    records: t.exposeInt('records'),
    reached: t.field({ type: [ScoreBandReachedRef], resolve: (b) => b.reached }),
    won: t.exposeInt('won'),
    winShare: t.exposeFloat('winShare', { nullable: true }),
  }),
});

const ScoreCalibrationRef = builder.objectRef<ScoreCalibration>('ScoreCalibration').implement({
  description: 'How each band of lead scores actually converted: records grouped by their score when they entered a stage.',
  fields: (t) => ({
    stage: t.exposeString('stage', { nullable: true, description: 'The stage whose entry scored the records; null: each record’s first stage.' }),
    bandWidth: t.exposeInt('bandWidth'),
    bands: t.field({ type: [ScoreBandRef], resolve: (c) => c.bands }),
    unscored: t.exposeInt('unscored', { description: 'Records that entered the stage before the definition scored.' }),
  }),
});

builder.queryField('scoreCalibration', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ScoreCalibrationRef,
    nullable: true,
    description:
      'Score calibration of a workflow (null when it does not score): its records by the score they entered `stage` with, in bands of `bandWidth` (20).',
    args: {
      workflowKey: t.arg.string({ required: true }),
      stage: t.arg.string(),
      bandWidth: t.arg.int(),
      filter: t.arg({ type: MetricsFilterInput, description: 'A pipeline, owners or a team: a record counts where its scoring entry does.' }),
    },
    errors: { types: METRIC_ERRORS },
    heavyOperation: 'metrics',
    resolve: (_root, args, ctx) =>
      scoreCalibrationReport(ctx.services, {
        tenantId: ctx.viewer.tenantId,
        workflowKey: args.workflowKey,
        stage: args.stage,
        bandWidth: args.bandWidth,
        filter: metricsFilter(args.filter),
      }),
  }),
);
