import type { Stage, Timer, WorkflowDefinition } from '@funnel/schemas';
import { formatDuration } from './format-duration';
import { localizedText } from './localized-text';

/**
 * The stage a timer sends the record to (the `to` of its action's transition), if the definition has it.
 * @example timerTarget({ timer: { key: 'recycle', after: 'P7D', action: { transition: 'recycle' } }, definition: minimalTrunk })?.key // → 'pool'
 */
export function timerTarget({ timer, definition }: { timer: Timer; definition: WorkflowDefinition | null }): Stage | undefined {
  const transition = definition?.transitions.find((candidate) => candidate.key === timer.action.transition);
  return transition ? definition?.stages.find((stage) => stage.key === transition.to) : undefined;
}

/**
 * A timer's clock badge: how long, where it sends the record (`target`, from `timerTarget`; the
 * transition key when unknown), and the extensions allowed, e.g. "7d → Public pool, 2 × 7d ext."
 * (the "ext." word is passed in, translated).
 * @example timerBadge({ timer, target: timerTarget({ timer, definition }), locale: 'en', extensionWord: 'ext.' }) // → '7d → Public pool, 2 × 7d ext.'
 */
export function timerBadge({
  timer,
  target,
  locale,
  extensionWord,
}: {
  timer: Timer;
  target: Stage | undefined;
  locale: string;
  extensionWord: string;
}): string {
  const where = target ? localizedText(target.name, locale) : timer.action.transition;
  const after = formatDuration({ iso: timer.after, locale, style: 'narrow' });
  const extension = timer.extension
    ? `, ${timer.extension.maxPerRecord} × ${formatDuration({ iso: timer.extension.length, locale, style: 'narrow' })} ${extensionWord}`
    : '';
  return `${after} → ${where}${extension}`;
}
