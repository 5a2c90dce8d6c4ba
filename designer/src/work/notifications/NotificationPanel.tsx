import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage';
import { NotificationItem } from './NotificationItem';
import type { BellNotification } from './notification-documents';
import { useNotificationInbox } from './useNotificationInbox';

export type Props = { id: string; onClose: () => void };

/**
 * The bell's open list: a labelled region below the bell, closed by Escape or its close button (focus goes back to
 * the bell). Opening a notification's record marks it read.
 */
export function NotificationPanel({ id, onClose }: Props) {
  const { t } = useTranslation('notifications');
  const inbox = useNotificationInbox();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  // Escape closes it wherever focus is: "mark all read" disables itself, and focus then falls to the page.
  useEffect(() => {
    const closeOnEscape = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    document.addEventListener('keydown', closeOnEscape);
    return () => document.removeEventListener('keydown', closeOnEscape);
  }, [onClose]);
  const open = (notification: BellNotification) => {
    if (notification.readAt === null) void inbox.markRead([notification.id]);
    onClose();
  };
  return (
    <section id={id} className="notification-panel" aria-labelledby={`${id}-title`} data-testid="notification-panel">
      <header>
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
          {t('title')}
        </h2>
        <button type="button" onClick={() => void inbox.markAllRead()} disabled={inbox.unread === 0} data-testid="mark-all-read">
          {t('markAllRead')}
        </button>
        <button type="button" onClick={onClose}>
          {t('close')}
        </button>
      </header>
      <InboxBody onOpen={open} />
    </section>
  );
}

function InboxBody({ onOpen }: { onOpen: (notification: BellNotification) => void }) {
  const { t } = useTranslation('notifications');
  const inbox = useNotificationInbox();
  if (inbox.status === 'loading' && inbox.items.length === 0) return <p role="status">{t('loading')}</p>;
  if (inbox.status === 'error') return <ErrorMessage error={inbox.error} />;
  if (inbox.items.length === 0) return <p>{t('empty')}</p>;
  return (
    <>
      {inbox.error !== null && <ErrorMessage error={inbox.error} />}
      <ul className="notification-list">
        {inbox.items.map((notification) => (
          <NotificationItem key={notification.id} notification={notification} onOpen={onOpen} onMarkRead={(item) => void inbox.markRead([item.id])} />
        ))}
      </ul>
      {inbox.next !== null && (
        <button type="button" onClick={() => void inbox.loadMore()}>
          {t('showMore')}
        </button>
      )}
    </>
  );
}
