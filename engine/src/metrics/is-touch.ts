import type { Activity } from '../record';

/**
 * Whether an activity reaches out to the contact (a touch): any call, an outbound email or a meeting; a note is not.
 * @example isTouch({ type: 'email', direction: 'inbound' }) // → false
 */
export function isTouch(activity: Activity): boolean {
  switch (activity.type) {
    case 'call':
    case 'meeting':
      return true;
    case 'email':
      return activity.direction === 'outbound';
    case 'note':
      return false;
    default: {
      const unknown: never = activity;
      throw new Error(`unknown activity ${JSON.stringify(unknown)}`);
    }
  }
}
