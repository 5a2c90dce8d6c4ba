import { useMemo, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Funnel, FunnelChart, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fetchDashboard, fetchWorkflow, type DashboardData, type DashboardFilter, type DashboardSlice, type Period } from '../api/funnel-api';
import { useApiQuery } from '../api/useApiQuery';
import { localizedText } from '../model/localized-text';
import { navigate } from '../session/useRoute';
import { ChartLegend } from './ChartLegend';
import { DashboardFilters } from './DashboardFilters';
import { DashboardRecords } from './DashboardRecords';
import { SliceButtons } from './SliceButtons';
import { ErrorMessage } from './ErrorMessage';

export type Props = { workflowKey: string };

const DAY_MS = 24 * 60 * 60 * 1000;
/** The periods the picker offers, in days back from today. */
const PERIOD_DAYS = [7, 30, 90, 365] as const;
const DEFAULT_PERIOD_DAYS = 30;
const CHART_HEIGHT = 260;
const FUNNEL_COLORS = ['#1d4ed8', '#2563eb', '#3b82f6', '#60a5fa', '#93c5fd', '#bfdbfe', '#dbeafe'];

/** The formats the dashboard's numbers and dates are shown in, for one locale and currency. */
type Formats = { money: Intl.NumberFormat; count: Intl.NumberFormat; percent: Intl.NumberFormat; days: Intl.NumberFormat; dates: Intl.DateTimeFormat };

/** The funnel's numbers for one workflow and period: volume and conversion, weighted pipeline by stage and owner, time in stage, calibration. */
export function DashboardPage({ workflowKey }: Props) {
  const { t, i18n } = useTranslation();
  const period = usePeriod();
  const [filter, setFilter] = useState<DashboardFilter>({});
  const [compare, setCompare] = useState(false);
  const workflow = useApiQuery(() => fetchWorkflow({ key: workflowKey }), [workflowKey]);
  const data = useApiQuery(
    () => fetchDashboard({ workflowKey, period: period.value, filter, compare }),
    [workflowKey, period.value.from, period.value.to, JSON.stringify(filter), compare],
  );

  const definition = workflow.status === 'done' ? (workflow.data.versions.at(-1)?.definition ?? workflow.data.draft) : null;
  const stageName = (key: string) => localizedText(definition?.stages.find((stage) => stage.key === key)?.name, i18n.language) || key;
  const locale = i18n.language;
  const formats = dashboardFormats(locale, definition?.currency ?? 'USD');
  const pipelines = (definition?.pipelines ?? []).map((pipeline) => ({ key: pipeline.key, name: localizedText(pipeline.name, locale) || pipeline.key }));
  const sources = (definition?.fields.properties?.source?.enum ?? []).map(String);

  return (
    <main className="dashboard" data-testid="dashboard">
      <div className="row">
        <h1>{t('dashboard.title', { name: localizedText(definition?.name, locale) || (workflow.status === 'done' ? workflow.data.name : workflowKey) })}</h1>
        <button type="button" onClick={() => navigate({ page: 'editor', workflowKey })}>
          {t('dashboard.edit')}
        </button>
      </div>
      <PeriodPicker period={period} dates={formats.dates} />
      <DashboardFilters filter={filter} onChange={setFilter} pipelines={pipelines} sources={sources} compare={compare} onCompare={setCompare} />
      {workflow.status === 'error' ? <ErrorMessage error={workflow.error} /> : null}
      {data.status === 'error' ? <ErrorMessage error={data.error} /> : null}
      {data.status === 'loading' ? <p>{t('app.loading')}</p> : null}
      {data.status === 'done' ? <DashboardReport workflowKey={workflowKey} data={data.data} formats={formats} stageName={stageName} /> : null}
    </main>
  );
}

/**
 * The period shown: the last `days` whole days up to the end of today, or custom dates; and how to choose them. Days
 * are UTC days, as the date inputs show them and as the api keeps its day summaries: a period of whole days is
 * answered from the summaries (and today's), where one starting mid-day would read its first day from the log.
 */
interface PeriodChoice {
  value: Period;
  /** The preset chosen, or null for custom dates. */
  days: number | null;
  chooseDays: (days: number) => void;
  chooseCustom: (period: Period) => void;
}

function usePeriod(): PeriodChoice {
  const [days, setDays] = useState<number>(DEFAULT_PERIOD_DAYS);
  const [custom, setCustom] = useState<Period | null>(null);
  const value = useMemo<Period>(() => {
    if (custom) return custom;
    const endOfToday = (Math.floor(Date.now() / DAY_MS) + 1) * DAY_MS;
    return { from: new Date(endOfToday - days * DAY_MS).toISOString(), to: new Date(endOfToday).toISOString() };
  }, [days, custom]);
  return {
    value,
    days: custom ? null : days,
    chooseDays: (n) => {
      setCustom(null);
      setDays(n);
    },
    chooseCustom: setCustom,
  };
}

