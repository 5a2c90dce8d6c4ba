import { useTranslation } from 'react-i18next';
import { definitionNames } from '../notifications/definition-names';
import { useWorkFormat } from '../shared/format';
import type { FunnelComparison } from './team-documents';
import type { WorkflowDefinition } from '@funnel/schemas';

export type Props = { report: FunnelComparison; definition: WorkflowDefinition };

/** How many records entered each stage this period and the period before, and the win rate of both. */
export function FunnelComparisonTable({ report, definition }: Props) {
  const { t, i18n } = useTranslation('team');
  const format = useWorkFormat();
  const names = definitionNames(definition, i18n.language);
  const before = new Map((report.previous?.stages ?? []).map((stage) => [stage.stage, stage.entered]));
  const period = (range: { from: string; to: string }) =>
    t('periodRange', { from: format.date(range.from), to: format.date(new Date(Date.parse(range.to) - 1).toISOString()) });
  const rate = (value: number | null | undefined) => (value == null ? t('noRate') : `${format.count(Math.round(value * 100))} %`);
  return (
    <table className="forecast-table funnel-comparison" data-testid="funnel-comparison">
      <caption>{t('funnelCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('stage')}</th>
          <th scope="col" data-testid="this-period">
            {t('thisPeriod')} <span className="detail">{period(report.period)}</span>
          </th>
          <th scope="col" data-testid="previous-period">
            {t('previousPeriod')} {report.previous && <span className="detail">{period(report.previous.period)}</span>}
          </th>
          <th scope="col">{t('change')}</th>
        </tr>
      </thead>
      <tbody>
        {report.stages.map((stage) => {
          const previous = before.get(stage.stage) ?? 0;
          const change = stage.entered - previous;
          return (
            <tr key={stage.stage} data-testid="funnel-row" data-stage={stage.stage}>
              <th scope="row">{names.stage(stage.stage)}</th>
              <td data-testid="entered-now">{format.count(stage.entered)}</td>
              <td data-testid="entered-before">{format.count(previous)}</td>
              <td>{change > 0 ? `+${format.count(change)}` : format.count(change)}</td>
            </tr>
          );
        })}
        <tr>
          <th scope="row">{t('winRate')}</th>
          <td>{rate(report.winRate.rate)}</td>
          <td>{rate(report.previous?.winRate.rate)}</td>
          <td />
        </tr>
      </tbody>
    </table>
  );
}
