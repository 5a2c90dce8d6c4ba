import type { Stage } from '@funnel/schemas';
import { localizedText } from './localized-text';

/**
 * The stages whose name in the user's language (or whose key) contains the query, ignoring case: those that
 * start with it first, then in the definition's order; at most `limit`.
 * @example findStages({ stages, query: 'opp', locale: 'en', limit: 8 }).map((stage) => stage.key) // → ['opportunity']
 */
export function findStages({ stages, query, locale, limit }: { stages: readonly Stage[]; query: string; locale: string; limit: number }): Stage[] {
  const wanted = query.trim().toLocaleLowerCase(locale);
  if (!wanted) return [];
  const scored = stages.flatMap((stage, order) => {
    const name = localizedText(stage.name, locale).toLocaleLowerCase(locale);
    const key = stage.key.toLocaleLowerCase(locale);
    if (name.startsWith(wanted) || key.startsWith(wanted)) return [{ stage, order, rank: 0 }];
    if (name.includes(wanted) || key.includes(wanted)) return [{ stage, order, rank: 1 }];
    return [];
  });
  return scored
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .slice(0, limit)
    .map(({ stage }) => stage);
}
