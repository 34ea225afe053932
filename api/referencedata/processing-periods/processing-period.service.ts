/**
 * Processing periods, with the guide's rules: a period ends after it starts; within a schedule the
 * periods are contiguous (each starts the day after the previous one ends, no gaps, no overlap);
 * only the last period may be removed; dates never change once set (requisitions refer to them).
 * Every change locks its schedule, so two administrators adding periods cannot both succeed.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import { addDays, addMonths, daysBetween, durationInMonths, periodName } from './calendar.js';
import { ProcessingPeriod } from './processing-period.entity.js';
import type { PeriodGeneratorInput, ProcessingPeriodInput } from './processing-period.schema.js';

export type PeriodView = ProcessingPeriod & { durationInMonths: number };

export interface PeriodFilter {
  processingScheduleId?: string;
  /** Periods overlapping [startDate, endDate]. */
  startDate?: string;
  endDate?: string;
}

const MAX_GENERATED = 600; // 50 years of months: a typo in `until` must not fill the table
const error = (status: number, key: string, message: string) => new ApiError(status, `referenceData.error.processingPeriod.${key}`, message);

export class ProcessingPeriodService {
  /** A data source, or an import's transaction (whose nested transactions become savepoints). */
  constructor(private readonly db: DataSource | EntityManager) {}

  private get manager(): EntityManager {
    return 'manager' in this.db ? this.db.manager : this.db;
  }

  async list(filter: PeriodFilter, paging: PageRequest): Promise<Page<PeriodView>> {
    const query = this.db.getRepository(ProcessingPeriod).createQueryBuilder('p');
    if (filter.processingScheduleId) query.andWhere('p.processingScheduleId = :schedule', { schedule: filter.processingScheduleId });
    if (filter.startDate) query.andWhere('p.endDate >= :from', { from: filter.startDate });
    if (filter.endDate) query.andWhere('p.startDate <= :to', { to: filter.endDate });
    for (const { field, direction } of paging.sort) query.addOrderBy(`p.${field}`, direction);
    query.addOrderBy('p.id', 'ASC').skip(paging.page * paging.size).take(paging.size);
    const [content, total] = await query.getManyAndCount();
    return toPage(content.map(view), total, paging);
  }

  async get(id: string, manager: EntityManager = this.manager): Promise<PeriodView> {
    const found = await manager.findOneBy(ProcessingPeriod, { id });
    if (!found) throw error(404, 'notFound', `Processing period ${id} does not exist`);
    return view(found);
  }

  async create(input: ProcessingPeriodInput): Promise<PeriodView> {
    return this.db.transaction(async (manager) => {
      const last = await lockScheduleAndFindLast(manager, input.processingScheduleId);
      checkDates(input.startDate, input.endDate);
      if (last && input.startDate !== addDays(last.endDate, 1)) {
        throw error(400, 'notContiguous', `The next period of this schedule must start on ${addDays(last.endDate, 1)}, the day after "${last.name}" ends`);
      }
      return view(await insert(manager, input));
    });
  }

  /** Name, description and report-only may change; the schedule and dates may not. */
  async update(id: string, input: ProcessingPeriodInput, expectedVersion?: number): Promise<PeriodView> {
    const current = await this.get(id);
    if (input.processingScheduleId !== current.processingScheduleId || input.startDate !== current.startDate || input.endDate !== current.endDate) {
      throw error(400, 'immutable', 'A period keeps its schedule and dates; remove the last period and add it again to change them');
    }
    const result = await this.db
      .createQueryBuilder()
      .update(ProcessingPeriod)
      .set({ name: input.name, description: input.description ?? null, reportOnly: input.reportOnly, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version: expectedVersion ?? current.version })
      .execute()
      .catch(duplicateName(input.name));
    if (result.affected === 0) throw error(409, 'versionConflict', `Processing period ${id} was changed by someone else; reload it and try again`);
    return this.get(id);
  }

  /** Creates the period, or updates the schedule's period of that name (CSV re-import). */
  async upsertByName(input: ProcessingPeriodInput): Promise<{ period: PeriodView; created: boolean }> {
    const existing = await this.manager.findOneBy(ProcessingPeriod, { processingScheduleId: input.processingScheduleId, name: input.name });
    if (existing) return { period: await this.update(existing.id, input), created: false };
    return { period: await this.create(input), created: true };
  }

  async remove(id: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      const period = await this.get(id, manager);
      const last = await lockScheduleAndFindLast(manager, period.processingScheduleId);
      if (last?.id !== id) throw error(409, 'notLast', `Only the last period of a schedule can be removed; "${period.name}" is followed by others`);
      await manager.delete(ProcessingPeriod, { id });
    });
  }

  /** Adds contiguous monthly or quarterly periods after the schedule's last one, up to `until`. */
  async generate(scheduleId: string, input: PeriodGeneratorInput): Promise<PeriodView[]> {
    return this.db.transaction(async (manager) => {
      const last = await lockScheduleAndFindLast(manager, scheduleId);
      let start = last ? addDays(last.endDate, 1) : input.startDate;
      if (!start) throw error(400, 'startDateRequired', 'The schedule has no period yet: say where the first one starts (startDate)');
      if (last && input.startDate && input.startDate !== start) throw error(400, 'notContiguous', `Generated periods must start on ${start}, the day after the last period`);
      const months = input.unit === 'month' ? 1 : 3;
      const created: PeriodView[] = [];
      while (start <= input.until) {
        if (created.length >= MAX_GENERATED) throw error(400, 'tooMany', `At most ${MAX_GENERATED} periods are generated at once`);
        const end = addDays(addMonths(start, months), -1);
        const name = periodName(start, input.unit);
        created.push(view(await insert(manager, { processingScheduleId: scheduleId, name, description: null, startDate: start, endDate: end, reportOnly: input.reportOnly })));
        start = addDays(end, 1);
      }
      return created;
    });
  }
}

async function lockScheduleAndFindLast(manager: EntityManager, scheduleId: string): Promise<ProcessingPeriod | undefined> {
  const locked = await manager.query('SELECT id FROM processing_schedules WHERE id = $1 FOR UPDATE', [scheduleId]);
  if (locked.length === 0) throw new ApiError(404, 'referenceData.error.processingSchedule.notFound', `Processing schedule ${scheduleId} does not exist`);
  const last = await manager.find(ProcessingPeriod, { where: { processingScheduleId: scheduleId }, order: { endDate: 'DESC' }, take: 1 });
  return last[0];
}

function checkDates(startDate: string, endDate: string): void {
  if (daysBetween(startDate, endDate) < 1) throw error(400, 'dates', `The end date (${endDate}) must be at least one day after the start date (${startDate})`);
}

async function insert(manager: EntityManager, input: ProcessingPeriodInput): Promise<ProcessingPeriod> {
  const period = manager.create(ProcessingPeriod, { ...input, description: input.description ?? null, reportOnly: input.reportOnly ?? false });
  return manager.save(period).catch(duplicateName(input.name));
}

function duplicateName(name: string) {
  return (failure: { driverError?: { code?: string; constraint?: string } }): never => {
    if (failure.driverError?.code === '23505' && failure.driverError.constraint === 'processing_periods_name_unique') {
      throw error(409, 'name.duplicated', `This schedule already has a period named "${name}"`);
    }
    throw failure;
  };
}

function view(period: ProcessingPeriod): PeriodView {
  return { ...period, durationInMonths: durationInMonths(period.startDate, period.endDate) };
}
