import { describe, expect, it } from 'vitest';
import { languageName } from '../../shared/publish/language-names.js';
import { zonedTime } from '../../shared/publish/zoned-time.js';

const AT = Date.parse('2024-06-13T02:30:00.000Z');

describe('times in the partner time zone', () => {
  it.each([
    ['Jakarta as WIB', 'Asia/Jakarta', 'Thu, 13 Jun 2024, 09:30 WIB'],
    ['Pontianak as WIB', 'Asia/Pontianak', 'Thu, 13 Jun 2024, 09:30 WIB'],
    ['Makassar as WITA', 'Asia/Makassar', 'Thu, 13 Jun 2024, 10:30 WITA'],
    ['Jayapura as WIT', 'Asia/Jayapura', 'Thu, 13 Jun 2024, 11:30 WIT'],
    ['London by its Intl short name', 'Europe/London', 'Thu, 13 Jun 2024, 03:30 BST'],
    ['New York, across midnight, by its Intl short name', 'America/New_York', 'Wed, 12 Jun 2024, 22:30 GMT-4'],
    ['no zone as UTC', undefined, 'Thu, 13 Jun 2024, 02:30 UTC'],
  ])('shows %s', (_name, zone, local) => {
    expect(zonedTime(AT, zone)).toEqual({ local, utc: 'Thu, 13 Jun 2024, 02:30 UTC', iso: '2024-06-13T02:30:00Z' });
  });
});

describe('language names', () => {
  it.each([
    ['id', 'Bahasa Indonesia'],
    ['id-ID', 'Bahasa Indonesia'],
    ['ms', 'Bahasa Melayu'],
    ['en', 'English'],
    ['fr', 'Français'],
    ['ja', '日本語'],
    ['qqq', 'qqq'],
  ])('names %s as %s', (tag, name) => {
    expect(languageName(tag)).toBe(name);
  });
});
