import type { LocalizedText, WorkflowDefinition } from '@funnel/schemas';
import { localizedText } from '../../model/localized-text';
import type { BoardCard } from './board-documents';

/**
 * A stage's name in the locale, from the definition (its key when the definition lacks it).
 * @example stageName(definition, 'sql', 'zh-Hans') // → 'SQL'
 */
export function stageName(definition: WorkflowDefinition | null, stage: string, locale: string): string {
  return localizedText(definition?.stages.find((candidate) => candidate.key === stage)?.name, locale) || stage;
}

/**
 * Consecutive columns of the same phase, in the board's order: the headings they stand under.
 * @example phaseGroups([{ phase: 'lead' }, { phase: 'lead' }, { phase: 'opportunity' }]) // → [{ phase: 'lead', columns: [2] }, { phase: 'opportunity', columns: [1] }]
 */
export function phaseGroups<Column extends { phase: string }>(columns: readonly Column[]): { phase: Column['phase']; columns: Column[] }[] {
  const groups: { phase: Column['phase']; columns: Column[] }[] = [];
  for (const column of columns) {
    const last = groups[groups.length - 1];
    if (last && last.phase === column.phase) last.columns.push(column);
    else groups.push({ phase: column.phase, columns: [column] });
  }
  return groups;
}

/** A card's fields as the board reads them. */
function fieldsOf(card: Pick<BoardCard, 'fields'>): Record<string, unknown> {
  return (card.fields ?? {}) as Record<string, unknown>;
}

/** A card's name (null when it has none), company and amount, from its fields. */
export function cardFacts(card: Pick<BoardCard, 'fields'>): { name: string | null; company: string | null; amount: number | null } {
  const fields = fieldsOf(card);
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : null);
  return {
    name: text(fields.name),
    company: text(fields.companyName) ?? text(fields.company),
    amount: typeof fields.amount === 'number' ? fields.amount : null,
  };
}

/** A card's score: the stored lead score, else a `score` field. */
export function cardScore(card: Pick<BoardCard, 'fields' | 'score'>): number | null {
  if (typeof card.score === 'number') return card.score;
  const field = fieldsOf(card).score;
  return typeof field === 'number' ? field : null;
}

/** The next deadline of a card's stage: whether it sends the record back to a pool, the timer's name and when. */
export interface CardDeadline {
  toPool: boolean;
  timer: string;
  dueAt: string;
}

/**
 * The soonest timer armed in the card's stage: a recycle (its transition leads to a pool stage) or another deadline.
 * @example cardDeadline(card, definition, 'en') // → { toPool: true, timer: 'One-week rule', dueAt: '2026-12-08T09:00:00.000Z' }
 */
export function cardDeadline(card: Pick<BoardCard, 'stage' | 'timers'>, definition: WorkflowDefinition | null, locale: string): CardDeadline | null {
  const armed = card.timers.filter((timer) => timer.stage === card.stage).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
  if (!armed) return null;
  const stage = definition?.stages.find((candidate) => candidate.key === card.stage);
  const spec = stage?.timers?.find((timer) => timer.key === armed.key);
  const to = definition?.transitions.find((transition) => transition.key === spec?.action.transition)?.to;
  const toPool = definition?.stages.find((candidate) => candidate.key === to)?.pool !== undefined;
  return { toPool, timer: localizedText(spec?.name, locale) || armed.key, dueAt: armed.dueAt };
}

/**
 * A text the api sends in its three locales (`LocalizedText`), in the person's locale.
 * @example apiText({ en: 'Win', zhHans: '赢单', zhHant: '贏單' }, 'zh-Hans') // → '赢单'
 */
export function apiText(text: { en: string; zhHans: string; zhHant: string }, locale: string): string {
  const localized: LocalizedText = { en: text.en, 'zh-Hans': text.zhHans, 'zh-Hant': text.zhHant };
  return localizedText(localized, locale);
}
