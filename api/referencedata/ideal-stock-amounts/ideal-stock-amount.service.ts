/**
 * Ideal stock amounts (configuration guide, "Setup Ideal Stock Amounts"; OpenLMIS
 * `IdealStockAmount`): one amount (a whole number from 0) per facility, commodity type and period
 * (409 for a second one). The facility must be a Location of kind facility in the facility
 * directory; the commodity type and period must exist. Updates name the version they read (409
 * when stale). PUT on the collection saves many by facility, commodity type and period at once,
 * all or nothing, as OpenLMIS's does.
 */
import type { DirectoryLocation, FacilityDirectory } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import { catalogueErrors, fieldError, rethrowUnique } from '../orderables/catalogue-support.js';
import type { Repositories } from '../shared/context.js';
import { IdealStockAmount } from './ideal-stock-amount.entity.js';
import type { IdealStockAmountInput } from './ideal-stock-amount.schema.js';

export interface IdealStockAmountView {
  id: string;
  /** Code and name from the facility directory (absent if the Location has gone since). */
  facility: { id: string; code?: string; name?: string };
  commodityType: { id: string; name: string; classificationSystem: string; classificationId: string };
  processingPeriod: { id: string; name: string; processingScheduleId: string; startDate: string; endDate: string };
  amount: number;
  version: number;
}

export interface IdealStockAmountFilter {
  ids?: string[];
  facilityId?: string;
  commodityTypeId?: string;
  processingPeriodId?: string;
}

/** API sort names to SQL: only these constants are ever put into the ORDER BY. */
export const SORTABLE = { facilityId: 'i.facility_id', startDate: 'pp.start_date', amount: 'i.amount' };

export const idealStockAmountErrors = catalogueErrors('idealStockAmount');
const errors = idealStockAmountErrors;
const LOOKUPS_AT_ONCE = 8; // the directory reads from the shared pool: do not take all of it

interface Row {
  id: string;
  facility_id: string;
  amount: number;
  version: number;
  commodity_type_id: string;
  commodity_type_name: string;
  classification_system: string;
  classification_id: string;
  period_id: string;
  period_name: string;
  processing_schedule_id: string;
  start_date: string;
  end_date: string;
}

const SELECT = `SELECT i.id, i.facility_id, i.amount, i.version,
    ct.id AS commodity_type_id, ct.name AS commodity_type_name, ct.classification_system, ct.classification_id,
    pp.id AS period_id, pp.name AS period_name, pp.processing_schedule_id,
    to_char(pp.start_date, 'YYYY-MM-DD') AS start_date, to_char(pp.end_date, 'YYYY-MM-DD') AS end_date`;
const FROM = `FROM ideal_stock_amounts i
  JOIN commodity_types ct ON ct.id = i.commodity_type_id
  JOIN processing_periods pp ON pp.id = i.processing_period_id`;

export function idealStockAmountService(db: Repositories, directory: FacilityDirectory): IdealStockAmountService {
  return new IdealStockAmountService(db, directory);
}

export class IdealStockAmountService {
  constructor(
    private readonly db: Repositories,
    private readonly directory: FacilityDirectory,
  ) {}

  /** `facilities` caches directory lookups across calls (an export reads many pages). */
  async list(filter: IdealStockAmountFilter, paging: PageRequest, facilities = new Map<string, DirectoryLocation | undefined>()): Promise<Page<IdealStockAmountView>> {
    const { where, params } = conditionsOf(filter);
    const from = `${FROM} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
    const order = [...paging.sort.map(({ field, direction }) => `${field} ${direction}`), 'i.facility_id', 'pp.start_date', 'ct.classification_id', 'i.id'].join(', ');
    const limit = `LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;
    const rows: Row[] = await this.repository.query(`${SELECT} ${from} ORDER BY ${order} ${limit}`, [...params, paging.size, paging.page * paging.size]);
    const [{ total }]: Array<{ total: number }> = await this.repository.query(`SELECT count(*)::int AS total ${from}`, params);
    return toPage(await this.views(rows, facilities), total, paging);
  }