function dashboardFormats(locale: string, currency: string): Formats {
  return {
    money: new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }),
    count: new Intl.NumberFormat(locale),
    percent: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }),
    days: new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', maximumFractionDigits: 1 }),
    // The period's days are UTC days (usePeriod): named as such, whatever the reader's time zone.
    dates: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }),
  };
}

/** The last day a period ends with (its end is the start of the day after), as a date input shows it: YYYY-MM-DD. */
const lastDayOf = (to: string) => new Date(Date.parse(to) - 1).toISOString().slice(0, 10);

/** Preset periods (the last 7, 30, 90 or 365 days) or two dates, both days included, and the period in words. */
function PeriodPicker({ period, dates }: { period: PeriodChoice; dates: Intl.DateTimeFormat }) {
  const { t } = useTranslation();
  const { from, to } = period.value;
  return (
    <fieldset className="period-picker">
      <legend>{t('dashboard.period')}</legend>
      <div className="row">
        {PERIOD_DAYS.map((n) => (
          <button key={n} type="button" aria-pressed={period.days === n} onClick={() => period.chooseDays(n)} data-testid={`period-${n}`}>
            {t('dashboard.lastDays', { count: n })}
          </button>
        ))}
        <label htmlFor="period-from">{t('dashboard.from')}</label>
        <input
          id="period-from"
          type="date"
          value={from.slice(0, 10)}
          onChange={(event) => event.target.value && period.chooseCustom({ from: new Date(event.target.value).toISOString(), to })}
        />
        <label htmlFor="period-to">{t('dashboard.to')}</label>
        <input
          id="period-to"
          type="date"
          value={lastDayOf(to)}
          onChange={(event) => event.target.value && period.chooseCustom({ from, to: new Date(Date.parse(event.target.value) + DAY_MS).toISOString() })}
        />
      </div>
      <p className="hint">
        {dates.format(new Date(from))} – {dates.format(new Date(lastDayOf(to)))}
      </p>
    </fieldset>
  );
}

type ReportProps = { workflowKey: string; data: DashboardData; formats: Formats; stageName: (key: string) => string };

