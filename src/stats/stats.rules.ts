/**
 * The dashboard's rules as plain functions: which sections there are, and which UTC days a range
 * covers.
 */

export const STATS_SECTIONS = [
  'claims',
  'tags',
  'statusChanges',
  'mostDisputed',
  'agreement',
] as const;
export type StatsSection = (typeof STATS_SECTIONS)[number];

/** The range the status changes cover when the caller names none: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;
/** The longest range one request may ask for. */
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day `YYYY-MM-DD` as its UTC midnight, or undefined when it is not a real day. */
export function parseDay(value: string): Date | undefined {
  const m = DAY.exec(value);
  if (!m) return undefined;
  const [year, month, day] = m.slice(1).map(Number);
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0–99 to 1900–1999; setting the year again keeps it as given.
  d.setUTCFullYear(year);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? d : undefined;
}

export const formatDay = (d: Date): string => d.toISOString().slice(0, 10);

const startOfDay = (d: Date): Date => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);

export interface DayRange {
  from: string;
  to: string;
  /** Every day from `from` to `to`, both included, oldest first. */
  days: string[];
}

export type RangeProblem = { field: 'from' | 'to'; message: string };

/**
 * The UTC days a request covers: `from` and `to` are both included; `to` defaults to today and
 * `from` to the day that makes the range `DEFAULT_RANGE_DAYS` long (ending at `to`).
 */
export function resolveDayRange(
  input: { from?: string; to?: string },
  now: Date,
): DayRange | RangeProblem {
  const to = input.to !== undefined ? parseDay(input.to) : startOfDay(now);
  if (!to) return { field: 'to', message: 'to must be a calendar day, YYYY-MM-DD' };
  const from =
    input.from !== undefined
      ? parseDay(input.from)
      : new Date(to.getTime() - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  if (!from) return { field: 'from', message: 'from must be a calendar day, YYYY-MM-DD' };
  if (from.getTime() > to.getTime()) return { field: 'to', message: 'to must not be before from' };
  const length = (to.getTime() - from.getTime()) / DAY_MS + 1;
  if (length > MAX_RANGE_DAYS) {
    return { field: 'from', message: `the range may cover at most ${MAX_RANGE_DAYS} days` };
  }
  const days = Array.from({ length }, (_, i) => formatDay(new Date(from.getTime() + i * DAY_MS)));
  return { from: formatDay(from), to: formatDay(to), days };
}

/** Which sections a request asks for: `include` as given (a comma-separated list), or all of them. */
export function parseSections(include: string | undefined): Set<StatsSection> | undefined {
  if (include === undefined) return new Set(STATS_SECTIONS);
  const names = include.split(',').map((s) => s.trim());
  if (!names.every((n): n is StatsSection => (STATS_SECTIONS as readonly string[]).includes(n))) {
    return undefined;
  }
  return new Set(names);
}
