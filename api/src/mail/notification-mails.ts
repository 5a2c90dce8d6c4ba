import type { Locale } from '../accounts/account-settings';
import type { NotificationType } from '../accounts/notification-types';
import { layoutMail, mailGreeting, type RenderedMail } from './mail-layout';
import { mailTime } from './mail-time';

/**
 * What each type of notification says, by type. Names (records, stages, timers, people) arrive already in the
 * recipient's language; the templates write only the sentences around them. A type of NOTIFICATION_TYPES missing
 * here does not compile.
 */
interface NotificationMailFactsByType {
  /** A transition's `notify` effect; `to` is the effect's own, and says why this person hears of it. */
  record_transition: {
    recordName: string;
    transitionName: string;
    fromName: string;
    toName: string;
    /** Who moved it; null when nobody did (a timer or a rule). */
    actorName: string | null;
    at: Date;
    to: 'owner' | 'manager' | 'previous_owner';
  };
  /** The recycle deadline ahead: the record goes back to the pool at `dueAt`. */
  timer_warning: { recordName: string; timerName: string; stageName: string; dueAt: Date };
  /** To the manager, who approves or rejects; `dueAt` is when the timer runs out without an extension. */
  extension_requested: { recordName: string; requesterName: string; timerName: string; dueAt: Date };
  /** To the owner; `dueAt` is the new deadline when approved, the unchanged one when rejected. */
  extension_decided: { recordName: string; approved: boolean; deciderName: string | null; timerName: string; dueAt: Date };
  /** To the new owner; `assignerName` null when an assignment rule (`ruleName`) gave it. */
  record_assigned: { recordName: string; stageName: string; assignerName: string | null; ruleName: string | null; at: Date };
  /** To the owner, when the next follow-up set for `at` comes due; `note` is what it is for. */
  follow_up_due: { recordName: string; note: string | null; stageName: string; at: Date };
  /** To the owner's manager (or the admins), who approve or reject; `note` is the requester's why. */
  approval_requested: { recordName: string; requesterName: string; transitionName: string; note: string | null; at: Date };
  /** To the owner; when approved, the transition was taken. */
  approval_decided: { recordName: string; approved: boolean; deciderName: string | null; transitionName: string; reason: string | null; at: Date };
  /** To the tenant's admins; `lastError` as the delivery log keeps it. */
  webhook_endpoint_disabled: { url: string; failingSince: Date; lastError: string | null };
}

/** One type's facts, with its tag. */
type NotificationFacts<T extends NotificationType> = { type: T } & NotificationMailFactsByType[T];

/** The facts of a notification to mail, one variant per type, tagged by `type`. */
export type NotificationMailFacts = { [T in NotificationType]: NotificationFacts<T> }[NotificationType];

/** A notification to mail and who it goes to. */
export interface NotificationMailInput {
  locale: Locale;
  /** The recipient's IANA time zone: every time is said in it, with its offset. */
  timeZone: string;
  recipientName: string;
  tenantName: string;
  /** The record's page in the app (for `webhook_endpoint_disabled`, the webhook settings'). */
  link: string;
  notification: NotificationMailFacts;
}

/** Why a person gets a notification: how they stand to the record, or to the tenant. */
type Standing = 'owner' | 'manager' | 'previous_owner' | 'admin';

/** What one notification says in one language, before the greeting and the notes every one of them ends with. */
interface NotificationSaying {
  subject: string;
  lead: string;
  action: string;
  /** A fact worth its own line (the last error of a disabled endpoint). */
  detail?: string;
}

/** The sentences of one type in one language; `when` says a moment in the recipient's language and time zone. */
type Say<T extends NotificationType> = (facts: NotificationFacts<T>, when: (at: Date) => string) => NotificationSaying;

/** Everything a type's mail needs: who it is for, what its preference is called, and its sentences. */
interface NotificationMailTemplate<T extends NotificationType> {
  standing: (facts: NotificationFacts<T>) => Standing;
  /** The preference a person sets to in-app only to stop these mails. */
  preference: Readonly<Record<Locale, string>>;
  say: Readonly<Record<Locale, Say<T>>>;
}

