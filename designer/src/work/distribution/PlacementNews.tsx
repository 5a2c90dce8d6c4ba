import { useTranslation } from 'react-i18next';
import type { Placement } from './distribution-documents';

export type Props = {
  placements: readonly Placement[] | null;
  /** A record's name by its id (the pool list as it was when they were handed out). */
  nameOf: (id: string) => string;
};

const REASONS = ['no_one_available', 'no_rule_matches', 'not_in_pool', 'not_found'];

/** Where each handed-out record went, and why those that stayed did, in a live region. */
export function PlacementNews({ placements, nameOf }: Props) {
  const { t } = useTranslation('distribution');
  const placed = placements?.filter((placement) => placement.ownerId !== null) ?? [];
  const stayed = placements?.filter((placement) => placement.ownerId === null) ?? [];
  const why = (reason: string | null) => (reason && REASONS.includes(reason) ? t(`reasons.${reason}`) : t('reasons.other', { code: reason ?? '' }));
  return (
    <div role="status" className="placement-news" data-testid="placement-news">
      {placements && (
        <>
          <p data-testid="placement-summary">{t('summary', { placed: placed.length, stayed: stayed.length })}</p>
          <ul>
            {placed.map((placement) => (
              <li key={placement.recordId} data-testid="placed">
                {t('placed', { name: nameOf(placement.recordId), owner: placement.owner?.name ?? '' })}
              </li>
            ))}
            {stayed.map((placement) => (
              <li key={placement.recordId} data-testid="stayed" className="stayed">
                {t('stayed', { name: nameOf(placement.recordId), why: why(placement.reason) })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
