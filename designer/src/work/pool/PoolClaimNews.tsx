import { useTranslation } from 'react-i18next';
import { routeHash } from '../../session/useRoute';
import type { Claim } from './useClaim';

export type Props = { claim: Claim; stageName: (key: string) => string };

/**
 * What the last claim came to, in live regions that are always there (so screen readers hear each change): where a
 * claimed record went, with a link to it, or every reason a claim was refused.
 */
export function PoolClaimNews({ claim, stageName }: Props) {
  const { t } = useTranslation('pool');
  const { claimed, refusal } = claim;
  return (
    <>
      <div role="status" className={claimed ? 'claim-news claimed' : 'claim-news'} data-testid="claim-status">
        {claimed && (
          <>
            {t('claimed', { name: claimed.name, stage: stageName(claimed.stage) })}{' '}
            <a href={routeHash({ page: 'record', recordId: claimed.id })}>{t('openRecord', { name: claimed.name })}</a>
          </>
        )}
      </div>
      <div role="alert" className={refusal.length > 0 ? 'claim-news refused' : 'claim-news'} data-testid="claim-refusal">
        {refusal.map((sentence) => (
          <p key={sentence}>{sentence}</p>
        ))}
      </div>
    </>
  );
}