/** The totals line and the five charts; a bar or stage clicked (or its button pressed) lists its records below. */
function DashboardReport({ workflowKey, data, formats, stageName }: ReportProps) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<DashboardSlice | null>(null);
  // The report names each owner; one no longer in the tenant shows by id.
  const ownerName = ({ ownerId, owner }: DashboardData['pipeline']['byOwner'][number]) =>
    ownerId === null ? t('dashboard.noOwner') : (owner?.name ?? ownerId);
  const { money, count, percent } = formats;
  const ownerSlices = data.pipeline.byOwner.map((row): DashboardSlice => (row.ownerId === null ? { kind: 'pool' } : { kind: 'owner', ownerId: row.ownerId }));
  const stageSlices = data.pipeline.byStage.map((row): DashboardSlice => ({ kind: 'stage', stage: row.stage }));
  // Named as it is shown, so a change of language renames the list too.
  const sliceTitle = (slice: DashboardSlice): string => {
    if (slice.kind === 'stage') return stageName(slice.stage);
    const row = data.pipeline.byOwner.find((candidate) => (slice.kind === 'pool' ? candidate.ownerId === null : candidate.ownerId === slice.ownerId));
    return row ? ownerName(row) : slice.kind === 'owner' ? slice.ownerId : t('dashboard.noOwner');
  };
  const pick = (slices: readonly DashboardSlice[]) => (_entry: unknown, index: number) => setPicked(slices[index] ?? null);
  return (
    <>
      <p data-testid="dashboard-totals">
        {t('dashboard.totals', {
          count: count.format(data.pipeline.count),
          amount: money.format(data.pipeline.amount),
          weighted: money.format(data.pipeline.weightedAmount),
        })}{' '}
        {data.funnel.winRate.rate !== null ? t('dashboard.winRate', { rate: percent.format(data.funnel.winRate.rate) }) : null}{' '}
        {data.previous?.winRate.rate != null ? t('dashboard.winRateBefore', { rate: percent.format(data.previous.winRate.rate) }) : null}
      </p>
      {data.previous ? (
        <p className="hint" data-testid="dashboard-compared">
          {t('dashboard.comparedWith', {
            from: formats.dates.format(new Date(data.previous.period.from)),
            to: formats.dates.format(new Date(lastDayOf(data.previous.period.to))),
          })}
        </p>
      ) : null}
      <FirstTouch data={data} formats={formats} />
      <FourVs data={data} formats={formats} />
      <div className="dashboard-grid">
        <FunnelCard data={data} formats={formats} stageName={stageName} onPick={(stage) => setPicked({ kind: 'stage', stage })} />
        <ChartCard
          headingId="pipeline-stage-heading"
          title={t('dashboard.pipelineByStage')}
          after={<SliceButtons slices={stageSlices} title={sliceTitle} onPick={setPicked} testId="pipeline-stage-slices" />}
        >
          <BarChart data={data.pipeline.byStage.map((row) => ({ ...row, name: stageName(row.stage) }))} accessibilityLayer>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" />
            <YAxis tickFormatter={(value: number) => money.format(value)} width={90} />
            <Tooltip formatter={(value) => money.format(Number(value))} />
            <Legend content={ChartLegend} />
            <Bar dataKey="amount" name={t('dashboard.amount')} fill="#93c5fd" isAnimationActive={false} onClick={pick(stageSlices)} cursor="pointer" />
            <Bar
              dataKey="weightedAmount"
              name={t('dashboard.weighted')}
              fill="#1d4ed8"
              isAnimationActive={false}
              onClick={pick(stageSlices)}
              cursor="pointer"
            />
          </BarChart>
        </ChartCard>
        <ChartCard
          headingId="pipeline-owner-heading"
          title={t('dashboard.pipelineByOwner')}
          after={<SliceButtons slices={ownerSlices} title={sliceTitle} onPick={setPicked} testId="pipeline-owner-slices" />}
        >
          <BarChart data={data.pipeline.byOwner.map((row) => ({ ...row, name: ownerName(row) }))} accessibilityLayer>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" />
            <YAxis tickFormatter={(value: number) => money.format(value)} width={90} />
            <Tooltip formatter={(value) => money.format(Number(value))} />
            <Legend content={ChartLegend} />
            <Bar
              dataKey="weightedAmount"
              name={t('dashboard.weighted')}
              fill="#1d4ed8"
              isAnimationActive={false}
              onClick={pick(ownerSlices)}
              cursor="pointer"
            />
          </BarChart>
        </ChartCard>
        <TimeInStageCard data={data} formats={formats} stageName={stageName} />
        <ChartCard headingId="calibration-heading" title={t('dashboard.calibration')}>
          <BarChart data={data.calibration.map((row) => ({ ...row, name: stageName(row.stage), observed: row.observed ?? 0 }))} accessibilityLayer>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" />
            <YAxis domain={[0, 100]} tickFormatter={(value: number) => percent.format(value / 100)} />
            <Tooltip formatter={(value) => percent.format(Number(value) / 100)} />
            <Legend content={ChartLegend} />
            <Bar dataKey="configured" name={t('dashboard.configured')} fill="#a5b4fc" isAnimationActive={false} />
            <Bar dataKey="observed" name={t('dashboard.observed')} fill="#4338ca" isAnimationActive={false} />
          </BarChart>
        </ChartCard>
      </div>
      {picked ? (
        <DashboardRecords
          key={JSON.stringify(picked)}
          workflowKey={workflowKey}
          slice={picked}
          title={sliceTitle(picked)}
          stageName={stageName}
          money={money}
          onClose={() => setPicked(null)}
        />
      ) : null}
    </>
  );
}

/** How soon records were first touched after they came in (median and count), this period and, compared, the one before. */
function FirstTouch({ data, formats }: { data: DashboardData; formats: Formats }) {
  const { t } = useTranslation();
  const line = (summary: DashboardData['funnel']['timeToFirstTouch']) =>
    summary.median === null ? null : { median: formats.days.format(summary.median / DAY_MS), count: formats.count.format(summary.count) };
  const now = line(data.funnel.timeToFirstTouch);
  const before = data.previous ? line(data.previous.timeToFirstTouch) : null;
  if (!now && !before) return null;
  return (
    <p data-testid="dashboard-first-touch">
      {now ? t('dashboard.firstTouch', now) : t('dashboard.noFirstTouch')} {before ? t('dashboard.firstTouchBefore', before) : null}
    </p>
  );
}

/**
 * The four Vs in one place: volume (open opportunities), value (their amount), conversion (the period's win rate) and
 * sales velocity, what they bring per day (with the average won deal and the median cycle it comes from); compared,
 * the period before's velocity beside it.
 */
