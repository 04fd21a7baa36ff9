import { daysInMonth, isoString } from '../model/instant.js';

/**
 * Reading the dates partners write: RFC 822/1123 and their wild variants, ISO 8601 / W3C-DTF, NITF's compact
 * form, and Indonesian forms (month names, WIB/WITA/WIT). Everything becomes ISO 8601 UTC with milliseconds;
 * anything unreadable is undefined (never "now": the caller has no clock here and must not invent one).
 */

const MONTHS: Record<string, number> = {};
function months(names: string[], month: number): void {
  for (const n of names) MONTHS[n] = month;
}
months(['jan', 'january', 'januari', 'janv', 'janvier', 'enero', 'januar'], 1);
months(['feb', 'february', 'februari', 'pebruari', 'febr', 'fevrier', 'février', 'februar'], 2);
months(['mar', 'march', 'maret', 'mars', 'marzo', 'märz', 'mrt'], 3);
months(['apr', 'april', 'avril', 'abril'], 4);
months(['may', 'mei', 'mai', 'mayo'], 5);
months(['jun', 'june', 'juni', 'juin', 'junio'], 6);
months(['jul', 'july', 'juli', 'juil', 'juillet', 'julio'], 7);
months(['aug', 'august', 'agustus', 'agu', 'ags', 'agt', 'aout', 'août', 'agosto'], 8);
months(['sep', 'sept', 'september', 'septembre', 'septiembre'], 9);
months(['oct', 'october', 'okt', 'oktober', 'octobre', 'octubre'], 10);
months(['nov', 'november', 'nop', 'nopember', 'novembre', 'noviembre'], 11);
months(['dec', 'december', 'des', 'desember', 'dez', 'dezember', 'decembre', 'décembre', 'diciembre'], 12);

/** Zone names in minutes east of UTC. Military letters follow RFC 822's text (A = -1), as feed readers do. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0,
  est: -300, edt: -240, et: -300, cst: -360, cdt: -300, ct: -360, mst: -420, mdt: -360, mt: -420,
  pst: -480, pdt: -420, pt: -480, ast: -240, adt: -180, akst: -540, akdt: -480, hst: -600,
  bst: 60, cet: 60, cest: 120, met: 60, mest: 120, eet: 120, eest: 180, msk: 180,
  ist: 330, sgt: 480, hkt: 480, jst: 540, kst: 540, awst: 480, acst: 570, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
  // Indonesia: Waktu Indonesia Barat / Tengah / Timur.
  wib: 420, wita: 480, wit: 540,
};
for (let i = 0; i < 12; i++) {
  // RFC 822: A..I = -1..-9, K..M = -10..-12 (J unused), N..Y = +1..+12.
  const west = String.fromCharCode(i < 9 ? 97 + i : 98 + i); // a..i, k..m
  ZONES[west] = -(i + 1) * 60;
  ZONES[String.fromCharCode(110 + i)] = (i + 1) * 60; // n..y
}

const DAY_NAMES =
  /\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\b\.?|\b(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|min|sen|sel|rab|kam|jum|sab)\b\.?/gi;

/** tz database `Etc/GMT±N` zones: POSIX signs, inverted (Etc/GMT+7 is UTC−7). */
const ETC_GMT = /\bEtc\/GMT([+-])(\d{1,2})\b/i;

