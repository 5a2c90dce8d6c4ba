import { graphql, type ResultOf } from '../graphql';

/** What the bell shows of one notification: the api sends facts (type, params), the app writes the words. */
export const NOTIFICATION = graphql(`
  fragment BellNotification on Notification {
    id
    type
    params
    at
    readAt
    recordId
    workflowKey
    record { id workflowVersion fields }
  }
`);

export type BellNotification = ResultOf<typeof NOTIFICATION>;

export const INBOX = graphql(
  `
  query NotificationInbox($first: Int!, $after: String) {
    unreadNotificationCount
    notifications(first: $first, after: $after) { edges { node { ...BellNotification } } pageInfo { hasNextPage endCursor } }
  }
`,
  [NOTIFICATION],
);

export const MARK_READ = graphql(`
  mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) {
    markNotificationsRead(input: $input) { marked unreadCount }
  }
`);

/** The subscription the bell listens to, sent as server-sent events. */
export const NOTIFICATION_ADDED = graphql(
  `
  subscription NotificationAdded {
    notificationAdded { ...BellNotification }
  }
`,
  [NOTIFICATION],
);
