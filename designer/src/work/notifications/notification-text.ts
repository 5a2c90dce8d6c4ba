import type { Translate } from '../../model/blocker-text';
import type { WorkFormat } from '../shared/format';
import type { DefinitionNames } from './definition-names';
import type { BellNotification } from './notification-documents';
import { recordField } from './record-field';

/** What a notification's words are made from besides itself. */
export interface NotificationWords {
  /** `t` of the `notifications` namespace. */
  t: Translate;
  format: WorkFormat;
  /** The names of the record's workflow (keys as they are while it loads). */
  names: DefinitionNames;
  /** People by id. */
  people: ReadonlyMap<string, string>;
}

/** A param as text ('' when absent). */
function text(params: Record<string, unknown>, key: string): string {
  const value = params[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** A param that holds a time (ms since the epoch, or an ISO string) as ISO, or null. */
function time(params: Record<string, unknown>, key: string): string | null {
  const value = params[key];
  if (typeof value === 'number') return new Date(value).toISOString();
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : null;
}

function recordName(notification: BellNotification, t: Translate): string {
  return recordField(notification.record?.fields, 'name') || t('unnamed');
}

/** Who moved a record: a person by name, or what moved it (a timer, a rule). */
function mover(params: Record<string, unknown>, words: NotificationWords): string {
  const actor = words.people.get(text(params, 'actor'));
  if (actor) return actor;
  const cause = text(params, 'cause');
  return cause === 'timer' || cause === 'rule' ? words.t(`by.${cause}`) : words.t('by.system');
}

/**
 * A notification in the reader's language, written from its type and params (the api sends no text).
 * @example notificationText(timerWarning, words) // → 'Ann Lee goes back to the pool tomorrow (One-week rule)'
 */
export function notificationText(notification: BellNotification, words: NotificationWords): string {
  const { t, format, names } = words;
  const params = (notification.params ?? {}) as Record<string, unknown>;
  const record = recordName(notification, t);
  const person = (key: string) => words.people.get(text(params, key)) ?? t('someone');
  const when = (key: string) => {
    const at = time(params, key);
    return at ? format.relative(at) : '';
  };
  const date = (key: string) => {
    const at = time(params, key);
    return at ? format.dateTime(at) : '';
  };
  const timer = names.timer(text(params, 'timer'));
  const transition = names.transition(text(params, 'transition'));
  switch (notification.type) {
    case 'timer_warning':
      return t(names.timerRecycles(text(params, 'timer')) ? 'text.timerRecycles' : 'text.timerDue', { record, timer, when: when('dueAt') });
    case 'extension_requested':
      return t('text.extensionRequested', { person: person('requester'), record, timer, when: date('dueAt') });
    case 'extension_decided':
      return t(params.approved === true ? 'text.extensionApproved' : 'text.extensionRejected', {
        person: person('decider'),
        record,
        timer,
        date: date('dueAt'),
      });
    case 'record_transition':
      return t('text.transition', {
        record,
        from: names.stage(text(params, 'from')),
        to: names.stage(text(params, 'to')),
        transition,
        who: mover(params, words),
      });
    case 'record_assigned': {
      const stage = names.stage(text(params, 'stage'));
      // A rule's name means routing gave it; without one, a person (the actor) did.
      const actor = params.rule ? undefined : words.people.get(text(params, 'actor'));
      return actor ? t('text.assignedBy', { person: actor, record, stage }) : t('text.assigned', { record, stage });
    }
    case 'follow_up_due': {
      const note = text(params, 'note');
      return note ? t('text.followUpDue', { record, note }) : t('text.followUpDueBare', { record });
    }
    case 'approval_requested':
      return t('text.approvalRequested', { person: person('requester'), record, transition });
    case 'approval_decided':
      return t(params.approved === true ? 'text.approvalApproved' : 'text.approvalRejected', { person: person('decider'), record, transition });
    case 'webhook_endpoint_disabled':
      return t('text.webhookDisabled', { url: text(params, 'url'), date: date('failingSince') });
    default:
      return notification.type satisfies never;
  }
}
