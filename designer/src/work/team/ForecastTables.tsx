import { useTranslation } from 'react-i18next';
import { useWorkFormat } from '../shared/format';
import type { Slice } from './slice-records';
import type { PipelineReport } from './team-documents';

export type Props = {
  report: PipelineReport;
  onSlice: (slice: Slice) => void;
};

type Totals = { count: number; amount: number; weightedAmount: number };

/** The open pipeline by owner and by forecast category, each with the roll-up; a count shows the records behind it. */
export function ForecastTables({ report, onSlice }: Props) {
  const { t } = useTranslation('team');
  const owners = report.byOwner.map((row) => ({
    key: row.ownerId ?? 'nobody',
    label: row.owner?.name ?? t('nobody'),
    totals: row,
    slice: { kind: 'owner', ownerId: row.ownerId ?? null, name: row.owner?.name ?? t('nobody') } as const,
  }));
  const categories = report.byForecastCategory.map((row) => ({
    key: row.forecastCategory,
    label: t(`category.${row.forecastCategory}`),
    totals: row,
    slice: { kind: 'category', category: row.forecastCategory } as const,
  }));
  return (
    <div className="forecast-tables">
      <Table caption={t('byOwner')} head={t('owner')} rows={owners} total={report.total} onSlice={onSlice} testId="by-owner" />
      <Table caption={t('byCategory')} head={t('categoryHead')} rows={categories} total={report.total} onSlice={onSlice} testId="by-category" />
    </div>
  );
}

function Table(props: {
  caption: string;
  head: string;
  rows: { key: string; label: string; totals: Totals; slice: Slice }[];
  total: Totals;
  onSlice: (slice: Slice) => void;
  testId: string;
}) {
  const { t } = useTranslation('team');
  const format = useWorkFormat();
  const line = (label: string, totals: Totals, slice: Slice, key: string) => (
    <tr key={key} data-testid={`${props.testId}-row`} data-key={key}>
      <th scope="row">{label}</th>
      <td>
        <button
          type="button"
          className="link-number"
          onClick={() => props.onSlice(slice)}
          aria-label={t('showRecords', { count: totals.count, what: label })}
          data-testid="count"
        >
          {format.count(totals.count)}
        </button>
      </td>
      <td>{format.money(totals.amount)}</td>
      <td>{format.money(totals.weightedAmount)}</td>
    </tr>
  );
  return (
    <table className="forecast-table" data-testid={props.testId}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.head}</th>
          <th scope="col">{t('count')}</th>
          <th scope="col">{t('amount')}</th>
          <th scope="col">{t('weighted')}</th>
        </tr>
      </thead>
      <tbody>{props.rows.map((row) => line(row.label, row.totals, row.slice, row.key))}</tbody>
      <tfoot>{line(t('total'), props.total, { kind: 'total' }, 'total')}</tfoot>
    </table>
  );
}
