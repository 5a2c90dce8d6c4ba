/**
 * The calendar month (UTC) a moment is in, as the metrics take a period: the api compares a whole month with the
 * month before.
 * @example monthPeriod(Date.parse('2026-12-07T12:00:00Z')) // → { from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' }
 */
export function monthPeriod(now: number): { from: string; to: string } {
  const at = new Date(now);
  const from = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
  const to = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
