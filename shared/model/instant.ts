/**
 * Instants and their ISO 8601 form, by integer arithmetic: the readers write every date they read in the form
 * the model stores (`2024-06-13T02:30:00.000Z`), the normalizer checks it and the renderers read it back, two or
 * three dates an item, and Date's parse and formatting were the largest single costs of those steps.
 */

/** The instant an ISO timestamp names, or undefined when it does not parse (bad dates never reach a feed). */
export function parseInstant(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const fast = canonicalInstant(iso);
  if (fast !== undefined) return fast;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 0x30;
  return d >= 0 && d <= 9 ? d : Number.NaN;
};
const twoDigits = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * The instant of a timestamp in the form the model stores (`2024-06-13T02:30:00.000Z`, model/article.ts) with
 * every field in its plain range, read by hand: Date.parse was the largest cost left in shaping an item, which
 * reads two or three dates. Undefined for anything else (Date.parse then decides, so results never differ).
 */
export function canonicalInstant(s: string): number | undefined {
  if (s.length !== 24 || s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d || s.charCodeAt(10) !== 0x54 || s.charCodeAt(13) !== 0x3a) return undefined;
  if (s.charCodeAt(16) !== 0x3a || s.charCodeAt(19) !== 0x2e || s.charCodeAt(23) !== 0x5a) return undefined;
  const year = twoDigits(s, 0) * 100 + twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hours = twoDigits(s, 11);
  const minutes = twoDigits(s, 14);
  const seconds = twoDigits(s, 17);
  const millis = twoDigits(s, 20) * 10 + digit(s, 22);
  // NaN (a non-digit) fails every comparison below.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hours <= 23 && minutes <= 59 && seconds <= 59 && millis >= 0)) return undefined;
  return ((daysFromCivil(year, month, day) * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000 + millis;
}

export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The UTC calendar fields of an instant (H. Hinnant's civil_from_days), without a Date object. */
export function utcFields(ms: number): { year: number; month: number; day: number; weekday: number; hours: number; minutes: number; seconds: number; millis: number } {
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return { year, month, day: dayOfYear - Math.floor((153 * mp + 2) / 5) + 1, weekday: (((days + 4) % 7) + 7) % 7, hours, minutes, seconds, millis: rest - seconds * 1000 };
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${n}` : String(n)));
// Two digits of 0-99; the Date path can meet NaN (an invalid date), which prints as before.
export const pad2 = (n: number): string => TWO_DIGITS[n] ?? (n < 10 ? `0${n}` : String(n));

// Formatting by hand, from integer arithmetic rather than a Date's getters, is several times faster than
// toUTCString/toISOString, and every item has two or three dates. Only whole milliseconds within years 1000-9999
// take that path; anything else is formatted from a Date as before (with the same four-digit rule).
const FAST_FROM = Date.UTC(1000, 0, 1);
const FAST_UNTIL = Date.UTC(10_000, 0, 1);
export const isFast = (ms: number): boolean => Number.isInteger(ms) && ms >= FAST_FROM && ms < FAST_UNTIL;

/** `new Date(ms).toISOString()` for a valid instant (a RangeError for NaN, as Date gives). */
export function isoString(ms: number): string {
  if (!isFast(ms)) return new Date(ms).toISOString();
  const f = utcFields(ms);
  const millis = f.millis < 10 ? `00${f.millis}` : f.millis < 100 ? `0${f.millis}` : String(f.millis);
  return `${f.year}-${pad2(f.month)}-${pad2(f.day)}T${pad2(f.hours)}:${pad2(f.minutes)}:${pad2(f.seconds)}.${millis}Z`;
}
