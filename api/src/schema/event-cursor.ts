import type { EventDoc } from '../models/event';
import { type FeedPosition, positionOf } from '../services/event-feed';
import { cursorId, cursorRefusal, pageCursor } from './page-cursor';

/** The list the feed's cursors name (`pageCursor`): a cursor of another list is refused, not misread. */
const EVENTS_LIST = 'events';
/** What an event cursor holds after its list: the stamp in decimal (0: the epoch), then the event's id. */
const POSITION = /^(0|[1-9][0-9]{0,15}):(.+)$/s;

/**
 * The opaque cursor of an event in its tenant's event feed: where it stands in the order events became visible.
 * @example eventCursor({ _id: 'r1:0000000002:0000', loggedAt: 1767603600000, … }) // → base64url of 'c1:events:1767603600000:r1:0000000002:0000'
 */
export function eventCursor(event: Pick<EventDoc, '_id' | 'loggedAt'>): string {
  const { loggedAt, id } = positionOf(event);
  return pageCursor({ list: EVENTS_LIST, id: `${loggedAt}:${id}` });
}

/**
 * The feed position an event cursor stands for, or ValidationFailed (code `cursor`) at `pointer` when it is not one:
 * not a cursor, another list's, or one whose stamp or id is malformed.
 * @example eventPosition({ cursor: eventCursor(event), pointer: '/after' }) // → { loggedAt: 1767603600000, id: 'r1:0000000002:0000' }
 */
export function eventPosition(input: { cursor: string; pointer: string }): FeedPosition {
  const position = POSITION.exec(cursorId({ list: EVENTS_LIST, ...input }));
  const loggedAt = Number(position?.[1]);
  if (!position || !Number.isSafeInteger(loggedAt)) throw cursorRefusal({ pointer: input.pointer, why: 'is not a cursor of an event' });
  return { loggedAt, id: position[2] as string };
}