  async get(id: string): Promise<IdealStockAmountView> {
    const rows: Row[] = await this.repository.query(`${SELECT} ${FROM} WHERE i.id = $1`, [id]);
    if (rows.length === 0) throw this.notFound(id);
    const [view] = await this.views(rows, new Map());
    return view;
  }

  notFound(id: string): ApiError {
    return errors(404, 'notFound', `Ideal stock amount ${id} does not exist`);
  }

  async create(input: IdealStockAmountInput): Promise<IdealStockAmountView> {
    return this.get((await this.insert(input)).id);
  }

  /** Updates when `expectedVersion` (If-Match) is absent or current; a stale one answers 409. */
  async update(id: string, input: IdealStockAmountInput, expectedVersion?: number): Promise<IdealStockAmountView> {
    const current = await this.repository.findOneBy({ id });
    if (!current) throw this.notFound(id);
    await this.checkReferences(input);
    const result = await this.repository
      .createQueryBuilder()
      .update()
      .set({ ...columnsOf(input), version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version: expectedVersion ?? current.version })
      .execute()
      .catch(refusedWrite);
    if (result.affected === 0) throw errors(409, 'versionConflict', `Ideal stock amount ${id} was changed by someone else; reload it and try again`);
    return this.get(id);
  }

  /**
   * Creates the amount of the input's facility, commodity type and period, or sets it whatever its
   * version (OpenLMIS's save, CSV re-import); an unchanged amount is not written again.
   */
  async upsert(input: IdealStockAmountInput): Promise<{ idealStockAmount: IdealStockAmount; created: boolean }> {
    const existing = await this.repository.findOneBy(naturalKeyOf(input));
    if (!existing) return { idealStockAmount: await this.insert(input), created: true };
    if (existing.amount === input.amount) return { idealStockAmount: existing, created: false };
    existing.amount = input.amount;
    return { idealStockAmount: await this.repository.save(existing), created: false };
  }