const RECORD_TRANSITION: NotificationMailTemplate<'record_transition'> = {
  standing: (n) => n.to,
  preference: { en: 'Stage changes', 'zh-Hans': '阶段变更', 'zh-Hant': '階段變更' },
  say: {
    en: (n, when) => ({
      subject: `${n.recordName} moved to ${n.toName}`,
      lead: n.actorName
        ? `${n.actorName} moved ${n.recordName} from ${n.fromName} to ${n.toName} (“${n.transitionName}”) on ${when(n.at)}.`
        : `${n.recordName} moved automatically from ${n.fromName} to ${n.toName} (“${n.transitionName}”) on ${when(n.at)}.`,
      action: 'Open the record',
    }),
    'zh-Hans': (n, when) => ({
      subject: `“${n.recordName}”的阶段已变更为“${n.toName}”`,
      lead: n.actorName
        ? `${n.actorName} 于 ${when(n.at)}通过“${n.transitionName}”将“${n.recordName}”从“${n.fromName}”转到“${n.toName}”。`
        : `“${n.recordName}”于 ${when(n.at)}通过“${n.transitionName}”自动从“${n.fromName}”转到“${n.toName}”。`,
      action: '查看记录',
    }),
    'zh-Hant': (n, when) => ({
      subject: `「${n.recordName}」的階段已變更為「${n.toName}」`,
      lead: n.actorName
        ? `${n.actorName} 於 ${when(n.at)}透過「${n.transitionName}」將「${n.recordName}」從「${n.fromName}」轉到「${n.toName}」。`
        : `「${n.recordName}」於 ${when(n.at)}透過「${n.transitionName}」自動從「${n.fromName}」轉到「${n.toName}」。`,
      action: '查看記錄',
    }),
  },
};

const TIMER_WARNING: NotificationMailTemplate<'timer_warning'> = {
  standing: () => 'owner',
  preference: { en: 'Pool warnings', 'zh-Hans': '收归公海提醒', 'zh-Hant': '收歸公海提醒' },
  say: {
    en: (n, when) => ({
      subject: `${n.recordName} goes back to the pool soon`,
      lead: `${n.recordName} is in ${n.stageName}, and “${n.timerName}” returns it to the pool on ${when(n.dueAt)}. Move it on before then, or ask for an extension.`,
      action: 'Open the record',
    }),
    'zh-Hans': (n, when) => ({
      subject: `“${n.recordName}”即将收归公海`,
      lead: `“${n.recordName}”目前处于“${n.stageName}”阶段，根据“${n.timerName}”，将于 ${when(n.dueAt)}收归公海。请在此之前推进到下一阶段，或申请延期。`,
      action: '查看记录',
    }),
    'zh-Hant': (n, when) => ({
      subject: `「${n.recordName}」即將收歸公海`,
      lead: `「${n.recordName}」目前處於「${n.stageName}」階段，依照「${n.timerName}」，將於 ${when(n.dueAt)}收歸公海。請在此之前推進到下一階段，或申請延期。`,
      action: '查看記錄',
    }),
  },
};

const EXTENSION_REQUESTED: NotificationMailTemplate<'extension_requested'> = {
  standing: () => 'manager',
  preference: { en: 'Extension requests', 'zh-Hans': '延期申请', 'zh-Hant': '延期申請' },
  say: {
    en: (n, when) => ({
      subject: `${n.requesterName} asks for more time on ${n.recordName}`,
      lead: `${n.requesterName} asks you to extend “${n.timerName}” on ${n.recordName}; without an extension it runs out on ${when(n.dueAt)}.`,
      action: 'Approve or reject',
    }),
    'zh-Hans': (n, when) => ({
      subject: `${n.requesterName} 申请延期“${n.recordName}”`,
      lead: `${n.requesterName} 申请延长“${n.recordName}”的“${n.timerName}”期限；如不延期，将于 ${when(n.dueAt)}到期。`,
      action: '去审批',
    }),
    'zh-Hant': (n, when) => ({
      subject: `${n.requesterName} 申請延期「${n.recordName}」`,
      lead: `${n.requesterName} 申請延長「${n.recordName}」的「${n.timerName}」期限；如不延期，將於 ${when(n.dueAt)}到期。`,
      action: '前往審批',
    }),
  },
};

