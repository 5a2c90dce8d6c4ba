import type { FunnelEvent } from '@funnel/engine';
import type { Translate } from './blocker-text';
import type { DefinitionNames } from './definition-names';

/**
 * One event of the simulated record in the user's language, its stages, timers and reasons by their names.
 * @example simulationEventText({ event: { type: 'extension_requested', timer: 'one_week_rule', … }, stageOfTimer: 'sql', names, t, dates })
 *   // → 'Extension requested: One-week rule'
 */
export function simulationEventText({
  event,
  stage,
  names,
  t,
  dates,
}: {
  event: FunnelEvent;
  /** The stage the record was in when the event happened (a timer's key is unique within its stage). */
  stage: string;
  names: DefinitionNames;
  t: Translate;
  dates: Intl.DateTimeFormat;
}): string {
  const what = t(`event.${event.type}`);
  const timer = (key: string) => names.timer({ stage, key });
  switch (event.type) {
    case 'transitioned': {
      const reason = event.reason ? ` (${names.reason({ transition: event.transition, key: event.reason })})` : '';
      return `${what}: ${names.stage(event.from)} → ${names.stage(event.to)}${reason}`;
    }
    case 'timer_warned':
    case 'timer_fired':
    case 'timer_blocked':
    case 'extension_requested':
      return `${what}: ${timer(event.timer)}`;
    case 'extension_decided':
      return `${what}: ${timer(event.timer)} — ${t(event.approved ? 'simulator.approved' : 'simulator.rejected', { date: dates.format(event.dueAt) })}`;
    default:
      return what;
  }
}
