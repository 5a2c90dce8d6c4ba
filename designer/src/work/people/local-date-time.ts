/** Two digits, as a datetime-local input writes hours and days. */
const two = (value: number) => String(value).padStart(2, '0');

/**
 * A moment as a `datetime-local` input shows it, in the browser's time zone; '' for none.
 * @example localInputValue('2026-12-08T09:30:00.000Z') // → '2026-12-08T09:30' (in UTC)
 */
export function localInputValue(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}`;
}

/**
 * What a `datetime-local` input holds, as the api's ISO moment; null when empty.
 * @example isoFromLocalInput('2026-12-08T09:30') // → '2026-12-08T09:30:00.000Z' (in UTC)
 */
export function isoFromLocalInput(value: string): string | null {
  return value ? new Date(value).toISOString() : null;
}
