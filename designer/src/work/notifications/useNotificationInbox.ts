import { create } from 'zustand';
import { readFragment, request } from '../graphql';
import { type BellNotification, INBOX, MARK_READ, NOTIFICATION } from './notification-documents';

/** How many notifications the bell lists at first and adds with "show more". */
const INBOX_PAGE_SIZE = 10;

export interface State {
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: unknown;
  /** Newest first, as the api lists them. */
  items: BellNotification[];
  unread: number;
  /** Where the next page starts; null when there is none. */
  next: string | null;
}
export interface Actions {
  /** Reads the first page and the unread count again. */
  load: () => Promise<void>;
  loadMore: () => Promise<void>;
  /** Marks these read (the api answers how many stay unread). */
  markRead: (ids: readonly string[]) => Promise<void>;
  /** Marks everything up to the newest listed read. */
  markAllRead: () => Promise<void>;
  /** A notification the subscription brought: listed first and counted, once. */
  added: (notification: BellNotification) => void;
}

async function inboxPage(after: string | null) {
  const data = await request(INBOX, { first: INBOX_PAGE_SIZE, after });
  const { edges, pageInfo } = data.notifications;
  return {
    unread: data.unreadNotificationCount,
    items: edges.map((edge) => readFragment(NOTIFICATION, edge.node)),
    next: pageInfo.hasNextPage ? (pageInfo.endCursor ?? null) : null,
  };
}

/** Marks the given ids read in a list, at `at`. */
function withRead(items: readonly BellNotification[], ids: ReadonlySet<string>, at: string): BellNotification[] {
  return items.map((item) => (ids.has(item.id) && item.readAt === null ? { ...item, readAt: at } : item));
}

/**
 * The signed-in person's notification inbox as the bell shows it: the first pages, the unread count, and what the
 * live subscription adds.
 * @example useNotificationInbox.getState().markRead([id])
 */
export const useNotificationInbox = create<State & Actions>()((set, get) => ({
  status: 'idle',
  error: null,
  items: [],
  unread: 0,
  next: null,
  load: async () => {
    set({ status: 'loading', error: null });
    try {
      set({ status: 'ready', ...(await inboxPage(null)) });
    } catch (error) {
      set({ status: 'error', error });
    }
  },
  loadMore: async () => {
    const after = get().next;
    if (after === null) return;
    try {
      const page = await inboxPage(after);
      const known = new Set(get().items.map((item) => item.id));
      set({ items: [...get().items, ...page.items.filter((item) => !known.has(item.id))], next: page.next });
    } catch (error) {
      set({ error });
    }
  },
  markRead: async (ids) => {
    try {
      const { markNotificationsRead } = await request(MARK_READ, { input: { ids: [...ids] } });
      set({ items: withRead(get().items, new Set(ids), new Date().toISOString()), unread: markNotificationsRead.unreadCount, error: null });
    } catch (error) {
      set({ error });
    }
  },
  markAllRead: async () => {
    const newest = get().items[0];
    if (!newest) return;
    try {
      const { markNotificationsRead } = await request(MARK_READ, { input: { upTo: newest.id } });
      const all = new Set(get().items.map((item) => item.id));
      set({ items: withRead(get().items, all, new Date().toISOString()), unread: markNotificationsRead.unreadCount, error: null });
    } catch (error) {
      set({ error });
    }
  },
  added: (notification) => {
    if (get().items.some((item) => item.id === notification.id)) return;
    set({ items: [notification, ...get().items], unread: get().unread + (notification.readAt === null ? 1 : 0) });
  },
}));
