/**
 * Times as a partner's desk reads them. Indonesian newsrooms write WIB/WITA/WIT, which the tz database does not
 * name (Intl gives "GMT+7"), so the three zones' abbreviations come from a small table; other zones take Intl's
 * short name.
 */
const INDONESIAN_ZONES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Ujung_Pandang': 'WITA',
  'Asia/Jayapura': 'WIT',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** An instant shown in both forms a page needs. */
export interface ZonedTime {
  /** In the partner's zone, e.g. `Thu, 13 Jun 2024, 09:30 WIB`; in UTC when the partner has no zone. */
  local: string;
  /** Always UTC, e.g. `Thu, 13 Jun 2024, 02:30 UTC`. */
  utc: string;
  /** RFC 3339 for the <time datetime> attribute. */
  iso: string;
}

function inZone(ms: number, timeZone: string): string {
  let text = '';
  let zoneName = '';
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type === 'timeZoneName') zoneName = part.value;
    else text += part.value;
  }
  const abbreviation = timeZone === 'UTC' ? 'UTC' : (INDONESIAN_ZONES[timeZone] ?? zoneName);
  return `${text.replace(/[\s,]+$/, '')} ${abbreviation}`;
}

/** The instant in the partner's time zone (when set) and in UTC. */
export function zonedTime(ms: number, timeZone: string | undefined): ZonedTime {
  const utc = inZone(ms, 'UTC');
  return { local: timeZone === undefined ? utc : inZone(ms, timeZone), utc, iso: new Date(ms).toISOString().replace('.000Z', 'Z') };
}
