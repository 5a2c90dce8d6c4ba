import type { Timer, WorkflowDefinition } from '@funnel/schemas';
import { formatDuration } from './format-duration';
import { localizedText } from './localized-text';

/**
 * A timer's clock badge: how long, where it sends the record, and the extensions allowed,
 * e.g. "7d → Public pool, 2 × 7d ext." (the "ext." word is passed in, translated).
 * @example timerBadge({ timer, definition, locale: 'en', extensionWord: 'ext.' }) // → '7d → Public pool, 2 × 7d ext.'
 */
export function timerBadge({
  timer,
  definition,
  locale,
  extensionWord,
}: {
  timer: Timer;
  definition: WorkflowDefinition;
  locale: string;
  extensionWord: string;
}): string {
  const transition = definition.transitions.find((candidate) => candidate.key === timer.action.transition);
  const target = definition.stages.find((stage) => stage.key === transition?.to);
  const where = target ? localizedText(target.name, locale) : timer.action.transition;
  const after = formatDuration({ iso: timer.after, locale, style: 'narrow' });
  const extension = timer.extension
    ? `, ${timer.extension.maxPerRecord} × ${formatDuration({ iso: timer.extension.length, locale, style: 'narrow' })} ${extensionWord}`
    : '';
  return `${after} → ${where}${extension}`;
}
