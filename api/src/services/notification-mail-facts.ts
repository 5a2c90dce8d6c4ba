import type { CompiledWorkflow } from '@funnel/engine';
import type { LocalizedText } from '@funnel/schemas';
import type { Locale } from '../accounts/account-settings';
import type { NotificationMailFacts } from '../mail/notification-mails';
import type { NotificationDoc } from '../models/notification';
import type { RecordDoc } from '../models/record';

/** What the facts of one notification are read from: its record and workflow version (when it is about one) and the people it names. */
export interface MailContext {
  locale: Locale;
  record: Pick<RecordDoc, '_id' | 'fields' | 'timers'> | null;
  workflow: CompiledWorkflow | null;
  nameOf: (userId: unknown) => string | null;
}

/** A name of the definition in the reader's language, falling back to English, then to its key. */
const said = (text: LocalizedText | undefined, locale: Locale, key: string): string => text?.[locale] ?? text?.en ?? key;

/** The record as people call it: its name field, else its company, else its id. */
function recordName(record: MailContext['record'], fallback: string): string {
  const fields = (record?.fields ?? {}) as Record<string, unknown>;
  for (const field of ['name', 'company', 'email']) if (typeof fields[field] === 'string' && fields[field]) return fields[field] as string;
  return record?._id ?? fallback;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const instant = (value: unknown): Date => new Date(typeof value === 'number' || typeof value === 'string' ? value : 0);

/** A stage's, transition's or timer's name in the reader's language. */
function namer(context: MailContext) {
  const { workflow, locale } = context;
  const stage = (key: unknown) => said(workflow?.stage(text(key))?.name, locale, text(key));
  const transition = (key: unknown) => said(workflow?.transition(text(key))?.name, locale, text(key));
  const timer = (key: unknown) => {
    for (const s of workflow?.stages ?? []) {
      const found = s.definition.timers?.find((t) => t.key === key);
      if (found) return said(found.name, locale, text(key));
    }
    return text(key);
  };
  return { stage, transition, timer };
}

/**
 * The facts a notification's mail says, with every name in the reader's language (notification-mails.ts writes the
 * sentences around them).
 * @example mailFacts(notification, { locale: 'zh-Hans', record, workflow, nameOf }) // → { type: 'timer_warning', recordName: '华为云采购', … }
 */
export function mailFacts(notification: NotificationDoc, context: MailContext): NotificationMailFacts {
  const p = notification.params;
  const names = namer(context);
  const record = recordName(context.record, notification.recordId ?? '');
  switch (notification.type) {
    case 'record_transition':
      return {
        type: 'record_transition',
        recordName: record,
        transitionName: names.transition(p.transition),
        fromName: names.stage(p.from),
        toName: names.stage(p.to),
        actorName: p.cause === 'actor' ? context.nameOf(p.actor) : null,
        at: new Date(notification.at),
        to: p.recipient === 'manager' || p.recipient === 'previous_owner' ? p.recipient : 'owner',
      };
    case 'timer_warning':
      return { type: 'timer_warning', recordName: record, timerName: names.timer(p.timer), stageName: names.stage(p.stage), dueAt: instant(p.dueAt) };
    case 'extension_requested':
      return {
        type: 'extension_requested',
        recordName: record,
        requesterName: context.nameOf(p.requester) ?? '',
        timerName: names.timer(p.timer),
        dueAt: instant(p.dueAt),
      };
    case 'extension_decided':
      return {
        type: 'extension_decided',
        recordName: record,
        approved: p.approved === true,
        deciderName: context.nameOf(p.decider),
        timerName: names.timer(p.timer),
        dueAt: instant(p.dueAt),
      };
    case 'record_assigned':
      return {
        type: 'record_assigned',
        recordName: record,
        stageName: names.stage(p.stage),
        assignerName: p.rule ? null : context.nameOf(p.actor),
        ruleName: p.rule ? said(context.workflow?.assignment?.rules.find((r) => r.key === p.rule)?.name, context.locale, text(p.rule)) : null,
        at: new Date(notification.at),
      };
    case 'follow_up_due':
      return {
        type: 'follow_up_due',
        recordName: record,
        note: textOrNull(p.note),
        stageName: names.stage(p.stage),
        at: instant(p.followUpAt),
      };
    case 'approval_requested':
      return {
        type: 'approval_requested',
        recordName: record,
        requesterName: context.nameOf(p.requester) ?? '',
        transitionName: names.transition(p.transition),
        note: textOrNull(p.note),
        at: new Date(notification.at),
      };
    case 'approval_decided':
      return {
        type: 'approval_decided',
        recordName: record,
        approved: p.approved === true,
        deciderName: context.nameOf(p.decider),
        transitionName: names.transition(p.transition),
        reason: textOrNull(p.reason),
        at: new Date(notification.at),
      };
    case 'webhook_endpoint_disabled':
      return {
        type: 'webhook_endpoint_disabled',
        url: text(p.url),
        failingSince: instant(p.failingSince),
        lastError: typeof p.lastError === 'string' ? p.lastError : null,
      };
  }
}