const ISO =
  /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?|(\d{2})(\d{2}))?(?:(?:T|\s+)(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Read a date string into ISO 8601 UTC with milliseconds; undefined when it cannot be read. */
export function parseDate(input: string | undefined | null): string | undefined {
  if (input === undefined || input === null) return undefined;
  const s = input.trim();
  // A date is short; a long value is not one, and bounding it keeps every pattern below linear.
  if (!s || s.length > 120) return undefined;
  const t = ETC_GMT.test(s) ? s.replace(ETC_GMT, (_w, sign: string, h: string) => `${sign === '+' ? '-' : '+'}${h.padStart(2, '0')}00`) : s;
  return parseRfc822(t) ?? parseIso(t) ?? parseTextual(t);
}

const RFC822 = /^(?:[A-Za-z]{3},\s*)?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|GMT|UTC|UT|Z)?$/;

/** The well-formed RFC 822 most feeds write, read without the general machinery (it runs once per item). */
function parseRfc822(s: string): string | undefined {
  const m = RFC822.exec(s);
  if (!m) return undefined;
  const month = MONTHS[m[2].toLowerCase()];
  if (month === undefined) return undefined;
  const z = m[7];
  let offset = 0;
  if (z !== undefined && (z.charCodeAt(0) === 43 || z.charCodeAt(0) === 45)) {
    const h = +z.slice(1, 3);
    const mi = +z.slice(3, 5);
    if (h > 14 || mi > 59) return undefined;
    offset = (z.charCodeAt(0) === 45 ? -1 : 1) * (h * 60 + mi);
  }
  return build(+m[3], month, +m[1], +m[4], +m[5], m[6] !== undefined ? +m[6] : 0, 0, offset);
}

function parseIso(s: string): string | undefined {
  const m = ISO.exec(s);
  if (!m) return undefined;
  const year = +m[1];
  const month = m[2] !== undefined ? +m[2] : m[4] !== undefined ? +m[4] : 1;
  const day = m[3] !== undefined ? +m[3] : m[5] !== undefined ? +m[5] : 1;
  // A bare 4-digit number with no dashes must not swallow "20240731" splits wrongly; handled by groups 4/5.
  const hour = m[6] !== undefined ? +m[6] : 0;
  const minute = m[7] !== undefined ? +m[7] : 0;
  const second = m[8] !== undefined ? +m[8] : 0;
  const ms = m[9] !== undefined ? Math.round(+`0.${m[9]}` * 1000) : 0;
  // A zone with no time is not ISO 8601: "2013-01-27-01" is no date, not 01:00 on the 27th.
  if (m[10] !== undefined && m[6] === undefined) return undefined;
  const offset = m[10] !== undefined ? zoneOffset(m[10]) : 0;
  if (offset === undefined) return undefined;
  return build(year, month, day, hour, minute, second, ms, offset);
}

function zoneOffset(z: string): number | undefined {
  const t = z.trim().toLowerCase();
  const num = /^(?:gmt|utc|ut)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/.exec(t);
  if (num) {
    const h = +num[2];
    const mi = num[3] !== undefined ? +num[3] : 0;
    if (h > 14 || mi > 59) return undefined;
    return (num[1] === '-' ? -1 : 1) * (h * 60 + mi);
  }
  const named = ZONES[t.replace(/[().]/g, '')];
  return named;
}

function parseTextual(input: string): string | undefined {
  let s = input.replace(DAY_NAMES, ' ').replace(/[,|]/g, ' ').replace(/\s+/g, ' ').trim();
  // Time: 18:00, 18:00:05, 18.00 (Indonesian sites write dots), optional am/pm.
  const timeRe = /(?:^|[\sT])(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.(\d+))?)?(?:\s*([ap])\.?m\.?\b)?/i;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let offset = 0;
  const tm = timeRe.exec(s);
  let rest = s;
  if (tm) {
    hour = +tm[1];
    minute = +tm[2];
    second = tm[3] !== undefined ? +tm[3] : 0;
    ms = tm[4] !== undefined ? Math.round(+`0.${tm[4]}` * 1000) : 0;
    if (tm[5]) {
      const pm = tm[5].toLowerCase() === 'p';
      if (hour > 12) return undefined;
      hour = (hour % 12) + (pm ? 12 : 0);
    }
    const after = s.slice(tm.index + tm[0].length).trim();
    rest = `${s.slice(0, tm.index)} `;
    if (after) {
      const zm = /^(?:([A-Za-z]{1,5})?\s*([+-]\s*\d{1,2}(?::?\d{2})?)|\(?([A-Za-z]{1,5})\)?)(?:\s|$)/.exec(after);
      if (zm) {
        const z = zm[2] !== undefined ? `${zm[1] ?? ''}${zm[2].replace(/\s/g, '')}` : zm[3];
        const off = zoneOffset(z);
        if (off === undefined) return undefined;
        offset = off;
        // A trailing comment naming the zone again: "+0700 (WIB)".
        rest += after.slice(zm[0].length).replace(/^\s*\([^)]*\)/, '');
      } else rest += after;
    }
  }
  rest = rest.replace(/-/g, ' ').trim();
  let month: number | undefined;
  let day: number | undefined;
  let year: number | undefined;
  const numbers: string[] = [];
  for (const tok of rest.split(/[\s/.]+/)) {
    if (!tok) continue;
    const word = tok.toLowerCase().replace(/\.$/, '');
    if (/^\d+$/.test(word)) {
      numbers.push(word);
      continue;
    }
    const mo = MONTHS[word];
    if (mo !== undefined && month === undefined) {
      month = mo;
      continue;
    }
    if (/^(?:pukul|jam|at|um|à|a|de|del|on|wib|wita|wit)$/.test(word)) {
      const z = ZONES[word];
      if (z !== undefined && tm) offset = z;
      continue;
    }
    if (/^\d{1,2}(?:st|nd|rd|th)$/.test(word)) {
      numbers.push(word.replace(/\D/g, ''));
      continue;
    }
    return undefined; // an unknown word: refuse rather than guess
  }
  if (month !== undefined) {
    for (const n of numbers) {
      if (n.length === 4 && year === undefined) year = +n;
      else if (n.length <= 2 && day === undefined) day = +n;
      else if (n.length <= 2 && year === undefined) year = twoDigitYear(+n);
      else return undefined;
    }
  } else if (numbers.length === 3) {
    // Numeric dates: YYYY/MM/DD or DD/MM/YYYY (the order partners in Indonesia and Europe use).
    if (numbers[0].length === 4) [year, month, day] = [+numbers[0], +numbers[1], +numbers[2]];
    else if (numbers[2].length === 4) [day, month, year] = [+numbers[0], +numbers[1], +numbers[2]];
    else return undefined;
  } else return undefined;
  if (year === undefined || day === undefined || month === undefined) return undefined;
  return build(year, month, day, hour, minute, second, ms, offset);
}

function twoDigitYear(y: number): number {
  return y < 50 ? 2000 + y : 1900 + y;
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMinutes: number,
): string | undefined {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month) || hour > 24 || minute > 59 || second > 60) return undefined;
  if (hour === 24 && (minute > 0 || second > 0)) return undefined;
  if (second === 60) second = 59; // a leap second is not representable; keep it in the same minute
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return Number.isNaN(t) ? undefined : isoString(t);
}
