/**
 * facilityTypeApprovedProducts.csv and idealStockAmounts.csv: the guide's "Setup Facility Type
 * Approved Products" and "Setup Ideal Stock Amounts" tables. References are codes: facility type,
 * product and program codes; commodity types as "SYSTEM|id" (UNSPSC|51201621) and periods as
 * "SCHEDULE CODE|period name" (SCH001|Mar2018), as the guide writes them. Rows are saved by their
 * natural key (facility type, orderable and program; facility, commodity type and period), so a
 * re-import changes nothing that did not change.
 */
import type { DirectoryLocation } from '../../../../fhir/index.js';
import { ApiError } from '../../../http/errors.js';
import type { PageRequest } from '../../../http/paging.js';
import { CommodityType } from '../../commodity-types/commodity-type.entity.js';
import { FacilityType } from '../../facility-types/facility-type.entity.js';
import { approvedProductService } from '../../facility-type-approved-products/facility-type-approved-product.service.js';
import { validateApprovedProduct, type ApprovedProductInput } from '../../facility-type-approved-products/facility-type-approved-product.schema.js';
import { SORTABLE as APPROVED_PRODUCT_ORDER } from '../../facility-type-approved-products/facility-type-approved-product.view.js';
import { idealStockAmountService, SORTABLE as AMOUNT_ORDER } from '../../ideal-stock-amounts/ideal-stock-amount.service.js';
import { validateIdealStockAmount } from '../../ideal-stock-amounts/ideal-stock-amount.schema.js';
import { Orderable } from '../../orderables/orderable.entity.js';
import { ProcessingPeriod } from '../../processing-periods/processing-period.entity.js';
import { ProcessingSchedule } from '../../processing-schedules/processing-schedule.entity.js';
import { Program } from '../../programs/program.entity.js';
import type { Repositories } from '../../shared/context.js';
import { cell } from '../coded-csv-type.js';
import type { CsvColumn, CsvType } from '../csv-type.js';
import type { RowReader } from '../row-reader.js';

/** Rows an export reads at a time. */
const EXPORT_PAGE = 1000;

const APPROVED = {
  facilityType: { header: 'facilityType', field: 'facilityType', required: true, aliases: ['Facility Type Code'] },
  orderable: { header: 'orderable', field: 'orderable', required: true, aliases: ['Product Code', 'Orderable Code'] },
  program: { header: 'program', field: 'program', required: true, aliases: ['Program Code'] },
  maxPeriodsOfStock: { header: 'maxPeriodsOfStock', field: 'maxPeriodsOfStock', required: true },
  minPeriodsOfStock: { header: 'minPeriodsOfStock', field: 'minPeriodsOfStock' },
  emergencyOrderPoint: { header: 'emergencyOrderPoint', field: 'emergencyOrderPoint' },
} satisfies Record<string, CsvColumn>;

/** Codes to ids, loaded once per import. */
interface CatalogueCodes {
  facilityTypes: Map<string, string>;
  orderables: Map<string, string>;
  programs: Map<string, string>;
}

export const facilityTypeApprovedProductsCsv: CsvType<ApprovedProductInput, CatalogueCodes> = {
  type: 'facilityTypeApprovedProducts',
  title: 'Facility type approved products',
  store: 'typeorm',
  columns: Object.values(APPROVED),
  // One query after the other: the import's transaction has one connection.
  async prepare({ manager }) {
    const facilityTypes = new Map((await manager.find(FacilityType)).map((t) => [t.code, t.id]));
    const orderables = new Map((await manager.find(Orderable)).map((o) => [o.productCode, o.id]));
    const programs = new Map((await manager.find(Program)).map((p) => [p.code, p.id]));
    return { facilityTypes, orderables, programs };
  },
  toInput(row, codes) {
    const fields = {
      facilityType: reference(row.code(APPROVED.facilityType, (code) => codes.facilityTypes.get(code), 'facility type')),
      orderable: reference(row.code(APPROVED.orderable, (code) => codes.orderables.get(code), 'orderable')),
      program: reference(row.code(APPROVED.program, (code) => codes.programs.get(code), 'program')),
      maxPeriodsOfStock: row.decimal(APPROVED.maxPeriodsOfStock),
      minPeriodsOfStock: row.decimal(APPROVED.minPeriodsOfStock),
      emergencyOrderPoint: row.decimal(APPROVED.emergencyOrderPoint),
    };
    return row.errors.length > 0 ? undefined : validateApprovedProduct(defined(fields));
  },
  key: (input) => `${input.facilityType.id}/${input.orderable.id}/${input.program.id}`,
  async write(input, scope) {
    const { created } = await approvedProductService(scope.manager).upsertByApproval(input);
    return created ? 'created' : 'updated';
  },
  async *exportRows(context) {
    const service = approvedProductService(context.dataSource);
    const sort = [APPROVED_PRODUCT_ORDER.facilityType, APPROVED_PRODUCT_ORDER.program, APPROVED_PRODUCT_ORDER.productCode].map(ascending);
    for await (const p of pages((paging) => service.list({ active: true }, { ...paging, sort }))) {
      yield [p.facilityType.code, p.orderable.productCode, p.program.code, p.maxPeriodsOfStock, p.minPeriodsOfStock, p.emergencyOrderPoint].map(cell);
    }
  },
};

const AMOUNT = {
  facility: { header: 'Facility code', field: 'facility', required: true, aliases: ['Facility'] },
  commodityType: { header: 'Commodity Type', field: 'commodityType', required: true },
  period: { header: 'Period', field: 'processingPeriod', required: true, aliases: ['Processing Period'] },
  amount: { header: 'ISA', field: 'amount', required: true, aliases: ['Amount', 'Ideal Stock Amount'] },
} satisfies Record<string, CsvColumn>;