  /** Saves every amount or none; a refused one is named by its position in the list (`3.facility`). */
  async upsertMany(inputs: IdealStockAmountInput[]): Promise<IdealStockAmountView[]> {
    checkNoRepeats(inputs);
    const ids = await this.db.transaction(async (manager) => {
      const service = new IdealStockAmountService(manager, this.directory);
      const saved: string[] = [];
      for (const [index, input] of inputs.entries()) saved.push((await service.upsert(input).catch(atIndex(index))).idealStockAmount.id);
      return saved;
    });
    const views = await this.list({ ids }, { page: 0, size: Math.max(1, ids.length), sort: [] });
    const byId = new Map(views.content.map((view) => [view.id, view]));
    // An amount whose period was removed meanwhile is gone with it.
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  private async insert(input: IdealStockAmountInput): Promise<IdealStockAmount> {
    await this.checkReferences(input);
    return this.repository.save(this.repository.create(columnsOf(input))).catch(refusedWrite);
  }

  /** The facility is a Location of kind facility; the commodity type and period exist. */
  private async checkReferences(input: IdealStockAmountInput): Promise<void> {
    const facilityId = input.facility.id;
    const location = await this.directory.get(facilityId);
    if (!location) throw fieldError(errors, 'facility', 'facility.notFound', `Facility ${facilityId} does not exist`);
    if (location.kind !== 'facility') throw fieldError(errors, 'facility', 'facility.notAFacility', `Location ${facilityId} is a ${location.kind}, not a facility`);
    const [row]: Array<{ commodity_type: boolean; period: boolean }> = await this.repository.query(
      `SELECT EXISTS (SELECT 1 FROM commodity_types WHERE id = $1) AS commodity_type, EXISTS (SELECT 1 FROM processing_periods WHERE id = $2) AS period`,
      [input.commodityType.id, input.processingPeriod.id],
    );
    if (!row.commodity_type) throw fieldError(errors, 'commodityType', 'commodityType.notFound', `Commodity type ${input.commodityType.id} does not exist`);
    if (!row.period) throw fieldError(errors, 'processingPeriod', 'processingPeriod.notFound', `Processing period ${input.processingPeriod.id} does not exist`);
  }

  private async views(rows: Row[], facilities: Map<string, DirectoryLocation | undefined>): Promise<IdealStockAmountView[]> {
    await this.lookUpFacilities([...new Set(rows.map((row) => row.facility_id))], facilities);
    return rows.map((row) => toView(row, facilities.get(row.facility_id)));
  }

  /** Adds the facilities not looked up yet to `facilities`, a few lookups at a time. */
  private async lookUpFacilities(ids: string[], facilities: Map<string, DirectoryLocation | undefined>): Promise<void> {
    const missing = ids.filter((id) => !facilities.has(id));
    for (let start = 0; start < missing.length; start += LOOKUPS_AT_ONCE) {
      const batch = missing.slice(start, start + LOOKUPS_AT_ONCE);
      const found = await Promise.all(batch.map((id) => this.directory.get(id)));
      batch.forEach((id, index) => facilities.set(id, found[index]));
    }
  }

  private get repository() {
    return this.db.getRepository(IdealStockAmount);
  }

}

function conditionsOf(filter: IdealStockAmountFilter): { where: string[]; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  if (filter.ids !== undefined) where.push(`i.id = ANY(${param(filter.ids)}::uuid[])`);
  if (filter.facilityId !== undefined) where.push(`i.facility_id = ${param(filter.facilityId)}`);
  if (filter.commodityTypeId !== undefined) where.push(`i.commodity_type_id = ${param(filter.commodityTypeId)}`);
  if (filter.processingPeriodId !== undefined) where.push(`i.processing_period_id = ${param(filter.processingPeriodId)}`);
  return { where, params };
}

function naturalKeyOf(input: IdealStockAmountInput) {
  return { facilityId: input.facility.id, commodityTypeId: input.commodityType.id, processingPeriodId: input.processingPeriod.id };
}

function columnsOf(input: IdealStockAmountInput) {
  return { ...naturalKeyOf(input), amount: input.amount };
}

const FOREIGN_KEY_VIOLATION = '23503';

/** The database's refusals as answers: a second amount for the key, or a period removed since the checks (both 409). */
function refusedWrite(error: unknown): never {
  if ((error as { driverError?: { code?: string } }).driverError?.code === FOREIGN_KEY_VIOLATION) {
    throw errors(409, 'referenceChanged', 'The commodity type or period was removed meanwhile; reload and try again');
  }
  return rethrowUnique(error, {
    ideal_stock_amounts_natural_key_unique: () =>
      errors(409, 'duplicated', 'This facility already has an ideal stock amount for this commodity type and period; update that one instead'),
  });
}

/** A list naming one facility, commodity type and period twice is ambiguous: which amount was meant? */
function checkNoRepeats(inputs: IdealStockAmountInput[]): void {
  const firstIndexOf = new Map<string, number>();
  for (const [index, input] of inputs.entries()) {
    const key = JSON.stringify(Object.values(naturalKeyOf(input)));
    const first = firstIndexOf.get(key);
    if (first !== undefined) throw fieldError(errors, `${index}.facility`, 'repeated', `Item ${index} repeats item ${first}: the same facility, commodity type and period`);
    firstIndexOf.set(key, index);
  }
}

/** A refusal of the list's item `index`, its field errors prefixed with the position. */
function atIndex(index: number) {
  return (error: unknown): never => {
    if (!(error instanceof ApiError)) throw error;
    const fieldErrors = (error.details as { fieldErrors?: Record<string, string> } | undefined)?.fieldErrors ?? {};
    const prefixed = Object.fromEntries(Object.entries(fieldErrors).map(([field, message]) => [`${index}.${field}`, message]));
    throw new ApiError(error.status, error.messageKey, `Item ${index}: ${error.message}`, { fieldErrors: prefixed });
  };
}


function toView(row: Row, facility: DirectoryLocation | undefined): IdealStockAmountView {
  return {
    id: row.id,
    facility: facility ? { id: row.facility_id, code: facility.code, name: facility.name } : { id: row.facility_id },
    commodityType: { id: row.commodity_type_id, name: row.commodity_type_name, classificationSystem: row.classification_system, classificationId: row.classification_id },
    processingPeriod: { id: row.period_id, name: row.period_name, processingScheduleId: row.processing_schedule_id, startDate: row.start_date, endDate: row.end_date },
    amount: row.amount,
    version: row.version,
  };
}
