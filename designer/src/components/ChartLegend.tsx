import type { LegendPayload } from 'recharts';

export type Props = { payload?: readonly LegendPayload[] };

/**
 * A chart's legend: a swatch and the series' name (already in the user's language) for each series. Recharts' own
 * legend names every swatch "<series> legend icon" in English, which a screen reader would say on every chart.
 */
export function ChartLegend({ payload }: Props) {
  return (
    <ul className="chart-legend">
      {payload?.map((entry) => (
        <li key={entry.value}>
          <span className="legend-swatch" style={{ background: entry.color }} aria-hidden="true" />
          {entry.value}
        </li>
      ))}
    </ul>
  );
}
