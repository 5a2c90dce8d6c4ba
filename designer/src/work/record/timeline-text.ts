import type { Translate } from '../../model/blocker-text';
import type { WorkFormat } from '../shared/format';
import type { DefinitionNames } from './definition-names';
import type { TimelineEvent } from './timeline-query';

type Said = { event: TimelineEvent; names: DefinitionNames; t: Translate; format: WorkFormat };

/** A time the engine logged (milliseconds, or ISO text in older events), in the person's time zone. */
function loggedTime(value: unknown, format: WorkFormat): string {
  return typeof value === 'number' || typeof value === 'string' ? format.dateTime(new Date(value).toISOString()) : '';
}

function detailOf(event: TimelineEvent): Record<string, unknown> {
  return event.detail !== null && typeof event.detail === 'object' ? (event.detail as Record<string, unknown>) : {};
}

/** A call, an email, a meeting or a note, with a call's outcome and an email's direction. */
function activityText({ event, t }: Said): string {
  const activity = (detailOf(event).activity ?? {}) as { type?: string; outcome?: string; direction?: string };
  switch (activity.type) {
    case 'call':
      return t('event.call', { outcome: t(`outcome.${activity.outcome ?? 'answered'}`) });
    case 'email':
      return t(activity.direction === 'inbound' ? 'event.emailIn' : 'event.emailOut');
    case 'meeting':
      return t('event.meeting');
    default:
      return t('event.note');
  }
}

/**
 * What one event of a record's history says, in the person's language: stage and transition names from the
 * definition, an activity's kind and outcome, timers and dates in their time zone.
 * @example timelineText({ event: { type: 'transitioned', transition: 'accept', from: 'mql', to: 'sql', … }, names, t, format }) // → 'Accept as SQL: MQL → SQL'
 */
export function timelineText(said: Said): string {
  const { event, names, t, format } = said;
  const detail = detailOf(event);
  const stage = (key: unknown) => names.stage(String(key ?? ''));
  const timer = names.timer(event.timer ?? String(detail.timer ?? ''));
  switch (event.type) {
    case 'record_created':
      return t('event.record_created', { stage: stage(detail.stage ?? event.to) });
    case 'transitioned':
    case 'migrated':
      return t(`event.${event.type}`, { transition: names.transition(event.transition ?? ''), from: stage(event.from), to: stage(event.to) });
    case 'claimed':
      return t('event.claimed', { to: stage(event.to) });
    case 'fields_updated':
      return t('event.fields_updated', { fields: ((detail.changed as string[] | undefined) ?? []).map(names.field).join(', ') });
    case 'activity_logged':
      return activityText(said);
    case 'timer_warned':
    case 'timer_fired':
    case 'timer_blocked':
    case 'extension_requested':
      return t(`event.${event.type}`, { timer, dueAt: loggedTime(detail.dueAt, format) });
    case 'extension_decided':
      return t(detail.approved ? 'event.extension_approved' : 'event.extension_rejected', { timer, dueAt: loggedTime(detail.dueAt, format) });
    case 'follow_up_set':
      return detail.followUpAt ? t('event.follow_up_set', { at: loggedTime(detail.followUpAt, format) }) : t('event.follow_up_cleared');
    case 'follow_up_due':
      return t('event.follow_up_due', { at: loggedTime(detail.followUpAt, format) });
    case 'approval_requested':
      return t('event.approval_requested', { transition: names.transition(String(detail.transition ?? '')) });
    case 'approval_decided':
      return t(detail.approved ? 'event.approval_approved' : 'event.approval_rejected', { transition: names.transition(String(detail.transition ?? '')) });
    case 'probability_set':
      return t('event.probability_set', { from: detail.from, to: detail.to });
    case 'released':
    case 'owner_changed':
    case 'assigned':
    case 'nurture_touch_due':
    case 'became_dormant':
      return t(`event.${event.type}`);
    default:
      return t('event.other', { type: event.type });
  }
}

/**
 * Who acted, as the timeline names them: a person's name, or the kind of automatic step in the person's language.
 * @example actorText({ actor: { __typename: 'SystemActor', kind: 'timer' }, t }) // → 'Timer'
 */
export function actorText({ actor, t }: { actor: TimelineEvent['actor']; t: Translate }): string {
  if (!actor) return t('actor.unknown');
  return actor.__typename === 'User' ? actor.name : t(`actor.${actor.kind}`);
}

/**
 * The note an event carries in the person's own words (an activity's or a follow-up's), or null.
 * @example eventNote({ type: 'activity_logged', detail: { activity: { type: 'note', note: 'Asked for a quote' } } }) // → 'Asked for a quote'
 */
export function eventNote(event: TimelineEvent): string | null {
  const detail = detailOf(event);
  const activity = detail.activity as { note?: unknown } | undefined;
  const note = activity?.note ?? detail.note;
  return typeof note === 'string' && note !== '' ? note : null;
}
