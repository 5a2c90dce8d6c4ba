import type { Blocker } from '@funnel/engine';
import { blockerText, type Translate } from '../../model/blocker-text';
import { formatDuration } from '../../model/format-duration';
import type { WorkFormat } from '../shared/format';
import type { ClaimResult } from './pool-documents';

/** What a refusal's words are made from: the pool's and the designer's `t`, formats, and the pool's claim window. */
export interface RefusalWords {
  /** `t` of the `pool` namespace. */
  t: Translate;
  /** `t` of the default namespace (the designer's words for blockers and roles). */
  tApp: Translate;
  format: WorkFormat;
  /** The pool's claim window (`P1D`), if it has one. */
  window: string | undefined;
  /** The record's name as the list shows it. */
  name: string;
}

function limitText(limit: { limit: string; max: number; current: number }, words: RefusalWords): string {
  const { t, format } = words;
  const counts = { name: words.name, max: format.count(limit.max), current: format.count(limit.current) };
  if (limit.limit === 'capacity') return t('refusal.capacity', counts);
  if (limit.limit === 'maxClaims' && words.window)
    return t('refusal.maxClaims', { ...counts, window: formatDuration({ iso: words.window, locale: format.locale }) });
  return t('refusal.maxClaimsEver', counts);
}

function blockerRefusal(blocker: Blocker, words: RefusalWords): string {
  const { t, format, name } = words;
  switch (blocker.type) {
    case 'cooldown':
      return t('refusal.cooldown', { name, until: format.dateTime(new Date(blocker.until).toISOString()) });
    case 'limit_reached':
      return limitText(blocker, words);
    case 'role':
      return t('refusal.role', { roles: blocker.required.map((role) => words.tApp(`role.${role}`)).join(', ') });
    case 'not_owner':
      return t('refusal.notOwner', { name });
    case 'not_in_pool':
      return t('refusal.notInPool', { name });
    default:
      return t('refusal.other', { name, reason: blockerText({ blocker, t: words.tApp, locale: format.locale }) });
  }
}

/**
 * Why the api refused a claim, in the person's language: each blocker of a refusal (the cool-down with the time it
 * ends, the claim limit with its count and window, the roles), a limit, a missing right, a race lost. Null when the
 * claim went through.
 * @example claimRefusalText(result, words) // → ['You owned Ann Lee before it went back to the pool: you may claim it again from Dec 14, 2026, 09:00 (cool-down).']
 */
export function claimRefusalText(result: ClaimResult, words: RefusalWords): string[] | null {
  const { t, name } = words;
  switch (result.__typename) {
    case 'Record':
      return null;
    case 'GuardRejected':
      return result.blockers.map((blocker) => blockerRefusal(blocker.detail as Blocker, words));
    case 'LimitReached':
      return [limitText(result, words)];
    case 'Forbidden':
      return [t('refusal.forbidden')];
    case 'NotFound':
      return [t('refusal.notFound', { name })];
    case 'LeaseBusy':
      return [t('refusal.busy')];
    case 'VersionConflict':
      return [t('refusal.conflict', { name })];
    case 'ValidationFailed':
      return [t('refusal.invalid', { name })];
    default:
      return result satisfies never;
  }
}