/** A row with its facility still a code: facilities are Locations, looked up in the directory as rows are written. */
interface AmountRow {
  facilityCode: string;
  commodityTypeId: string;
  processingPeriodId: string;
  amount: number;
}

interface AmountLookups {
  /** "SYSTEM|id" to commodity type id. */
  commodityTypes: Map<string, string>;
  /** "SCHEDULE|period name" to period id. */
  periods: Map<string, string>;
  /** Facility codes already looked up: their id, or the reason they cannot be used. */
  facilities: Map<string, { id: string } | { problem: string }>;
}

export const idealStockAmountsCsv: CsvType<AmountRow, AmountLookups> = {
  type: 'idealStockAmounts',
  title: 'Ideal stock amounts',
  store: 'typeorm',
  columns: Object.values(AMOUNT),
  async prepare({ manager }) {
    const commodityTypes = new Map((await manager.find(CommodityType)).map((t) => [pair(t.classificationSystem, t.classificationId), t.id]));
    const schedules = await scheduleCodes(manager);
    const periods = new Map((await manager.find(ProcessingPeriod)).map((p) => [pair(schedules.get(p.processingScheduleId) ?? '', p.name), p.id]));
    return { commodityTypes, periods, facilities: new Map() };
  },
  toInput(row, lookups) {
    const facilityCode = row.text(AMOUNT.facility);
    const commodityTypeId = pairCell(row, AMOUNT.commodityType, lookups.commodityTypes, 'commodity type', 'UNSPSC|51201621');
    const processingPeriodId = pairCell(row, AMOUNT.period, lookups.periods, 'period', 'SCH001|Mar2018');
    const amount = row.integer(AMOUNT.amount);
    if (row.errors.length > 0 || !facilityCode || !commodityTypeId || !processingPeriodId || amount === undefined) return undefined;
    return { facilityCode, commodityTypeId, processingPeriodId, amount };
  },
  key: (row) => `${row.facilityCode}/${row.commodityTypeId}/${row.processingPeriodId}`,
  async write(row, scope, lookups) {
    const facilityId = await facilityIdOf(row.facilityCode, scope.context.directory, lookups.facilities);
    const input = validateIdealStockAmount({ facility: { id: facilityId }, commodityType: { id: row.commodityTypeId }, processingPeriod: { id: row.processingPeriodId }, amount: row.amount });
    const { created } = await idealStockAmountService(scope.manager, scope.context.directory).upsert(input);
    return created ? 'created' : 'updated';
  },
  async *exportRows(context) {
    const service = idealStockAmountService(context.dataSource, context.directory);
    const schedules = await scheduleCodes(context.dataSource);
    const facilities = new Map<string, DirectoryLocation | undefined>();
    const sort = [AMOUNT_ORDER.facilityId, AMOUNT_ORDER.startDate].map(ascending);
    for await (const a of pages((paging) => service.list({}, { ...paging, sort }, facilities))) {
      const period = pair(schedules.get(a.processingPeriod.processingScheduleId) ?? '', a.processingPeriod.name);
      yield [a.facility.code ?? a.facility.id, pair(a.commodityType.classificationSystem, a.commodityType.classificationId), period, a.amount].map(cell);
    }
  },
};

function reference(id: string | undefined): { id: string } | undefined {
  return id === undefined ? undefined : { id };
}

function pair(first: string, second: string): string {
  return `${first}|${second}`;
}

/** A "FIRST|second" cell resolved through `lookup`; spaces around the bar are ignored. */
function pairCell(row: RowReader, column: CsvColumn, lookup: Map<string, string>, what: string, example: string): string | undefined {
  const value = row.text(column);
  if (value === undefined) return undefined;
  const bar = value.indexOf('|');
  if (bar < 0) return row.fail(column, `"${value}" names no ${what}: write it as ${example}`);
  const found = lookup.get(pair(value.slice(0, bar).trim(), value.slice(bar + 1).trim()));
  return found ?? row.fail(column, `there is no ${what} "${value}"`);
}

/** The facility with this code in the directory, remembered for the rest of the file. */
async function facilityIdOf(code: string, directory: { getByCode(code: string): Promise<DirectoryLocation | undefined> }, known: AmountLookups['facilities']): Promise<string> {
  if (!known.has(code)) {
    const location = await directory.getByCode(code);
    const problem = !location ? `there is no facility with code "${code}"` : location.kind !== 'facility' ? `"${code}" is a ${location.kind}, not a facility` : undefined;
    known.set(code, problem ? { problem } : { id: location!.id });
  }
  const found = known.get(code)!;
  if ('id' in found) return found.id;
  throw new ApiError(400, 'referenceData.error.idealStockAmount.facility.notFound', found.problem, { fieldErrors: { facility: found.problem } });
}

async function scheduleCodes(db: Repositories): Promise<Map<string, string>> {
  const schedules = await db.getRepository(ProcessingSchedule).find();
  return new Map(schedules.map((s) => [s.id, s.code]));
}

function ascending(field: string): PageRequest['sort'][number] {
  return { field, direction: 'ASC' };
}

/** Every item of a paged list, reading EXPORT_PAGE at a time. */
async function* pages<T>(read: (paging: Omit<PageRequest, 'sort'>) => Promise<{ content: T[]; last: boolean }>): AsyncIterable<T> {
  for (let page = 0; ; page += 1) {
    const { content, last } = await read({ page, size: EXPORT_PAGE });
    yield* content;
    if (last || content.length === 0) return;
  }
}

/** Drops undefined members, so the ajv schema's defaults apply to blank cells. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
