import type { Blocker } from '@funnel/engine';
import { blockerText, type Translate } from '../../model/blocker-text';
import type { Refusal } from './record-mutations';

/**
 * Says why the api refused a change, in the person's language: each blocker it named (through the designer's
 * blocker texts), a limit, a version conflict, a refusal of rights; never the English the api wrote.
 * @example refusalText({ refusal: { __typename: 'VersionConflict', … }, t, common, locale: 'en' }) // → ['Someone changed this record since you opened it. Reload it to see their change, then try again.']
 */
export function refusalText({ refusal, t, common, locale }: { refusal: Refusal; t: Translate; common: Translate; locale: string }): string[] {
  switch (refusal.__typename) {
    case 'GuardRejected':
      return refusal.blockers.length === 0
        ? [t('refusal.GuardRejected')]
        : refusal.blockers.map((blocker) => blockerText({ blocker: blocker.detail as Blocker, t: common, locale }));
    case 'LimitReached':
      return [t('refusal.LimitReached', { limit: refusal.limit, max: refusal.max, current: refusal.current })];
    case 'VersionConflict':
    case 'ValidationFailed':
    case 'Forbidden':
    case 'NotFound':
    case 'LeaseBusy':
    case 'Unreachable':
      return [t(`refusal.${refusal.__typename}`)];
    default:
      return [t('refusal.other', { code: refusal.code })];
  }
}