const EXTENSION_DECIDED: NotificationMailTemplate<'extension_decided'> = {
  standing: () => 'owner',
  preference: { en: 'Extension decisions', 'zh-Hans': '延期审批结果', 'zh-Hant': '延期審批結果' },
  say: {
    en: (n, when) => {
      const by = n.deciderName ? ` by ${n.deciderName}` : '';
      return {
        subject: `Extension ${n.approved ? 'approved' : 'rejected'} for ${n.recordName}`,
        lead: n.approved
          ? `Your request to extend “${n.timerName}” on ${n.recordName} was approved${by}: it now runs out on ${when(n.dueAt)}.`
          : `Your request to extend “${n.timerName}” on ${n.recordName} was rejected${by}: it still runs out on ${when(n.dueAt)}.`,
        action: 'Open the record',
      };
    },
    'zh-Hans': (n, when) => {
      const by = n.deciderName ? `由 ${n.deciderName} ` : '';
      return {
        subject: `“${n.recordName}”的延期申请已${n.approved ? '批准' : '驳回'}`,
        lead: n.approved
          ? `您对“${n.recordName}”的“${n.timerName}”延期申请已${by}批准，新的到期时间为 ${when(n.dueAt)}。`
          : `您对“${n.recordName}”的“${n.timerName}”延期申请已${by}驳回，仍将于 ${when(n.dueAt)}到期。`,
        action: '查看记录',
      };
    },
    'zh-Hant': (n, when) => {
      const by = n.deciderName ? `由 ${n.deciderName} ` : '';
      return {
        subject: `「${n.recordName}」的延期申請已${n.approved ? '核准' : '駁回'}`,
        lead: n.approved
          ? `您對「${n.recordName}」的「${n.timerName}」延期申請已${by}核准，新的到期時間為 ${when(n.dueAt)}。`
          : `您對「${n.recordName}」的「${n.timerName}」延期申請已${by}駁回，仍將於 ${when(n.dueAt)}到期。`,
        action: '查看記錄',
      };
    },
  },
};

const RECORD_ASSIGNED: NotificationMailTemplate<'record_assigned'> = {
  standing: () => 'owner',
  preference: { en: 'Records assigned to me', 'zh-Hans': '分配给我的记录', 'zh-Hant': '分派給我的記錄' },
  say: {
    en: (n, when) => ({
      subject: `${n.recordName} is yours now`,
      lead: n.assignerName
        ? `${n.assignerName} assigned ${n.recordName} (${n.stageName}) to you on ${when(n.at)}.`
        : `${n.recordName} (${n.stageName}) was assigned to you by the rule “${n.ruleName ?? ''}” on ${when(n.at)}.`,
      action: 'Open the record',
    }),
    'zh-Hans': (n, when) => ({
      subject: `“${n.recordName}”已分配给您`,
      lead: n.assignerName
        ? `${n.assignerName} 于 ${when(n.at)}将“${n.recordName}”（${n.stageName}）分配给了您。`
        : `“${n.recordName}”（${n.stageName}）已于 ${when(n.at)}按规则“${n.ruleName ?? ''}”分配给您。`,
      action: '查看记录',
    }),
    'zh-Hant': (n, when) => ({
      subject: `「${n.recordName}」已分派給您`,
      lead: n.assignerName
        ? `${n.assignerName} 於 ${when(n.at)}將「${n.recordName}」（${n.stageName}）分派給您。`
        : `「${n.recordName}」（${n.stageName}）已於 ${when(n.at)}依規則「${n.ruleName ?? ''}」分派給您。`,
      action: '查看記錄',
    }),
  },
};

const FOLLOW_UP_DUE: NotificationMailTemplate<'follow_up_due'> = {
  standing: () => 'owner',
  preference: { en: 'Follow-up reminders', 'zh-Hans': '跟进提醒', 'zh-Hant': '跟進提醒' },
  say: {
    en: (n, when) => ({
      subject: `Follow up on ${n.recordName}`,
      lead: `Your follow-up on ${n.recordName} (${n.stageName}) was due on ${when(n.at)}${n.note ? `: “${n.note}”` : ''}.`,
      action: 'Open the record',
    }),
    'zh-Hans': (n, when) => ({
      subject: `请跟进“${n.recordName}”`,
      lead: `您对“${n.recordName}”（${n.stageName}）的跟进已于 ${when(n.at)}到期${n.note ? `：“${n.note}”` : ''}。`,
      action: '查看记录',
    }),
    'zh-Hant': (n, when) => ({
      subject: `請跟進「${n.recordName}」`,
      lead: `您對「${n.recordName}」（${n.stageName}）的跟進已於 ${when(n.at)}到期${n.note ? `：「${n.note}」` : ''}。`,
      action: '查看記錄',
    }),
  },
};

