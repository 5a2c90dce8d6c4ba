/**
 * The api's one source of time. The engine never reads a clock; the api passes `clock.now()`.
 * @example const clock = new TestClock(Date.parse('2026-01-05T09:00:00Z')); clock.advance(7 * DAY_MS);
 */
export interface Clock {
  now(): number;
}

/** Wall-clock time. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to (enabled by FUNNEL_TEST_CLOCK=1). */
export class TestClock implements Clock {
  constructor(private current: number = Date.now()) {}

  now(): number {
    return this.current;
  }

  set(instant: number): void {
    this.current = instant;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
