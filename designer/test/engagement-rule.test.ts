import { describe, expect, it } from 'vitest';
import type { EngagementRule } from '@funnel/schemas';
import { withActivity } from '../src/model/engagement-rule';

const ANSWERED_CALL: EngagementRule = {
  key: 'answered_call',
  name: { en: 'Answered call' },
  activity: 'call',
  outcomes: ['answered'],
  points: 10,
  halfLife: 'P14D',
};

describe('an engagement rule as the form edits it', () => {
  it('drops the outcomes the new kind of activity does not have, counting every outcome of it', () => {
    expect(withActivity(ANSWERED_CALL, 'email')).toEqual({
      key: 'answered_call',
      name: { en: 'Answered call' },
      activity: 'email',
      points: 10,
      halfLife: 'P14D',
    });
  });

  it('keeps the outcomes the new kind has too', () => {
    expect(withActivity({ ...ANSWERED_CALL, activity: 'email', outcomes: ['inbound'] }, 'email').outcomes).toEqual(['inbound']);
  });
});