const APPROVAL_REQUESTED: NotificationMailTemplate<'approval_requested'> = {
  standing: () => 'manager',
  preference: { en: 'Approval requests', 'zh-Hans': '审批申请', 'zh-Hant': '審批申請' },
  say: {
    en: (n, when) => ({
      subject: `${n.requesterName} asks you to approve “${n.transitionName}” on ${n.recordName}`,
      lead: `${n.requesterName} asked you on ${when(n.at)} to approve “${n.transitionName}” on ${n.recordName}${n.note ? `: “${n.note}”` : '.'}`,
      action: 'Approve or reject',
    }),
    'zh-Hans': (n, when) => ({
      subject: `${n.requesterName} 申请审批“${n.recordName}”的“${n.transitionName}”`,
      lead: `${n.requesterName} 于 ${when(n.at)}请您审批“${n.recordName}”的“${n.transitionName}”${n.note ? `：“${n.note}”` : '。'}`,
      action: '去审批',
    }),
    'zh-Hant': (n, when) => ({
      subject: `${n.requesterName} 申請審批「${n.recordName}」的「${n.transitionName}」`,
      lead: `${n.requesterName} 於 ${when(n.at)}請您審批「${n.recordName}」的「${n.transitionName}」${n.note ? `：「${n.note}」` : '。'}`,
      action: '前往審批',
    }),
  },
};

const APPROVAL_DECIDED: NotificationMailTemplate<'approval_decided'> = {
  standing: () => 'owner',
  preference: { en: 'Approval decisions', 'zh-Hans': '审批结果', 'zh-Hant': '審批結果' },
  say: {
    en: (n, when) => {
      const by = n.deciderName ? ` by ${n.deciderName}` : '';
      const why = n.reason ? `: “${n.reason}”` : '.';
      return {
        subject: `“${n.transitionName}” ${n.approved ? 'approved' : 'rejected'} for ${n.recordName}`,
        lead: n.approved
          ? `“${n.transitionName}” on ${n.recordName} was approved${by} and taken on ${when(n.at)}${why}`
          : `“${n.transitionName}” on ${n.recordName} was rejected${by} on ${when(n.at)}; the record stays where it was${why}`,
        action: 'Open the record',
      };
    },
    'zh-Hans': (n, when) => {
      const by = n.deciderName ? `由 ${n.deciderName} ` : '';
      const why = n.reason ? `：“${n.reason}”` : '。';
      return {
        subject: `“${n.recordName}”的“${n.transitionName}”已${n.approved ? '批准' : '驳回'}`,
        lead: n.approved
          ? `“${n.recordName}”的“${n.transitionName}”已${by}于 ${when(n.at)}批准并执行${why}`
          : `“${n.recordName}”的“${n.transitionName}”已${by}于 ${when(n.at)}驳回，记录保持原阶段${why}`,
        action: '查看记录',
      };
    },
    'zh-Hant': (n, when) => {
      const by = n.deciderName ? `由 ${n.deciderName} ` : '';
      const why = n.reason ? `：「${n.reason}」` : '。';
      return {
        subject: `「${n.recordName}」的「${n.transitionName}」已${n.approved ? '核准' : '駁回'}`,
        lead: n.approved
          ? `「${n.recordName}」的「${n.transitionName}」已${by}於 ${when(n.at)}核准並執行${why}`
          : `「${n.recordName}」的「${n.transitionName}」已${by}於 ${when(n.at)}駁回，記錄維持原階段${why}`,
        action: '查看記錄',
      };
    },
  },
};

const WEBHOOK_ENDPOINT_DISABLED: NotificationMailTemplate<'webhook_endpoint_disabled'> = {
  standing: () => 'admin',
  preference: { en: 'Disabled webhook endpoints', 'zh-Hans': 'Webhook 端点停用', 'zh-Hant': 'Webhook 端點停用' },
  say: {
    en: (n, when) => ({
      subject: `Webhook endpoint disabled: ${n.url}`,
      lead: `Every delivery to ${n.url} has failed since ${when(n.failingSince)}, so Funnel disabled the endpoint. Fix the receiver, then enable it again in the webhook settings.`,
      action: 'Open the webhook settings',
      ...(n.lastError === null ? {} : { detail: `The last error: ${n.lastError}` }),
    }),
    'zh-Hans': (n, when) => ({
      subject: `Webhook 端点已停用：${n.url}`,
      lead: `自 ${when(n.failingSince)}起，发往 ${n.url} 的请求全部失败，该端点已停用。请修复接收端后，在 Webhook 设置中重新启用。`,
      action: '打开 Webhook 设置',
      ...(n.lastError === null ? {} : { detail: `最近一次错误：${n.lastError}` }),
    }),
    'zh-Hant': (n, when) => ({
      subject: `Webhook 端點已停用：${n.url}`,
      lead: `自 ${when(n.failingSince)}起，傳送至 ${n.url} 的請求全部失敗，該端點已停用。請修正接收端後，在 Webhook 設定中重新啟用。`,
      action: '開啟 Webhook 設定',
      ...(n.lastError === null ? {} : { detail: `最近一次錯誤：${n.lastError}` }),
    }),
  },
};

