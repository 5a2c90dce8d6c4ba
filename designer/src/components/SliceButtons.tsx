import { useTranslation } from 'react-i18next';
import type { DashboardSlice } from '../api/funnel-api';

export type Props = {
  slices: readonly { slice: DashboardSlice; title: string }[];
  onPick: (picked: { slice: DashboardSlice; title: string }) => void;
  testId: string;
};

/** The keyboard's way to a chart's records: a button for each bar, doing what clicking the bar does. */
export function SliceButtons({ slices, onPick, testId }: Props) {
  const { t } = useTranslation();
  if (slices.length === 0) return null;
  return (
    <div className="slice-buttons" role="group" aria-label={t('dashboard.showRecords')} data-testid={testId}>
      <span className="hint">{t('dashboard.showRecords')}</span>
      {slices.map((picked, index) => (
        <button key={index} type="button" className="link-button" onClick={() => onPick(picked)}>
          {picked.title}
        </button>
      ))}
    </div>
  );
}
