/**
 * Reading approved products as the API shows them: a version's stock settings with its facility
 * type, program and orderable (the orderable's latest version, as OpenLMIS shows it) named by id,
 * code and name. One query per page, joins included.
 */
import { isUuid } from '../../http/request-params.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import type { Repositories } from '../shared/context.js';
import { FacilityTypeApprovedProduct } from './facility-type-approved-product.entity.js';

export interface ApprovedProductView {
  id: string;
  versionNumber: number;
  lastUpdated: string;
  facilityType: { id: string; code: string; name: string };
  program: { id: string; code: string; name: string };
  orderable: { id: string; productCode: string; fullProductName: string; versionNumber: number };
  maxPeriodsOfStock: number;
  minPeriodsOfStock: number | null;
  emergencyOrderPoint: number | null;
  active: boolean;
}

export interface ApprovedProductFilter {
  /** Facility types by code or id (any of them). */
  facilityTypes?: string[];
  /** The program by code or id. */
  program?: string;
  orderableIds?: string[];
  /** Whether the orderable's latest version orders it as full supply under the approved product's program. */
  fullSupply?: boolean;
  active?: boolean;
}

/** API sort names to SQL: only these constants are ever put into the ORDER BY. */
export const SORTABLE = {
  productCode: 'ov.product_code',
  fullProductName: 'ov.full_product_name',
  facilityType: 'ft.code',
  program: 'p.code',
};
export const VERSION_SORTABLE = { versionNumber: 'v.version_number' };

interface Row {
  id: string;
  version_number: number;
  last_updated: Date;
  max_periods_of_stock: number;
  min_periods_of_stock: number | null;
  emergency_order_point: number | null;
  active: boolean;
  facility_type_id: string;
  facility_type_code: string;
  facility_type_name: string;
  program_id: string;
  program_code: string;
  program_name: string;
  orderable_id: string;
  product_code: string;
  full_product_name: string;
  orderable_version_number: number;
}

/** Which versions a query reads: the latest of each approved product, or every version. */
type Versions = 'latest' | 'all';

interface Selection {
  versions: Versions;
  where: string[];
  params: unknown[];
}

const COLUMNS = `a.id, v.version_number, v.last_updated, v.max_periods_of_stock, v.min_periods_of_stock, v.emergency_order_point, v.active,
  ft.id AS facility_type_id, ft.code AS facility_type_code, ft.name AS facility_type_name,
  p.id AS program_id, p.code AS program_code, p.name AS program_name,
  o.id AS orderable_id, ov.product_code, ov.full_product_name, ov.version_number AS orderable_version_number`;

function fromClause(versions: Versions): string {
  const version = versions === 'latest' ? 'AND v.version_number = a.version_number' : '';
  return `FROM facility_type_approved_products a
    JOIN facility_type_approved_product_versions v ON v.approved_product_id = a.id ${version}
    JOIN facility_types ft ON ft.id = a.facility_type_id
    JOIN programs p ON p.id = a.program_id
    JOIN orderables o ON o.id = a.orderable_id
    JOIN orderable_versions ov ON ov.orderable_id = o.id AND ov.version_number = o.version_number`;
}

/** The latest versions matching the filter. */
export async function listViews(db: Repositories, filter: ApprovedProductFilter, paging: PageRequest): Promise<Page<ApprovedProductView>> {
  return pageOf(db, { versions: 'latest', ...conditionsOf(filter) }, paging);
}

/** Every version of one approved product. */
export async function versionViews(db: Repositories, id: string, paging: PageRequest): Promise<Page<ApprovedProductView>> {
  return pageOf(db, { versions: 'all', where: ['a.id = $1'], params: [id] }, paging);
}

/** One version, the latest when `versionNumber` is not given. */
export async function viewOf(db: Repositories, id: string, versionNumber?: number): Promise<ApprovedProductView | undefined> {
  const selection: Selection =
    versionNumber === undefined
      ? { versions: 'latest', where: ['a.id = $1'], params: [id] }
      : { versions: 'all', where: ['a.id = $1', 'v.version_number = $2'], params: [id, versionNumber] };
  const rows: Row[] = await sql(db).query(`SELECT ${COLUMNS} ${fromClause(selection.versions)} WHERE ${selection.where.join(' AND ')}`, selection.params);
  return rows[0] ? toView(rows[0]) : undefined;
}

async function pageOf(db: Repositories, selection: Selection, paging: PageRequest): Promise<Page<ApprovedProductView>> {
  const where = selection.where.length > 0 ? `WHERE ${selection.where.join(' AND ')}` : '';
  const from = `${fromClause(selection.versions)} ${where}`;
  const order = [...paging.sort.map(({ field, direction }) => `${field} ${direction}`), 'a.id', 'v.version_number'].join(', ');
  const params = [...selection.params, paging.size, paging.page * paging.size];
  const limit = `LIMIT $${params.length - 1} OFFSET $${params.length}`;
  const rows: Row[] = await sql(db).query(`SELECT ${COLUMNS} ${from} ORDER BY ${order} ${limit}`, params);
  const [{ total }]: Array<{ total: number }> = await sql(db).query(`SELECT count(*)::int AS total ${from}`, selection.params);
  return toPage(rows.map(toView), total, paging);
}

function conditionsOf(filter: ApprovedProductFilter): Omit<Selection, 'versions'> {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  if (filter.facilityTypes) {
    const ids = filter.facilityTypes.filter(isUuid);
    where.push(`(ft.code = ANY(${param(filter.facilityTypes)}::text[]) OR ft.id = ANY(${param(ids)}::uuid[]))`);
  }
  if (filter.program !== undefined) {
    where.push(isUuid(filter.program) ? `(p.code = ${param(filter.program)} OR p.id = ${param(filter.program)}::uuid)` : `p.code = ${param(filter.program)}`);
  }
  if (filter.orderableIds) where.push(`a.orderable_id = ANY(${param(filter.orderableIds)}::uuid[])`);
  if (filter.fullSupply !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM orderable_programs op
      WHERE op.orderable_id = o.id AND op.version_number = o.version_number AND op.program_id = a.program_id AND op.full_supply = ${param(filter.fullSupply)})`);
  }
  if (filter.active !== undefined) where.push(`v.active = ${param(filter.active)}`);
  return { where, params };
}

function sql(db: Repositories) {
  return db.getRepository(FacilityTypeApprovedProduct);
}

function toView(row: Row): ApprovedProductView {
  return {
    id: row.id,
    versionNumber: row.version_number,
    lastUpdated: row.last_updated.toISOString(),
    facilityType: { id: row.facility_type_id, code: row.facility_type_code, name: row.facility_type_name },
    program: { id: row.program_id, code: row.program_code, name: row.program_name },
    orderable: { id: row.orderable_id, productCode: row.product_code, fullProductName: row.full_product_name, versionNumber: row.orderable_version_number },
    maxPeriodsOfStock: row.max_periods_of_stock,
    minPeriodsOfStock: row.min_periods_of_stock,
    emergencyOrderPoint: row.emergency_order_point,
    active: row.active,
  };
}