/**
 * Every notification type's mail template, by type: the caller checks a type has one here, and a type added to
 * NOTIFICATION_TYPES without one does not compile.
 * @example Object.keys(NOTIFICATION_MAILS) // → ['record_transition', 'timer_warning', …]
 */
export const NOTIFICATION_MAILS: { readonly [T in NotificationType]: NotificationMailTemplate<T> } = {
  record_transition: RECORD_TRANSITION,
  timer_warning: TIMER_WARNING,
  extension_requested: EXTENSION_REQUESTED,
  extension_decided: EXTENSION_DECIDED,
  record_assigned: RECORD_ASSIGNED,
  follow_up_due: FOLLOW_UP_DUE,
  approval_requested: APPROVAL_REQUESTED,
  approval_decided: APPROVAL_DECIDED,
  webhook_endpoint_disabled: WEBHOOK_ENDPOINT_DISABLED,
};

/** The notes every notification mail ends with: why this person got it, and how to get it in the app only. */
const WHY_AND_HOW_TO_STOP: Readonly<Record<Locale, { because: Record<Standing, (tenant: string) => string>; stop: (preference: string) => string }>> = {
  en: {
    because: {
      owner: (tenant) => `You get this because you own this record in ${tenant}.`,
      manager: (tenant) => `You get this because you manage this record’s owner in ${tenant}.`,
      previous_owner: (tenant) => `You get this because you owned this record in ${tenant} before.`,
      admin: (tenant) => `You get this because you are an admin of ${tenant}.`,
    },
    stop: (preference) => `To stop getting these by email, set “${preference}” to in-app only in your preferences.`,
  },
  'zh-Hans': {
    because: {
      owner: (tenant) => `您收到此邮件，是因为您是 ${tenant} 中这条记录的负责人。`,
      manager: (tenant) => `您收到此邮件，是因为您是 ${tenant} 中这条记录负责人的经理。`,
      previous_owner: (tenant) => `您收到此邮件，是因为您曾是 ${tenant} 中这条记录的负责人。`,
      admin: (tenant) => `您收到此邮件，是因为您是 ${tenant} 的管理员。`,
    },
    stop: (preference) => `如不想再通过邮件接收此类通知，请在偏好设置中将“${preference}”设为仅在应用内通知。`,
  },
  'zh-Hant': {
    because: {
      owner: (tenant) => `您收到這封郵件，是因為您是 ${tenant} 中這筆記錄的負責人。`,
      manager: (tenant) => `您收到這封郵件，是因為您是 ${tenant} 中這筆記錄負責人的經理。`,
      previous_owner: (tenant) => `您收到這封郵件，是因為您曾是 ${tenant} 中這筆記錄的負責人。`,
      admin: (tenant) => `您收到這封郵件，是因為您是 ${tenant} 的管理員。`,
    },
    stop: (preference) => `如不想再透過電子郵件接收此類通知，請在偏好設定中將「${preference}」設為僅在應用程式內通知。`,
  },
};

/** One type's mail: its template's sentences with the greeting, the link and the notes. */
function render<T extends NotificationType>(input: NotificationMailInput, facts: NotificationFacts<T>): RenderedMail {
  const { locale, timeZone } = input;
  const template: NotificationMailTemplate<T> = NOTIFICATION_MAILS[facts.type];
  const said = template.say[locale](facts, (at) => mailTime({ at, locale, timeZone }));
  const notes = WHY_AND_HOW_TO_STOP[locale];
  return layoutMail(locale, {
    subject: said.subject,
    greeting: mailGreeting(locale, input.recipientName),
    lead: said.lead,
    action: { label: said.action, url: input.link },
    notes: [...(said.detail ? [said.detail] : []), notes.because[template.standing(facts)](input.tenantName), notes.stop(template.preference[locale])],
  });
}

/**
 * A notification's mail, in the recipient's language and time zone: a subject, one sentence of what happened, a
 * button to the record (or the settings) at `link`, why they get it and how to get it in the app only.
 * @example notificationMail({ locale: 'en', timeZone: 'Europe/Berlin', recipientName: 'Ann', tenantName: 'Acme', link,
 *   notification: { type: 'timer_warning', recordName: 'Globex', timerName: 'One-week rule', stageName: 'SQL', dueAt } })
 */
export function notificationMail(input: NotificationMailInput): RenderedMail {
  return render(input, input.notification);
}
