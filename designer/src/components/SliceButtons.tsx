import { useTranslation } from 'react-i18next';
import type { DashboardSlice } from '../api/funnel-api';

export type Props = {
  slices: readonly DashboardSlice[];
  /** A slice's name in words, as its bar is labelled. */
  title: (slice: DashboardSlice) => string;
  onPick: (slice: DashboardSlice) => void;
  testId: string;
};

/** The keyboard's way to a chart's records: a button for each bar, doing what clicking the bar does. */
export function SliceButtons({ slices, title, onPick, testId }: Props) {
  const { t } = useTranslation();
  if (slices.length === 0) return null;
  return (
    <div className="slice-buttons" role="group" aria-label={t('dashboard.showRecords')} data-testid={testId}>
      <span className="hint">{t('dashboard.showRecords')}</span>
      {slices.map((slice, index) => (
        <button key={index} type="button" className="link-button" onClick={() => onPick(slice)}>
          {title(slice)}
        </button>
      ))}
    </div>
  );
}
