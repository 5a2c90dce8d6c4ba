import { useEffect, useRef } from 'react';
import { useNotificationInbox } from '../notifications/useNotificationInbox';
import { LIVE_RELOAD_MS, subscribe } from '../shared/live-subscription';
import { APPROVAL_EVENTS } from './approvals-documents';

/** Notifications that tell the approver of a new request (the bell's subscription brings them). */
const ASKED_NOTIFICATIONS: ReadonlySet<string> = new Set(['extension_requested', 'approval_requested']);

/**
 * Record events after which a listed request may be gone or changed: decided (by another approver too), or its timer
 * fired, its record moved, given to someone else.
 */
const CHANGING_EVENTS: ReadonlySet<string> = new Set([
  'extension_requested',
  'extension_decided',
  'approval_requested',
  'approval_decided',
  'timer_fired',
  'transitioned',
  'owner_changed',
  'assigned',
]);

/**
 * Keeps Approvals live without a reload: a request to this approver arrives as a notification on the bell's stream
 * (no stream of its own), and a listed one decided by another approver (or otherwise gone) as a record event of its
 * workflow, one stream per workflow with a request listed (`workflowKeys`). Either reads the lists again, once per
 * burst; so does a workflow's stream once it is open (the lists were read before) and again after it dropped.
 * @example useLiveApprovals({ workflowKeys: ['standard_trunk'], reload: pending.reload });
 */
export function useLiveApprovals(input: { workflowKeys: readonly string[]; reload: () => void }): void {
  const reload = useRef(input.reload);
  reload.current = input.reload;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const soon = useRef(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => reload.current(), LIVE_RELOAD_MS);
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  useEffect(
    () =>
      useNotificationInbox.subscribe((state, previous) => {
        const newest = state.items[0];
        if (newest && newest !== previous.items[0] && ASKED_NOTIFICATIONS.has(newest.type)) soon.current();
      }),
    [],
  );

  const keys = [...new Set(input.workflowKeys)].sort().join('\n');
  useEffect(() => {
    if (keys === '') return;
    const stops = keys.split('\n').map((workflowKey) =>
      subscribe({
        document: APPROVAL_EVENTS,
        variables: { workflowKey },
        onData: ({ recordEvents }) => {
          if (CHANGING_EVENTS.has(recordEvents.type)) soon.current();
        },
        onReopen: () => soon.current(),
        // The lists were read before this stream opened: a decision meanwhile came on no stream.
        reopenOnOpen: true,
      }),
    );
    return () => {
      for (const stop of stops) stop();
    };
  }, [keys]);
}
