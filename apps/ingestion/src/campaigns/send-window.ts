import { getTimezonesForCountry } from 'countries-and-timezones';
import { SendWindow } from '@zagel/contracts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A window opens at least once a week (if it ever does): look one week and a day ahead. */
const HORIZON_DAYS = 8;

interface LocalTime {
  /** ISO weekday, 1 = Monday ... 7 = Sunday. */
  weekday: number;
  minuteOfDay: number;
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function localTime(zone: string, at: Date): LocalTime {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return {
    weekday: WEEKDAYS[parts.weekday],
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
  };
}

const zonesByCountry = new Map<string, readonly string[]>();

/**
 * The time zones people of a country live in (the zones the tz database attributes to that country
 * first, without aliases); none for an unknown country.
 */
export function countryTimeZones(country: string): readonly string[] {
  let zones = zonesByCountry.get(country);
  if (!zones) {
    zones = (getTimezonesForCountry(country, { deprecated: false }) ?? [])
      .filter((zone) => !zone.aliasOf && zone.countries[0] === country)
      .map((zone) => zone.name);
    zonesByCountry.set(country, zones);
  }
  return zones;
}

function minutes(hourMinute: string): number {
  const [hours, mins] = hourMinute.split(':').map(Number);
  return hours * 60 + mins;
}

/** Whether the window is open at a local time; a window whose `to` is not after its `from` runs over midnight (its days are the days it opens). */
function openAtLocal(window: SendWindow, local: LocalTime): boolean {
  const from = minutes(window.from);
  const to = minutes(window.to);
  const dayAllowed = (weekday: number) => !window.days || window.days.includes(weekday);
  if (from < to) return dayAllowed(local.weekday) && local.minuteOfDay >= from && local.minuteOfDay < to;
  // Over midnight (or a whole day from `from` when both are equal).
  if (local.minuteOfDay >= from) return dayAllowed(local.weekday);
  if (local.minuteOfDay < to) return dayAllowed(local.weekday === 1 ? 7 : local.weekday - 1);
  return false;
}

/**
 * Whether a recipient of this country may be sent to now: the window must be open in every time zone
 * of the country, so no one gets a message outside the hours, whichever part of the country they are
 * in (quiet-hours rules are the recipient's local time). A country we know no zone of follows UTC.
 */
export function sendWindowOpen(window: SendWindow, country: string, at: Date): boolean {
  const zones = countryTimeZones(country);
  if (zones.length === 0) return openAtLocal(window, localTime('UTC', at));
  return zones.every((zone) => openAtLocal(window, localTime(zone, at)));
}

/** The instant a zone's clock shows `minuteOfDay` on the local date of `near` (shifted by `dayOffset` days). */
function instantOfLocal(zone: string, near: Date, dayOffset: number, minuteOfDay: number): Date {
  const local = localTime(zone, near);
  const wanted = Date.UTC(local.year, local.month - 1, local.day + dayOffset) + minuteOfDay * MINUTE_MS;
  // Two corrections by the zone's offset at the guess settle it, also across a DST change.
  let guess = wanted;
  for (let pass = 0; pass < 2; pass++) {
    const shown = localTime(zone, new Date(guess));
    const shownMs = Date.UTC(shown.year, shown.month - 1, shown.day) + shown.minuteOfDay * MINUTE_MS;
    guess += wanted - shownMs;
  }
  return new Date(guess);
}

/** When the window next opens for this country: `at` itself when open now, else to the minute. */
export function nextSendWindowOpening(window: SendWindow, country: string, at: Date): Date | undefined {
  if (sendWindowOpen(window, country, at)) return at;
  const zones = countryTimeZones(country);
  const from = minutes(window.from);
  // The window opens for the whole country when it opens in the last of its zones: one of the zones' local `from`.
  const candidates = (zones.length > 0 ? zones : ['UTC'])
    .flatMap((zone) => Array.from({ length: HORIZON_DAYS }, (_, day) => instantOfLocal(zone, at, day, from)))
    .filter((candidate) => candidate.getTime() > at.getTime() && candidate.getTime() <= at.getTime() + HORIZON_DAYS * DAY_MS)
    .sort((a, b) => a.getTime() - b.getTime());
  return candidates.find((candidate) => sendWindowOpen(window, country, candidate));
}
