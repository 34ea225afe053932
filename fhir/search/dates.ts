/**
 * FHIR dates as ranges. A date of lower precision covers an interval ("2024-03" is all of March),
 * and search compares intervals; times without an offset are read as UTC. Accepts the offsets
 * `Z` and `+hh:mm`, and a space where a client forgot to encode `+` in a query string.
 */
import type { TypedValue } from '@medplum/core';

export interface DateRange {
  low: string | null;
  high: string | null;
}

const DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** The interval a FHIR date/dateTime/instant text covers, or undefined when it is not one. */
export function parseDateRange(input: string): DateRange | undefined {
  const text = input.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const offset = zone && zone !== 'Z' ? zone : 'Z';
  const y = Number(year);
  if (!month) return span(Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1));
  const m = Number(month) - 1;
  if (m > 11) return undefined;
  if (!day) return span(Date.UTC(y, m, 1), Date.UTC(y, m + 1, 1));
  const d = Number(day);
  if (d < 1 || d > 31) return undefined;
  if (!hour) return span(Date.UTC(y, m, d), Date.UTC(y, m, d + 1));
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second ?? '00'}${fraction ? fraction.slice(0, 4) : ''}${offset}`;
  const start = Date.parse(iso);
  if (Number.isNaN(start)) return undefined;
  const width = second === undefined ? 60_000 : fraction ? 1 : 1000;
  return span(start, start + width);
}

function span(startMs: number, endMs: number): DateRange {
  return { low: new Date(startMs).toISOString(), high: new Date(endMs - 1).toISOString() };
}

/** An instant from a query (`_since`, `_at`): the start of the interval the text names. */
export function parseInstant(input: string): Date | undefined {
  const range = parseDateRange(input);
  return range?.low ? new Date(range.low) : undefined;
}

export function dateRange(typed: TypedValue): DateRange | undefined {
  const value = typed.value as unknown;
  if (typeof value === 'string') return parseDateRange(value);
  if (value && typeof value === 'object' && ('start' in value || 'end' in value)) {
    const period = value as { start?: string; end?: string };
    const low = period.start ? parseDateRange(period.start)?.low ?? null : null;
    const high = period.end ? parseDateRange(period.end)?.high ?? null : null;
    return low || high ? { low, high } : undefined;
  }
  return undefined;
}
