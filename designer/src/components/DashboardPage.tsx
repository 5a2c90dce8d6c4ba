import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Funnel, FunnelChart, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fetchDashboard, fetchUserNames, fetchWorkflow, type Period } from '../api/funnel-api';
import { useApiQuery } from '../api/useApiQuery';
import { localizedText } from '../model/localized-text';
import { navigate } from '../session/useRoute';
import { ErrorMessage } from './ErrorMessage';

export type Props = { apiKey: string; workflowKey: string };

const DAY_MS = 24 * 60 * 60 * 1000;
/** The periods the picker offers, in days back from today. */
const PERIOD_DAYS = [7, 30, 90, 365] as const;
const CHART_HEIGHT = 260;
const FUNNEL_COLORS = ['#1d4ed8', '#2563eb', '#3b82f6', '#60a5fa', '#93c5fd', '#bfdbfe', '#dbeafe'];

/** The funnel's numbers for one workflow and period: volume and conversion, weighted pipeline by stage and owner, time in stage, calibration. */
export function DashboardPage({ apiKey, workflowKey }: Props) {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState<number>(30);
  const [custom, setCustom] = useState<Period | null>(null);
  const period = useMemo<Period>(() => {
    if (custom) return custom;
    const to = new Date(Date.now() + DAY_MS);
    return { from: new Date(to.getTime() - (days + 1) * DAY_MS).toISOString(), to: to.toISOString() };
  }, [days, custom]);
  const workflow = useApiQuery(() => fetchWorkflow({ apiKey, key: workflowKey }), [apiKey, workflowKey]);
  const data = useApiQuery(() => fetchDashboard({ apiKey, workflowKey, period }), [apiKey, workflowKey, period.from, period.to]);
  const users = useApiQuery(() => fetchUserNames(apiKey), [apiKey]);
  const ownerName = (owner: string | null) => (owner === null ? t('dashboard.noOwner') : users.status === 'done' ? (users.data.get(owner) ?? owner) : owner);

  const definition = workflow.status === 'done' ? (workflow.data.versions.at(-1)?.definition ?? workflow.data.draft) : null;
  const stageName = (key: string) => localizedText(definition?.stages.find((stage) => stage.key === key)?.name, i18n.language) || key;
  const locale = i18n.language;
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: definition?.currency ?? 'USD', maximumFractionDigits: 0 });
  const count = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const daysFormat = new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', maximumFractionDigits: 1 });
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });

  return (
    <main className="dashboard" data-testid="dashboard">
      <div className="row">
        <h1>{t('dashboard.title', { name: localizedText(definition?.name, locale) || (workflow.status === 'done' ? workflow.data.name : workflowKey) })}</h1>
        <button type="button" onClick={() => navigate({ page: 'editor', workflowKey })}>
          {t('dashboard.edit')}
        </button>
      </div>
      <fieldset className="period-picker">
        <legend>{t('dashboard.period')}</legend>
        <div className="row">
          {PERIOD_DAYS.map((n) => (
            <button
              key={n}
              type="button"
              aria-pressed={!custom && days === n}
              onClick={() => {
                setCustom(null);
                setDays(n);
              }}
              data-testid={`period-${n}`}
            >
              {t('dashboard.lastDays', { count: n })}
            </button>
          ))}
          <label htmlFor="period-from">{t('dashboard.from')}</label>
          <input
            id="period-from"
            type="date"
            value={period.from.slice(0, 10)}
            onChange={(event) => event.target.value && setCustom({ from: new Date(event.target.value).toISOString(), to: period.to })}
          />
          <label htmlFor="period-to">{t('dashboard.to')}</label>
          <input
            id="period-to"
            type="date"
            value={period.to.slice(0, 10)}
            onChange={(event) => event.target.value && setCustom({ from: period.from, to: new Date(event.target.value).toISOString() })}
          />
        </div>
        <p className="hint">
          {dates.format(new Date(period.from))} – {dates.format(new Date(period.to))}
        </p>
      </fieldset>
      {workflow.status === 'error' ? <ErrorMessage error={workflow.error} /> : null}
      {data.status === 'error' ? <ErrorMessage error={data.error} /> : null}
      {data.status === 'loading' ? <p>{t('app.loading')}</p> : null}
      {data.status === 'done' ? (
        <>
          <p data-testid="dashboard-totals">
            {t('dashboard.totals', {
              count: count.format(data.data.pipeline.count),
              amount: money.format(data.data.pipeline.amount),
              weighted: money.format(data.data.pipeline.weightedAmount),
            })}{' '}
            {data.data.funnel.winRate.rate !== null ? t('dashboard.winRate', { rate: percent.format(data.data.funnel.winRate.rate) }) : null}
          </p>
          <div className="dashboard-grid">
            <section className="chart-card" aria-labelledby="funnel-heading">
              <h2 id="funnel-heading">{t('dashboard.funnel')}</h2>
              <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
                <FunnelChart accessibilityLayer>
                  <Tooltip formatter={(value) => count.format(Number(value))} />
                  <Funnel
                    dataKey="entered"
                    nameKey="name"
                    isAnimationActive={false}
                    data={data.data.funnel.stages
                      .filter((stage) => stage.entered > 0)
                      .map((stage, index) => ({ ...stage, name: stageName(stage.stage), fill: FUNNEL_COLORS[index % FUNNEL_COLORS.length] }))}
                  >
                    <LabelList position="right" fill="#1f2937" stroke="none" dataKey="name" />
                  </Funnel>
                </FunnelChart>
              </ResponsiveContainer>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.stage')}</th>
                    <th scope="col">{t('dashboard.entered')}</th>
                    <th scope="col">{t('dashboard.conversion')}</th>
                    <th scope="col">{t('dashboard.cumulative')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.data.funnel.stages.map((stage) => (
                    <tr key={stage.stage}>
                      <td>{stageName(stage.stage)}</td>
                      <td>{count.format(stage.entered)}</td>
                      <td>{stage.conversionToNext === null ? '—' : percent.format(stage.conversionToNext)}</td>
                      <td>{stage.cumulativeConversion === null ? '—' : percent.format(stage.cumulativeConversion)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section className="chart-card" aria-labelledby="pipeline-stage-heading">
              <h2 id="pipeline-stage-heading">{t('dashboard.pipelineByStage')}</h2>
              <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
                <BarChart data={data.data.pipeline.byStage.map((row) => ({ ...row, name: stageName(row.stage) }))} accessibilityLayer>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" />
                  <YAxis tickFormatter={(value: number) => money.format(value)} width={90} />
                  <Tooltip formatter={(value) => money.format(Number(value))} />
                  <Legend />
                  <Bar dataKey="amount" name={t('dashboard.amount')} fill="#93c5fd" isAnimationActive={false} />
                  <Bar dataKey="weightedAmount" name={t('dashboard.weighted')} fill="#1d4ed8" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </section>
            <section className="chart-card" aria-labelledby="pipeline-owner-heading">
              <h2 id="pipeline-owner-heading">{t('dashboard.pipelineByOwner')}</h2>
              <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
                <BarChart data={data.data.pipeline.byOwner.map((row) => ({ ...row, name: ownerName(row.owner) }))} accessibilityLayer>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" />
                  <YAxis tickFormatter={(value: number) => money.format(value)} width={90} />
                  <Tooltip formatter={(value) => money.format(Number(value))} />
                  <Legend />
                  <Bar dataKey="weightedAmount" name={t('dashboard.weighted')} fill="#1d4ed8" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </section>
            <section className="chart-card" aria-labelledby="time-heading">
              <h2 id="time-heading">{t('dashboard.timeInStage')}</h2>
              <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
                <BarChart
                  data={data.data.funnel.stages.map((stage) => ({
                    name: stageName(stage.stage),
                    median: stage.timeInStage.median === null ? 0 : stage.timeInStage.median / DAY_MS,
                    p90: stage.timeInStage.p90 === null ? 0 : stage.timeInStage.p90 / DAY_MS,
                  }))}
                  accessibilityLayer
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" />
                  <YAxis tickFormatter={(value: number) => daysFormat.format(value)} width={70} />
                  <Tooltip formatter={(value) => daysFormat.format(Number(value))} />
                  <Legend />
                  <Bar dataKey="median" name={t('dashboard.median')} fill="#60a5fa" isAnimationActive={false} />
                  <Bar dataKey="p90" name={t('dashboard.p90')} fill="#1e3a8a" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </section>
            <section className="chart-card" aria-labelledby="calibration-heading">
              <h2 id="calibration-heading">{t('dashboard.calibration')}</h2>
              <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
                <BarChart data={data.data.calibration.map((row) => ({ ...row, name: stageName(row.stage), observed: row.observed ?? 0 }))} accessibilityLayer>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" />
                  <YAxis domain={[0, 100]} tickFormatter={(value: number) => percent.format(value / 100)} />
                  <Tooltip formatter={(value) => percent.format(Number(value) / 100)} />
                  <Legend />
                  <Bar dataKey="configured" name={t('dashboard.configured')} fill="#a5b4fc" isAnimationActive={false} />
                  <Bar dataKey="observed" name={t('dashboard.observed')} fill="#4338ca" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </section>
          </div>
        </>
      ) : null}
    </main>
  );
}
