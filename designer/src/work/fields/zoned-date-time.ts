/** The parts of a moment as a wall clock in one time zone shows them. */
interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function wallTime(instant: number, timeZone: string): WallTime {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(timeZone, format);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(format.formatToParts(instant).find((candidate) => candidate.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

const pad = (n: number) => String(n).padStart(2, '0');

function wallText(wall: WallTime): string {
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/**
 * A moment as a datetime-local input shows it in the person's time zone, to the minute; '' for no valid moment.
 * @example toZonedInput('2026-12-08T01:00:00.000Z', 'Asia/Shanghai') // → '2026-12-08T09:00'
 */
export function toZonedInput(value: unknown, timeZone: string): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return '';
  return wallText(wallTime(Date.parse(value), timeZone));
}

/**
 * What a datetime-local input holds, read as a wall clock in the person's time zone, as the moment to store; empty
 * (or not a time) gives undefined. The zone's offset is taken at that moment (twice, for a change of daylight time).
 * @example fromZonedInput('2026-12-08T09:00', 'Asia/Shanghai') // → '2026-12-08T01:00:00.000Z'
 */
export function fromZonedInput(value: string, timeZone: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const offsetAt = (instant: number) => {
    const wall = wallTime(instant, timeZone);
    return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute) - instant;
  };
  const guess = asUtc - offsetAt(asUtc);
  return new Date(asUtc - offsetAt(guess)).toISOString();
}

/**
 * A given hour of the next day in the person's time zone, as a datetime-local input holds it.
 * @example nextDayAt({ now: Date.parse('2026-12-07T20:00:00Z'), hour: 9, timeZone: 'Asia/Shanghai' }) // → '2026-12-09T09:00'
 */
export function nextDayAt({ now, hour, timeZone }: { now: number; hour: number; timeZone: string }): string {
  const today = wallTime(now, timeZone);
  const tomorrow = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
  return wallText({ year: tomorrow.getUTCFullYear(), month: tomorrow.getUTCMonth() + 1, day: tomorrow.getUTCDate(), hour, minute: 0 });
}
