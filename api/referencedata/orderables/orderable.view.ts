/**
 * Reading orderable versions as the API shows them (OpenLMIS's orderable JSON): the version's
 * columns plus its programs (with their category's display name and order), kit contents,
 * dispensable and identifiers. Lists assemble a page of versions with one query per part.
 */
import type { Repositories } from '../shared/context.js';
import { formatMoney } from './money.js';
import type { OrderableContent } from './orderable.content.js';
import { OrderableVersion } from './orderable.entity.js';

export interface ProgramOrderableView {
  programId: string;
  orderableDisplayCategoryId: string;
  orderableCategoryDisplayName: string;
  orderableCategoryDisplayOrder: number;
  active: boolean;
  fullSupply: boolean;
  displayOrder: number;
  dosesPerPatient: number | null;
  pricePerPack: string | null;
}

export interface OrderableView {
  id: string;
  productCode: string;
  fullProductName: string;
  description: string | null;
  netContent: number;
  packRoundingThreshold: number;
  roundToZero: boolean;
  /** The unit by id and by its current code, with its name to display. */
  dispensable: { dispensingUnitId: string; dispensingUnit: string; displayName: string } | null;
  programs: ProgramOrderableView[];
  children: Array<{ orderableId: string; quantity: number }>;
  identifiers: { tradeItem?: string; commodityType?: string };
  extraData: Record<string, unknown>;
  versionNumber: number;
  lastUpdated: string;
}

interface ProgramRow {
  orderable_id: string;
  version_number: number;
  program_id: string;
  orderable_display_category_id: string;
  category_name: string;
  category_display_order: number;
  active: boolean;
  full_supply: boolean;
  display_order: number;
  doses_per_patient: number | null;
  price_per_pack: string | null;
}

interface ChildRow {
  orderable_id: string;
  version_number: number;
  child_id: string;
  quantity: number;
}

/** Rows of a version's parts, for every version in `versions` at once. */
const PARTS_OF = `(x.orderable_id, x.version_number) IN (SELECT * FROM unnest($1::uuid[], $2::integer[]))`;

export async function assembleViews(db: Repositories, versions: OrderableVersion[]): Promise<OrderableView[]> {
  if (versions.length === 0) return [];
  const sql = db.getRepository(OrderableVersion);
  const keys = [versions.map((v) => v.orderableId), versions.map((v) => v.versionNumber)];
  const programs: ProgramRow[] = await sql.query(
    `SELECT x.*, c.name AS category_name, c.display_order AS category_display_order
       FROM orderable_programs x JOIN orderable_display_categories c ON c.id = x.orderable_display_category_id
      WHERE ${PARTS_OF} ORDER BY x.program_id`,
    keys,
  );
  const children: ChildRow[] = await sql.query(`SELECT x.* FROM orderable_children x WHERE ${PARTS_OF} ORDER BY x.child_id`, keys);
  const unitIds = [...new Set(versions.map((v) => v.dispensingUnitId).filter((id): id is string => id !== null))];
  const units: Array<{ id: string; code: string; name: string }> = unitIds.length ? await sql.query('SELECT id, code, name FROM dispensing_units WHERE id = ANY($1::uuid[])', [unitIds]) : [];
  const unitById = new Map(units.map((unit) => [unit.id, unit]));
  const programsOf = groupByVersion(programs);
  const childrenOf = groupByVersion(children);
  return versions.map((version) => {
    const key = versionKey(version.orderableId, version.versionNumber);
    const unit = version.dispensingUnitId ? unitById.get(version.dispensingUnitId) : undefined;
    return {
      id: version.orderableId,
      productCode: version.productCode,
      fullProductName: version.fullProductName,
      description: version.description,
      netContent: version.netContent,
      packRoundingThreshold: version.packRoundingThreshold,
      roundToZero: version.roundToZero,
      dispensable: unit ? { dispensingUnitId: unit.id, dispensingUnit: unit.code, displayName: unit.name } : null,
      programs: (programsOf.get(key) ?? []).map(programView),
      children: (childrenOf.get(key) ?? []).map((row) => ({ orderableId: row.child_id, quantity: row.quantity })),
      identifiers: identifiersOf(version),
      extraData: version.extraData,
      versionNumber: version.versionNumber,
      lastUpdated: version.lastUpdated.toISOString(),
    };
  });
}

/** What a stored version says, in the shape a checked input takes (to tell whether an input changes anything). */
export function contentOf(view: OrderableView): OrderableContent {
  return {
    productCode: view.productCode,
    fullProductName: view.fullProductName,
    description: view.description,
    netContent: view.netContent,
    packRoundingThreshold: view.packRoundingThreshold,
    roundToZero: view.roundToZero,
    dispensingUnitId: view.dispensable?.dispensingUnitId ?? null,
    tradeItemId: view.identifiers.tradeItem ?? null,
    commodityTypeId: view.identifiers.commodityType ?? null,
    extraData: view.extraData,
    programs: view.programs.map(({ orderableCategoryDisplayName: _name, orderableCategoryDisplayOrder: _order, ...program }) => program),
    children: view.children.map(({ orderableId, quantity }) => ({ childId: orderableId, quantity })),
  };
}

function programView(row: ProgramRow): ProgramOrderableView {
  return {
    programId: row.program_id,
    orderableDisplayCategoryId: row.orderable_display_category_id,
    orderableCategoryDisplayName: row.category_name,
    orderableCategoryDisplayOrder: row.category_display_order,
    active: row.active,
    fullSupply: row.full_supply,
    displayOrder: row.display_order,
    dosesPerPatient: row.doses_per_patient,
    pricePerPack: row.price_per_pack === null ? null : formatMoney(row.price_per_pack),
  };
}

function identifiersOf(version: OrderableVersion): OrderableView['identifiers'] {
  const identifiers: OrderableView['identifiers'] = {};
  if (version.tradeItemId) identifiers.tradeItem = version.tradeItemId;
  if (version.commodityTypeId) identifiers.commodityType = version.commodityTypeId;
  return identifiers;
}

function versionKey(orderableId: string, versionNumber: number): string {
  return `${orderableId}/${versionNumber}`;
}

function groupByVersion<R extends { orderable_id: string; version_number: number }>(rows: R[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const key = versionKey(row.orderable_id, row.version_number);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return groups;
}
