/**
 * The demo schedules' periods, relative to today: monthly periods for the past 12 months and the
 * next 3, and the quarters that cover the same span. They are written as a processingPeriods CSV
 * and loaded through the same import as every other demo file.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Period {
  name: string;
  description: string;
  start: Date;
  end: Date;
  schedule: string;
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const utc = (year: number, month: number, date = 1) => new Date(Date.UTC(year, month, date));

export function demoPeriodsCsv(today: Date = new Date()): string {
  const first = utc(today.getUTCFullYear(), today.getUTCMonth() - 12);
  const last = utc(today.getUTCFullYear(), today.getUTCMonth() + 4, 0); // end of the third month ahead
  const periods = [...monthly(first, last), ...quarterly(first, last)];
  const rows = periods.map((p) => [p.name, p.description, day(p.start), day(p.end), p.schedule, 'FALSE'].join(','));
  return ['Name,Description,Start Date,End Date,Processing Schedule,Report Only', ...rows].join('\n') + '\n';
}

function* monthly(first: Date, last: Date): Generator<Period> {
  for (let start = first; start <= last; start = utc(start.getUTCFullYear(), start.getUTCMonth() + 1)) {
    const label = `${MONTHS[start.getUTCMonth()]} ${start.getUTCFullYear()}`;
    yield { name: label, description: `Month of ${label}`, start, end: utc(start.getUTCFullYear(), start.getUTCMonth() + 1, 0), schedule: 'SCH001' };
  }
}

function* quarterly(first: Date, last: Date): Generator<Period> {
  const startMonth = first.getUTCMonth() - (first.getUTCMonth() % 3);
  for (let start = utc(first.getUTCFullYear(), startMonth); start <= last; start = utc(start.getUTCFullYear(), start.getUTCMonth() + 3)) {
    const label = `Q${start.getUTCMonth() / 3 + 1} ${start.getUTCFullYear()}`;
    yield { name: label, description: `Quarter ${label}`, start, end: utc(start.getUTCFullYear(), start.getUTCMonth() + 3, 0), schedule: 'SCH002' };
  }
}
