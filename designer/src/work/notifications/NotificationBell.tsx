import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readFragment } from '../graphql';
import { subscribe } from '../shared/live-subscription';
import { type BellNotification, NOTIFICATION, NOTIFICATION_ADDED } from './notification-documents';
import { NotificationWords } from './NotificationItem';
import { NotificationPanel } from './NotificationPanel';
import { useNotificationInbox } from './useNotificationInbox';
import './notifications.css';

export type Props = Record<string, never>;

/** Loads the inbox once and keeps it live; says each arrival in a live region. */
function useLiveInbox(): BellNotification | null {
  const [arrived, setArrived] = useState<BellNotification | null>(null);
  useEffect(() => {
    void useNotificationInbox.getState().load();
    return subscribe({
      document: NOTIFICATION_ADDED,
      variables: {},
      onData: ({ notificationAdded }) => {
        const notification = readFragment(NOTIFICATION, notificationAdded);
        useNotificationInbox.getState().added(notification);
        setArrived(notification);
      },
      onReopen: () => void useNotificationInbox.getState().load(),
    });
  }, []);
  return arrived;
}

/**
 * The notification bell in the app header: the unread count on the button (its name says it, "Notifications, 3
 * unread"), and a list that opens below it with each notification in the person's language, a link to its record,
 * "mark read" one by one or all at once. New notifications arrive live.
 */
export function NotificationBell(_props: Props) {
  const { t } = useTranslation('notifications');
  const inbox = useNotificationInbox();
  const arrived = useLiveInbox();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const close = useCallback(() => {
    setOpen(false);
    button.current?.focus();
  }, []);
  return (
    <div className="notification-bell">
      <button
        ref={button}
        type="button"
        className="bell-button"
        aria-label={t('bell', { count: inbox.unread })}
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="notification-bell"
        onClick={() => setOpen(!open)}
      >
        <BellIcon />
        {inbox.unread > 0 && (
          <span className="bell-count" aria-hidden="true" data-testid="unread-count">
            {inbox.unread}
          </span>
        )}
      </button>
      <p className="visually-hidden" role="status">
        {arrived && <NotificationArrival notification={arrived} />}
      </p>
      {open && <NotificationPanel id={panelId} onClose={close} />}
    </div>
  );
}

function NotificationArrival({ notification }: { notification: BellNotification }) {
  const { t } = useTranslation('notifications');
  return (
    <>
      {t('arrived')} <NotificationWords notification={notification} />
    </>
  );
}

/** A bell drawn inline, so the button does not depend on an emoji font being installed. */
function BellIcon() {
  return (
    <svg className="bell-icon" width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6Z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
      <path d="M10 19a2 2 0 0 0 4 0" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
