import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/useApiQuery';
import { routeHash } from '../../session/useRoute';
import { useWorkFormat } from '../shared/format';
import { type DefinitionNames, definitionNames } from './definition-names';
import type { BellNotification } from './notification-documents';
import { notificationText } from './notification-text';
import { personNames } from './person-names';
import { useDefinitionNames } from './useDefinitionNames';

export type Props = {
  notification: BellNotification;
  onOpen: (notification: BellNotification) => void;
  onMarkRead: (notification: BellNotification) => void;
};

const NO_PEOPLE: ReadonlyMap<string, string> = new Map();

/** The words of a notification about a record: its workflow's names in the person's language. */
function RecordNotificationText({ notification, workflowKey, version }: { notification: BellNotification; workflowKey: string; version: number }) {
  const names = useDefinitionNames(workflowKey, version);
  return <NotificationWordsText notification={notification} names={names} />;
}

function NotificationWordsText({ notification, names }: { notification: BellNotification; names: DefinitionNames }) {
  const { t } = useTranslation('notifications');
  const format = useWorkFormat();
  const people = useApiQuery(personNames, []);
  const words = { t, format, names, people: people.status === 'done' ? people.data : NO_PEOPLE };
  return <>{notificationText(notification, words)}</>;
}

/** The words of a notification, with its workflow's names when it is about a record. */
export function NotificationWords({ notification }: { notification: BellNotification }) {
  const { i18n } = useTranslation();
  const { record, workflowKey } = notification;
  if (record && workflowKey) return <RecordNotificationText notification={notification} workflowKey={workflowKey} version={record.workflowVersion} />;
  return <NotificationWordsText notification={notification} names={definitionNames(null, i18n.language)} />;
}

/** One notification in the bell's list: its words (a link to the record), when, and "mark read" while unread. */
export function NotificationItem({ notification, onOpen, onMarkRead }: Props) {
  const { t } = useTranslation('notifications');
  const format = useWorkFormat();
  const unread = notification.readAt === null;
  const words = <NotificationWords notification={notification} />;
  return (
    <li className={unread ? 'notification unread' : 'notification'} data-testid="notification" data-type={notification.type}>
      {unread && <span className="unread-dot">{t('unread')}</span>}
      {notification.recordId ? (
        <a href={routeHash({ page: 'record', recordId: notification.recordId })} onClick={() => onOpen(notification)}>
          {words}
        </a>
      ) : (
        <span>{words}</span>
      )}
      <time dateTime={notification.at}>{format.dateTime(notification.at)}</time>
      {unread && (
        <button type="button" className="mark-read" onClick={() => onMarkRead(notification)}>
          {t('markRead')}
        </button>
      )}
    </li>
  );
}
