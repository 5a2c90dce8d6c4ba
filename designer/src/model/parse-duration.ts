/** The units a duration is typed in, largest first, as ISO-8601 designators use them. */
export const DURATION_UNITS = ['year', 'month', 'week', 'day', 'hour', 'minute'] as const;
type DurationUnit = (typeof DURATION_UNITS)[number];

/** A duration split into whole units, e.g. { day: 7 }. */
export type DurationParts = Partial<Record<DurationUnit, number>>;

/** Why a text is not a duration, with what the message needs (the designer says it in the user's language). */
export type DurationProblem =
  | { code: 'empty' }
  | { code: 'number_expected'; at: string }
  | { code: 'unknown_unit'; at: string }
  | { code: 'unit_twice'; unit: DurationUnit }
  | { code: 'zero' };

export type DurationParse = { ok: true; iso: string; parts: DurationParts } | { ok: false; problem: DurationProblem; message: string };

/** Words people type for each unit, in English and Chinese (both scripts). */
const UNIT_WORDS: Record<DurationUnit, readonly string[]> = {
  year: ['years', 'year', 'yrs', 'yr', 'y', '年'],
  month: ['months', 'month', 'mos', 'mo', '个月', '個月', '月'],
  week: ['weeks', 'week', 'wks', 'wk', 'w', '周', '週', '星期', '个星期', '個星期', '礼拜', '禮拜'],
  day: ['days', 'day', 'd', '天', '日'],
  hour: ['hours', 'hour', 'hrs', 'hr', 'h', '小时', '小時', '个小时', '個小時', '钟头', '鐘頭'],
  minute: ['minutes', 'minute', 'mins', 'min', '分钟', '分鐘'],
};

const WORD_TO_UNIT: ReadonlyArray<readonly [string, DurationUnit]> = DURATION_UNITS.flatMap((unit) =>
  UNIT_WORDS[unit].map((word) => [word, unit] as const),
).sort((a, b) => b[0].length - a[0].length);

const ISO_PATTERN = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const SEPARATORS = /^(?:,|and|和|又|、|\s)+/i;

/**
 * Reads a duration as people type it ("7 days", "2 weeks", "12 hours", "1 month", "7天",
 * "1 day 12 hours") or as ISO-8601 ("P7D"), and returns the ISO-8601 form to store.
 * @example parseDuration('7 days') // → { ok: true, iso: 'P7D', parts: { day: 7 } }
 */
export function parseDuration(text: string): DurationParse {
  const input = text.trim();
  if (input === '') return { ok: false, problem: { code: 'empty' }, message: 'empty duration' };
  const iso = parseIsoDuration(input.toUpperCase());
  if (iso) return { ok: true, iso: toIsoDuration(iso), parts: iso };
  const parts: DurationParts = {};
  let rest = input.toLowerCase();
  while (rest.length > 0) {
    rest = rest.replace(SEPARATORS, '');
    if (rest.length === 0) break;
    const number = /^(\d+)\s*/.exec(rest);
    if (!number) return { ok: false, problem: { code: 'number_expected', at: rest }, message: `expected a number at "${rest}"` };
    rest = rest.slice(number[0].length);
    const unit = WORD_TO_UNIT.find(([word]) => rest.startsWith(word) && !/^[a-z]/.test(rest.slice(word.length)));
    if (!unit) {
      return {
        ok: false,
        problem: { code: 'unknown_unit', at: rest },
        message: `unknown unit at "${rest || '(end)'}"; use days, weeks, hours, months or years`,
      };
    }
    if (parts[unit[1]] !== undefined) return { ok: false, problem: { code: 'unit_twice', unit: unit[1] }, message: `"${unit[1]}" is given twice` };
    parts[unit[1]] = Number(number[1]);
    rest = rest.slice(unit[0].length);
  }
  if (Object.values(parts).every((n) => n === 0)) return { ok: false, problem: { code: 'zero' }, message: 'a duration must be longer than zero' };
  return { ok: true, iso: toIsoDuration(parts), parts };
}

/**
 * Splits an ISO-8601 duration into units; `null` when it is not one (seconds are ignored).
 * @example parseIsoDuration('P1DT12H') // → { day: 1, hour: 12 }
 */
export function parseIsoDuration(iso: string): DurationParts | null {
  const match = ISO_PATTERN.exec(iso);
  if (!match) return null;
  const [, year, month, week, day, hour, minute] = match;
  const parts: DurationParts = {};
  const values: Array<[DurationUnit, string | undefined]> = [
    ['year', year],
    ['month', month],
    ['week', week],
    ['day', day],
    ['hour', hour],
    ['minute', minute],
  ];
  for (const [unit, value] of values) if (value !== undefined) parts[unit] = Number(value);
  return parts;
}

/**
 * Writes units as an ISO-8601 duration.
 * @example toIsoDuration({ week: 2 }) // → 'P2W'
 */
function toIsoDuration(parts: DurationParts): string {
  const date = `${part(parts.year, 'Y')}${part(parts.month, 'M')}${part(parts.week, 'W')}${part(parts.day, 'D')}`;
  const time = `${part(parts.hour, 'H')}${part(parts.minute, 'M')}`;
  const iso = `P${date}${time ? `T${time}` : ''}`;
  return iso === 'P' ? 'P0D' : iso;
}

function part(value: number | undefined, designator: string): string {
  return value ? `${value}${designator}` : '';
}
