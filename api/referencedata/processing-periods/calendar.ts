/** Calendar days as 'YYYY-MM-DD' text, computed in UTC so no time zone can shift them. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  const date = toDate(day);
  date.setUTCDate(date.getUTCDate() + days);
  return toDay(date);
}

export function addMonths(day: string, months: number): string {
  const date = toDate(day);
  date.setUTCMonth(date.getUTCMonth() + months);
  return toDay(date);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / 86_400_000);
}

/** Whole months a period covers, as OpenLMIS rounds them (a half month or more counts as one). */
export function durationInMonths(startDate: string, endDate: string): number {
  return Math.max(1, Math.round((daysBetween(startDate, endDate) + 1) / 30.44));
}

/** "Jan 2018" for a monthly period, "Q1 2018" for a quarterly one, named by its start. */
export function periodName(startDate: string, unit: 'month' | 'quarter'): string {
  const date = toDate(startDate);
  const year = date.getUTCFullYear();
  return unit === 'month' ? `${MONTHS[date.getUTCMonth()]} ${year}` : `Q${Math.floor(date.getUTCMonth() / 3) + 1} ${year}`;
}