function FourVs({ data, formats }: { data: DashboardData; formats: Formats }) {
  const { t } = useTranslation();
  const velocity = data.funnel.velocity;
  if (!velocity) return null;
  const { money, count, percent, days } = formats;
  const orDash = (value: number | null, format: (value: number) => string) => (value === null ? '—' : format(value));
  const before = data.previous?.velocity?.perDay ?? null;
  const parts: [string, string][] = [
    [t('dashboard.openOpportunities'), count.format(velocity.openOpportunities)],
    [t('dashboard.openAmount'), money.format(velocity.openAmount)],
    [t('dashboard.velocityWinRate'), orDash(velocity.winRate, (rate) => percent.format(rate))],
    [t('dashboard.averageWon'), orDash(velocity.averageWonAmount, (amount) => money.format(amount))],
    [t('dashboard.medianCycle'), orDash(velocity.cycleLength, (ms) => days.format(ms / DAY_MS))],
    [t('dashboard.velocity'), orDash(velocity.perDay, (perDay) => t('dashboard.perDay', { amount: money.format(perDay) }))],
  ];
  return (
    <section className="four-vs" aria-labelledby="four-vs-heading" data-testid="dashboard-velocity">
      <h2 id="four-vs-heading">{t('dashboard.fourVs')}</h2>
      <dl>
        {parts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {data.previous ? (
        <p className="hint">{t('dashboard.velocityBefore', { value: orDash(before, (perDay) => t('dashboard.perDay', { amount: money.format(perDay) })) })}</p>
      ) : null}
    </section>
  );
}

/** A titled card around one chart (and whatever goes under it, such as a table). */
function ChartCard({ headingId, title, children, after }: { headingId: string; title: string; children: ReactElement; after?: ReactNode }) {
  return (
    <section className="chart-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        {children}
      </ResponsiveContainer>
      {after}
    </section>
  );
}

type CardProps = { data: DashboardData; formats: Formats; stageName: (key: string) => string };

/**
 * How many records entered each stage, as a funnel and as a table with the conversion to the next stage and overall;
 * a stage clicked on the funnel, or its name pressed in the table, lists the records in it now.
 */
function FunnelCard({ data, formats, stageName, onPick }: CardProps & { onPick: (stage: string) => void }) {
  const { t } = useTranslation();
  const { count, percent } = formats;
  const drawn = data.funnel.stages.filter((stage) => stage.entered > 0);
  // The period before, by stage, when compared.
  const before = data.previous ? new Map(data.previous.stages.map((stage) => [stage.stage, stage])) : null;
  const formatShare = (share: number | null) => (share === null ? '—' : percent.format(share));
  const table = (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('dashboard.stage')}</th>
          <th scope="col">{t('dashboard.entered')}</th>
          <th scope="col">{t('dashboard.conversion')}</th>
          <th scope="col">{t('dashboard.cumulative')}</th>
          {before ? <th scope="col">{t('dashboard.enteredBefore')}</th> : null}
          {before ? <th scope="col">{t('dashboard.conversionBefore')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {data.funnel.stages.map((stage) => (
          <tr key={stage.stage}>
            <td>
              <button type="button" className="link-button" onClick={() => onPick(stage.stage)} data-testid={`funnel-stage-${stage.stage}`}>
                {stageName(stage.stage)}
              </button>
            </td>
            <td>{count.format(stage.entered)}</td>
            <td>{formatShare(stage.conversionToNext)}</td>
            <td>{formatShare(stage.cumulativeConversion)}</td>
            {before ? <td>{count.format(before.get(stage.stage)?.entered ?? 0)}</td> : null}
            {before ? <td>{formatShare(before.get(stage.stage)?.conversionToNext ?? null)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <ChartCard headingId="funnel-heading" title={t('dashboard.funnel')} after={table}>
      <FunnelChart accessibilityLayer>
        <Tooltip formatter={(value) => count.format(Number(value))} />
        <Funnel
          dataKey="entered"
          nameKey="name"
          isAnimationActive={false}
          onClick={(_entry, index) => {
            const stage = drawn[index];
            if (stage) onPick(stage.stage);
          }}
          cursor="pointer"
          data={drawn.map((stage, index) => ({ ...stage, name: stageName(stage.stage), fill: FUNNEL_COLORS[index % FUNNEL_COLORS.length] }))}
        >
          <LabelList position="right" fill="#1f2937" stroke="none" dataKey="name" />
        </Funnel>
      </FunnelChart>
    </ChartCard>
  );
}

/** The median and 90th-percentile time records spent in each stage, in days. */
function TimeInStageCard({ data, formats, stageName }: CardProps) {
  const { t } = useTranslation();
  return (
    <ChartCard headingId="time-heading" title={t('dashboard.timeInStage')}>
      <BarChart
        data={data.funnel.stages.map((stage) => ({
          name: stageName(stage.stage),
          median: stage.timeInStage.median === null ? 0 : stage.timeInStage.median / DAY_MS,
          p90: stage.timeInStage.p90 === null ? 0 : stage.timeInStage.p90 / DAY_MS,
        }))}
        accessibilityLayer
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="name" />
        <YAxis tickFormatter={(value: number) => formats.days.format(value)} width={70} />
        <Tooltip formatter={(value) => formats.days.format(Number(value))} />
        <Legend content={ChartLegend} />
        <Bar dataKey="median" name={t('dashboard.median')} fill="#60a5fa" isAnimationActive={false} />
        <Bar dataKey="p90" name={t('dashboard.p90')} fill="#1e3a8a" isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}
